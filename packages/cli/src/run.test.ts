import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runCli } from './run.js';

async function run(argv: string[]) {
  const out = { stdout: '', stderr: '' };
  const stream = (name: 'stdout' | 'stderr') => {
    const s = new PassThrough();
    s.on('data', (chunk: Buffer) => (out[name] += chunk.toString('utf8')));
    return s;
  };
  const stdin = new PassThrough();
  stdin.end('pw\n');
  const code = await runCli(argv, { stdin, stdout: stream('stdout'), stderr: stream('stderr') });
  return { code, ...out };
}

describe('pointe', () => {
  it.each([['--help'], ['-h'], ['help']])('prints the usage on stdout for %s, exit 0', async (flag) => {
    const { code, stdout, stderr } = await run([flag]);
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: pointe <command>');
    for (const command of ['hash-password', 'cert', 'token', 'doctor']) expect(stdout).toContain(`\n  ${command} `);
    expect(stderr).toBe('');
  });

  it('prints the usage on stderr for an unknown command, exit 2', async () => {
    const { code, stdout, stderr } = await run(['hash']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^pointe: unknown command 'hash'\n\nUsage: pointe <command>/);
  });

  it('prints the usage on stderr without a command, exit 2', async () => {
    const { code, stderr } = await run([]);
    expect(code).toBe(2);
    expect(stderr).toContain('Usage: pointe <command>');
  });

  it.each([['cert', 'Usage: pointe cert'], ['token', 'Usage: pointe token'], ['doctor', 'Usage: pointe doctor']])('runs %s', async (command, usage) => {
    const { code, stdout } = await run([command, '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain(usage);
  });

  it('runs hash-password', async () => {
    const { code, stdout } = await run(['hash-password', '--algorithm', 'scrypt']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^\$scrypt\$/);
  });
});
