import { PassThrough } from 'node:stream';
import { verifyPassword } from '@pointe/auth';
import { describe, expect, it, vi } from 'vitest';
import { hashPasswordCommand } from './hash-password.js';
import type { CliInput } from './io.js';

/** Fake standard streams: stdin fed by the test, stdout and stderr collected as text. */
function fakeIO(options: { tty?: boolean } = {}) {
  const stdin = new PassThrough() as PassThrough & CliInput;
  const setRawMode = vi.fn();
  if (options.tty) Object.assign(stdin, { isTTY: true, setRawMode });
  const collect = () => {
    const stream = new PassThrough();
    let text = '';
    stream.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    return { stream, text: () => text };
  };
  const stdout = collect();
  const stderr = collect();
  return { io: { stdin, stdout: stdout.stream, stderr: stderr.stream }, stdin, setRawMode, stdout: stdout.text, stderr: stderr.text };
}

/** Runs the command with `input` piped in. */
async function piped(input: string, args: string[] = []) {
  const fake = fakeIO();
  fake.stdin.end(input);
  const code = await hashPasswordCommand(args, fake.io);
  return { code, stdout: fake.stdout(), stderr: fake.stderr() };
}

describe('pointe hash-password, password piped in', () => {
  it('prints an argon2id hash of the first line and a newline', async () => {
    const { code, stdout, stderr } = await piped('s3cret: pw\nsecond line\n');
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$\S+\n$/);
    expect(await verifyPassword(stdout.trimEnd(), 's3cret: pw')).toBe(true);
  });

  it('takes a last line without newline, and strips a CR', async () => {
    expect(await verifyPassword((await piped('pw')).stdout.trimEnd(), 'pw')).toBe(true);
    expect(await verifyPassword((await piped('pw\r\n')).stdout.trimEnd(), 'pw')).toBe(true);
  });

  it.each([
    [['--algorithm', 'bcrypt'], /^\$2b\$10\$/],
    [['--algorithm=scrypt'], /^\$scrypt\$ln=15,r=8,p=1\$/],
    [['-a', 'argon2id'], /^\$argon2id\$/],
  ])('honours %j', async (args, format) => {
    const { code, stdout } = await piped('pw\n', args);
    expect(code).toBe(0);
    expect(stdout).toMatch(format);
    expect(await verifyPassword(stdout.trimEnd(), 'pw')).toBe(true);
  });

  it.each([['an empty line', '\nmore\n'], ['no input at all', '']])('fails with exit 1 on %s', async (_name, input) => {
    const { code, stdout, stderr } = await piped(input);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe('pointe hash-password: the password is empty\n');
  });

  it('fails with exit 1, without echoing it, for a password bcrypt would truncate', async () => {
    const long = 'x'.repeat(73);
    const { code, stdout, stderr } = await piped(`${long}\n`, ['--algorithm', 'bcrypt']);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('POINTE_ERR_PASSWORD_HASH');
    expect(stderr).not.toContain(long);
  });

  it.each([
    [['--algorithm', 'md5'], "unknown algorithm 'md5'"],
    [['--algorithm'], "Option '-a, --algorithm <value>' argument missing"],
    [['--cost', '12'], "Unknown option '--cost'"],
    [['secret'], 'Unexpected argument'],
  ])('refuses %j with usage and exit 2', async (args, message) => {
    const { code, stdout, stderr } = await piped('pw\n', args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(message);
    expect(stderr).toContain('Usage: pointe hash-password');
  });

  it('prints its usage for --help', async () => {
    const { code, stdout } = await piped('', ['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: pointe hash-password [--algorithm argon2id|bcrypt|scrypt]');
  });
});

describe('pointe hash-password at a terminal', () => {
  /** Starts the command on a fake terminal and types `keys`, chunk by chunk. */
  async function typed(keys: string[], args: string[] = []) {
    const fake = fakeIO({ tty: true });
    const running = hashPasswordCommand(args, fake.io);
    for (const key of keys) fake.stdin.write(key);
    const code = await running;
    return { code, stdout: fake.stdout(), stderr: fake.stderr(), setRawMode: fake.setRawMode };
  }

  it('asks twice on stderr with echo off and prints the hash', async () => {
    const { code, stdout, stderr, setRawMode } = await typed(['hunter2\r', 'hunter2\r']);
    expect(code).toBe(0);
    expect(stderr).toBe('Password: \nRepeat password: \n');
    expect(await verifyPassword(stdout.trimEnd(), 'hunter2')).toBe(true);
    expect(setRawMode.mock.calls).toEqual([[true], [false]]);
  });

  it('handles both answers arriving in one chunk, backspace and Ctrl-U', async () => {
    const { code, stdout } = await typed(['hunX\u007fter2\rjunk\u0015hunter2\n']);
    expect(code).toBe(0);
    expect(await verifyPassword(stdout.trimEnd(), 'hunter2')).toBe(true);
  });

  it('fails with exit 1 when the two differ', async () => {
    const { code, stdout, stderr } = await typed(['hunter2\r', 'hunter3\r']);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('the passwords do not match');
    expect(stderr).not.toContain('hunter');
  });

  it('fails with exit 1 for an empty password', async () => {
    const { code, stderr } = await typed(['\r', '\r']);
    expect(code).toBe(1);
    expect(stderr).toContain('the password is empty');
  });

  it('stops with exit 130 on Ctrl-C and restores the terminal', async () => {
    const { code, stdout, setRawMode } = await typed(['hun\u0003']);
    expect(code).toBe(130);
    expect(stdout).toBe('');
    expect(setRawMode.mock.calls).toEqual([[true], [false]]);
  });
});

describe('pointe hash-password at a terminal that closes', () => {
  it('treats end of input as empty answers', async () => {
    const fake = fakeIO({ tty: true });
    const running = hashPasswordCommand([], fake.io);
    fake.stdin.end('hunter2\r');
    expect(await running).toBe(1);
    expect(fake.stderr()).toContain('the passwords do not match');
  });
});
