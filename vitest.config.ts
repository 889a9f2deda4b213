import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const pkg = (name: string) => fileURLToPath(new URL(`./packages/${name}/src/index.ts`, import.meta.url));

export default defineConfig({
  // Legacy (experimentalDecorators) decorators with emitted metadata, as the packages build with tsc.
  oxc: { decorator: { legacy: true, emitDecoratorMetadata: true } },
  resolve: {
    // Tests run against the sources, so a test never sees a stale dist/.
    alias: {
      '@pointe/common': pkg('common'),
      '@pointe/crypto': pkg('crypto'),
      '@pointe/config': pkg('config'),
      '@pointe/auth': pkg('auth'),
      '@pointe/http': pkg('http'),
      '@pointe/jwt': pkg('jwt'),
      '@pointe/oauth2': pkg('oauth2'),
      '@pointe/dev-sts': pkg('dev-sts'),
      '@pointe/slapd': pkg('slapd'),
      'create-pointe-app': pkg('create-pointe-app'),
    },
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'examples/*/**/*.test.ts'],
    globalSetup: ['./test-support/global-setup.ts'],
    reporters: ['default', './test-support/summary-reporter.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
