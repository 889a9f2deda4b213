/**
 * Writing a project: the template's files into a new (or empty) directory, private keys 0600.
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { tarballSource } from './project-settings.js';
import { findTemplate, TEMPLATES } from './templates/index.js';

/** What to generate, and where. */
export interface ScaffoldOptions {
  /** The directory to create (or an empty one); its last segment names the package. */
  directory: string;
  /** A template name: basic-file, jwt, oauth2, ldap or client. */
  template: string;
  /** A directory of `.tgz` tarballs of the Pointe packages, to depend on instead of the registry. */
  pointeFrom?: string;
}

/** Why a project cannot be generated: a user mistake, reported without a stack. */
export class ScaffoldError extends Error {}

/** A valid npm package name from a directory name. */
export function packageNameFor(directory: string): string {
  return basename(resolve(directory)).toLowerCase().replace(/[^a-z0-9._~-]+/g, '-').replace(/^[._-]+/, '') || 'pointe-service';
}

/** Generates the project and returns the files written (relative paths). */
export async function scaffold(options: ScaffoldOptions): Promise<string[]> {
  const template = findTemplate(options.template);
  if (template === undefined) {
    throw new ScaffoldError(`unknown template '${options.template}'; choose one of ${TEMPLATES.map((t) => t.name).join(', ')}`);
  }
  const root = resolve(options.directory);
  if (existsSync(root) && readdirSync(root).length > 0) {
    throw new ScaffoldError(`${options.directory} exists and is not empty; choose a new directory`);
  }
  let source;
  try {
    source = options.pointeFrom === undefined ? undefined : tarballSource(options.pointeFrom);
  } catch (error) {
    throw new ScaffoldError(error instanceof Error ? error.message : String(error));
  }
  const files = await template.files({ name: packageNameFor(root), source });
  for (const [path, contents] of Object.entries(files)) {
    const target = join(root, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, contents, path.endsWith('.key') ? { mode: 0o600 } : {});
  }
  return Object.keys(files).sort();
}
