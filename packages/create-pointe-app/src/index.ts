/**
 * `create-pointe-app`: scaffolds a Pointe service (`npm create pointe-app@latest my-svc`).
 * The functions behind the command, for tests and embedding.
 */
export { runCreate, USAGE, type CreateIO } from './run.js';
export { scaffold, packageNameFor, ScaffoldError, type ScaffoldOptions } from './scaffold.js';
export { TEMPLATES, findTemplate, type ProjectFiles, type Template, type TemplateContext } from './templates/index.js';
export { DECORATOR_CONVENTION, tsconfig, tarballSource, type PointeSource } from './project-settings.js';
