/** Standard streams for running a command in a test: stdin fed by the test, stdout/stderr collected. */
import { PassThrough } from 'node:stream';
import type { CliIO } from '../src/io.js';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `command` with `input` on stdin (ended), in `cwd`, stdout a terminal when `tty`. */
export async function runCommand(
  command: (args: readonly string[], io: CliIO) => Promise<number>,
  args: readonly string[],
  options: { input?: string; cwd?: string; tty?: boolean; env?: Record<string, string | undefined> } = {},
): Promise<RunResult> {
  const out = { stdout: '', stderr: '' };
  const collect = (name: 'stdout' | 'stderr') => {
    const stream = new PassThrough();
    stream.on('data', (chunk: Buffer) => (out[name] += chunk.toString('utf8')));
    return stream;
  };
  const stdin = new PassThrough();
  stdin.end(options.input ?? '');
  const stdout = Object.assign(collect('stdout'), options.tty === true ? { isTTY: true } : {});
  const code = await command(args, { stdin, stdout, stderr: collect('stderr'), cwd: options.cwd, env: options.env ?? {} });
  return { code, ...out };
}
