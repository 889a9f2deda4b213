/**
 * What a template is: a name, a one-line description for the prompt, and the files it writes
 * for a project. Files are text (paths relative to the project root); certificates and
 * password hashes are made at generation time, so each project has its own.
 */
import type { PointeSource } from '../project-settings.js';

/** What a template gets to build its files from. */
export interface TemplateContext {
  /** The project (and package) name, e.g. `my-svc`. */
  name: string;
  /** Where `@pointe/*` come from; `undefined` for the registry. */
  source: PointeSource | undefined;
}

/** The files of a project: relative path → contents (a `Buffer` for binary files). */
export type ProjectFiles = Record<string, string | Buffer>;

export interface Template {
  /** The `--template` name. */
  name: string;
  /** One line for the prompt and `--help`. */
  description: string;
  files(context: TemplateContext): Promise<ProjectFiles>;
}
