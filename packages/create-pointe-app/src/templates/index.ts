/** The templates, by name, in the order the prompt lists them. */
import { basicFile } from './basic-file.js';
import { client } from './client.js';
import { jwt } from './jwt.js';
import { ldap } from './ldap.js';
import { oauth2 } from './oauth2.js';
import type { Template } from './template.js';

export const TEMPLATES: readonly Template[] = [basicFile, jwt, oauth2, ldap, client];

export function findTemplate(name: string): Template | undefined {
  return TEMPLATES.find((template) => template.name === name);
}

export type { ProjectFiles, Template, TemplateContext } from './template.js';
