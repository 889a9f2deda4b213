/**
 * Option parsing shared by the commands: `node:util` `parseArgs` in strict mode, its errors
 * turned into the one-line reason a usage message starts with.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { type CliIO, ExitCode } from './io.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** What `parseArgs` returns for these options, strict, positionals allowed or not. */
export type ParsedArgs<O extends Options> = ReturnType<typeof parseArgs<{ options: O; strict: true; allowPositionals: boolean }>>;

/** The parsed values and positionals, or the reason they are wrong. */
export function parseCommandArgs<O extends Options>(args: readonly string[], options: O, allowPositionals = false): ParsedArgs<O> | string {
  try {
    return parseArgs({ args: [...args], options, strict: true as const, allowPositionals });
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** Prints `pointe <command>: <reason>` and the usage to stderr; returns the usage exit code. */
export function usageError(io: CliIO, command: string, reason: string, usage: string): number {
  io.stderr.write(`pointe ${command}: ${reason}\n\n${usage}`);
  return ExitCode.USAGE;
}

/** A whole number from an option, within bounds, or the reason it is not. */
export function wholeNumber(value: string | undefined, name: string, fallback: number, min: number, max: number): number | string {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) return `--${name} must be a whole number from ${min} to ${max}, not '${value}'`;
  return n;
}
