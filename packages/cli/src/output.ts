/**
 * Status lines for commands that report checks (`pointe doctor`): a mark, a label and a
 * detail per line. Colour and a transient "checking…" line only when stdout is a terminal and
 * `NO_COLOR` (https://no-color.org) is unset; otherwise plain words (PASS/FAIL/WARN/SKIP) a log
 * file or CI can grep.
 */
import type { CliIO } from './io.js';

/** The verdict of one check. */
export type CheckStatus = 'pass' | 'fail' | 'warn' | 'skip';

const PLAIN: Record<CheckStatus, string> = { pass: 'PASS', fail: 'FAIL', warn: 'WARN', skip: 'SKIP' };
const MARK: Record<CheckStatus, string> = { pass: '✔', fail: '✖', warn: '!', skip: '-' };
const COLOUR: Record<CheckStatus, number> = { pass: 32, fail: 31, warn: 33, skip: 90 };

/** Writes status lines to `io.stdout`. */
export interface StatusWriter {
  /** Whether lines are coloured (stdout is a terminal and `NO_COLOR` is unset). */
  readonly fancy: boolean;
  /** Shows "label …" until the next `line()`, on a terminal only. */
  progress(label: string): void;
  /** One verdict line; `hint` (how to fix it) goes on an indented second line. */
  line(status: CheckStatus, label: string, detail: string, hint?: string): void;
  /** A line of plain text. */
  note(text: string): void;
}

export function statusWriter(io: CliIO): StatusWriter {
  const env = io.env ?? process.env;
  const tty = io.stdout.isTTY === true;
  const fancy = tty && (env['NO_COLOR'] ?? '') === '' && env['TERM'] !== 'dumb';
  let pending = false;
  const clear = () => {
    if (pending) io.stdout.write('\r\x1b[2K');
    pending = false;
  };
  const paint = (code: number, text: string) => (fancy ? `\x1b[${code}m${text}\x1b[0m` : text);
  return {
    fancy,
    progress(label) {
      if (!tty) return;
      clear();
      io.stdout.write(`${paint(90, '…')} ${label}`);
      pending = true;
    },
    line(status, label, detail, hint) {
      clear();
      const mark = fancy ? paint(COLOUR[status], MARK[status]) : PLAIN[status];
      io.stdout.write(`${mark} ${fancy ? `\x1b[1m${label}\x1b[0m` : label}: ${detail}\n`);
      if (hint !== undefined) io.stdout.write(`${fancy ? '  ' : '     '}${paint(90, `fix: ${hint}`)}\n`);
    },
    note(text) {
      clear();
      io.stdout.write(`${text}\n`);
    },
  };
}
