/**
 * Reads a password without it ever reaching a screen, a shell history or an argument list
 * (where `ps` would show it): from a pipe, the first line; from a terminal, typed with echo off.
 */
import type { CliInput } from './io.js';

/** Thrown when the user presses Ctrl-C at a password prompt. */
export class PromptCancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'PromptCancelled';
  }
}

/**
 * The first line of `input` (without its `\n` or `\r\n`), or all of it when there is no newline.
 * Stops reading at the first newline: the rest of the input is left alone.
 */
export async function readFirstLine(input: CliInput): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of input) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk);
    const newline = bytes.indexOf(0x0a);
    if (newline >= 0) {
      chunks.push(bytes.subarray(0, newline));
      break;
    }
    chunks.push(bytes);
  }
  // Splitting bytes at 0x0A is safe: in UTF-8 that byte only ever encodes "\n".
  return Buffer.concat(chunks).toString('utf8').replace(/\r$/, '');
}

/**
 * Reads one line per prompt from a terminal in raw mode (so nothing is echoed), writing each
 * prompt to `output` (stderr, so a redirected stdout holds only the result). Backspace erases,
 * Ctrl-U clears the line, Enter ends it, Ctrl-D on an empty line ends it empty, Ctrl-C rejects
 * with `PromptCancelled`. The terminal mode is restored whatever happens.
 */
export function readHiddenLines(input: CliInput, output: NodeJS.WritableStream, prompts: readonly string[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const lines: string[] = [];
    let current = '';
    const finish = (error?: Error): void => {
      input.removeListener('data', onData);
      input.removeListener('end', onEnd);
      input.setRawMode?.(false);
      input.pause();
      if (error) reject(error);
      else resolve(lines);
    };
    const endLine = (): boolean => {
      output.write('\n');
      lines.push(current);
      current = '';
      const next = prompts[lines.length];
      if (next === undefined) return true;
      output.write(next);
      return false;
    };
    const onData = (chunk: string | Buffer): void => {
      for (const char of typeof chunk === 'string' ? chunk : chunk.toString('utf8')) {
        if (char === '\u0003') return finish(new PromptCancelled());
        if (char === '\r' || char === '\n' || (char === '\u0004' && current === '')) {
          if (endLine()) return finish();
        } else if (char === '\u007f' || char === '\b') {
          current = Array.from(current).slice(0, -1).join('');
        } else if (char === '\u0015') {
          current = '';
        } else if (char >= ' ' && char !== '\u007f') {
          current += char;
        }
      }
    };
    // Input closed mid-prompt: end the open line and answer the remaining prompts with nothing.
    const onEnd = (): void => {
      while (!endLine());
      finish();
    };
    output.write(prompts[0] ?? '');
    input.setRawMode?.(true);
    input.on('data', onData);
    input.once('end', onEnd);
    input.resume();
  });
}
