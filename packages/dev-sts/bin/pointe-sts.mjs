#!/usr/bin/env node
// The development STS (see ../src/cli.ts for the environment it reads). Ctrl-C stops it.
import { runStsCommand } from '../dist/cli.js';

const sts = await runStsCommand();
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    void sts.stop().then(() => process.exit(0));
  });
}
