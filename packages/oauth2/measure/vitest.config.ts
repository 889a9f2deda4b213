import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import base from '../../../vitest.config.js';

// The suite's config with only the measurements included.
export default defineConfig({
  ...base,
  root: fileURLToPath(new URL('../../..', import.meta.url)),
  test: { ...base.test, include: ['packages/oauth2/measure/*.test.ts'] },
});
