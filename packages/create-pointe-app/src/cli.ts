#!/usr/bin/env node
/** The `create-pointe-app` executable. */
import { runCreate } from './run.js';

process.exitCode = await runCreate(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  interactive: process.stdin.isTTY === true && process.stdout.isTTY === true,
  cwd: process.cwd(),
});
