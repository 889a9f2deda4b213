#!/usr/bin/env node
/**
 * The `pointe` executable: runs the command line on the process's own streams.
 */
import { runCli } from './run.js';

process.exitCode = await runCli(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
