/**
 * The command line of `create-pointe-app [directory] [--template <name>] [--yes] [--pointe-from <dir>]`:
 * interactive at a terminal (@clack/prompts asks what was not given), non-interactive with
 * `--yes` or when stdin is not a terminal (then the directory and template must be given, or
 * default with `--yes` to `pointe-service` and `basic-file`).
 */
import { relative } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import * as prompts from '@clack/prompts';
import { packageNameFor, scaffold, ScaffoldError } from './scaffold.js';
import { TEMPLATES } from './templates/index.js';

export const USAGE = `Usage: create-pointe-app [directory] [--template <name>] [--yes] [--pointe-from <dir>]

  npm create pointe-app@latest my-svc
  pnpm create pointe-app my-svc --template jwt

Templates:
${TEMPLATES.map((t) => `  ${t.name.padEnd(11)} ${t.description}`).join('\n')}

Options:
  -t, --template <name>     the template (asked at a terminal; default with --yes: basic-file)
  -y, --yes                 ask nothing: defaults for what is not given
      --pointe-from <dir>   depend on the Pointe .tgz tarballs in <dir> (file:) instead of the registry
  -h, --help                show this help
`;

/** The process's streams and whether it can ask. */
export interface CreateIO {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Whether stdin and stdout are a terminal (prompts possible). */
  interactive: boolean;
  cwd: string;
  /** The prompts' streams; default the process's stdin and stdout. */
  promptInput?: Readable;
  promptOutput?: Writable;
}

/** Runs the scaffolder; returns the exit code (0 done, 1 cannot generate, 2 usage, 130 cancelled). */
export async function runCreate(argv: readonly string[], io: CreateIO): Promise<number> {
  let values: { template?: string; yes?: boolean; 'pointe-from'?: string; help?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: [...argv],
      options: {
        template: { type: 'string', short: 't' },
        yes: { type: 'boolean', short: 'y' },
        'pointe-from': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
      strict: true,
    }));
  } catch (error) {
    io.stderr.write(`create-pointe-app: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  if (values.help === true) {
    io.stdout.write(USAGE);
    return 0;
  }
  if (positionals.length > 1) {
    io.stderr.write(`create-pointe-app: one directory, not ${positionals.length}\n\n${USAGE}`);
    return 2;
  }
  const ask = io.interactive && values.yes !== true;
  let directory = positionals[0];
  let template = values.template;

  const streams = {
    ...(io.promptInput === undefined ? {} : { input: io.promptInput }),
    ...(io.promptOutput === undefined ? {} : { output: io.promptOutput }),
  };
  if (ask) {
    prompts.intro('create-pointe-app', streams);
    if (directory === undefined) {
      const answer = await prompts.text({
        ...streams,
        message: 'Where should the project go?',
        placeholder: 'my-svc',
        defaultValue: 'my-svc',
        validate: (value) => (value !== undefined && /[\s]/.test(value) ? 'no spaces, please' : undefined),
      });
      if (prompts.isCancel(answer)) return cancelled();
      directory = answer;
    }
    if (template === undefined) {
      const answer = await prompts.select({
        ...streams,
        message: 'Which template?',
        options: TEMPLATES.map((t) => ({ value: t.name, label: t.name, hint: t.description })),
      });
      if (prompts.isCancel(answer)) return cancelled();
      template = answer;
    }
  } else {
    if (values.yes !== true && (directory === undefined || template === undefined)) {
      io.stderr.write(`create-pointe-app: not a terminal: give the directory and --template, or --yes for the defaults\n\n${USAGE}`);
      return 2;
    }
    directory ??= 'pointe-service';
    template ??= 'basic-file';
  }

  const spinner = ask ? prompts.spinner(streams) : undefined;
  spinner?.start('Generating (certificates, password hashes)');
  let written: string[];
  try {
    written = await scaffold({ directory, template, ...(values['pointe-from'] === undefined ? {} : { pointeFrom: values['pointe-from'] }) });
  } catch (error) {
    spinner?.stop('Not generated');
    if (!(error instanceof ScaffoldError)) throw error;
    io.stderr.write(`create-pointe-app: ${error.message}\n`);
    return 1;
  }
  spinner?.stop(`Wrote ${written.length} files`);
  const where = relative(io.cwd, directory) || '.';
  const next = `cd ${where}\nnpm install\nnpm test\nnpm start`;
  if (ask) prompts.outro(`${packageNameFor(directory)} (${template}) is ready:\n\n${next}`, streams);
  else io.stdout.write(`created ${where} from the ${template} template (${written.length} files). Next:\n\n${next.replace(/^/gm, '  ')}\n`);
  return 0;

  function cancelled(): number {
    prompts.cancel('Cancelled.', streams);
    return 130;
  }
}
