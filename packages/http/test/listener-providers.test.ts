/** One provider per distinct config, built at attach(), shared by every resource that uses it. */
import { describe, expect, it } from 'vitest';
import { Get, Listener, ResourceConfig, ServiceConfig, registerAuthMechanism, type ListenerAuthConfig } from '@pointe/http';
import { tlsConfig } from './support.js';

const created: unknown[] = [];
registerAuthMechanism({
  key: 'countingConfig',
  scheme: 'bearer',
  validate: (c) => c,
  create: (config) => {
    created.push(config);
    return { scheme: 'bearer', authenticate: async () => undefined };
  },
});
const el = (config: object) => ({ countingConfig: config }) as unknown as ListenerAuthConfig;

describe('providers', () => {
  it('are built once per distinct config, whatever the key order, at attach()', () => {
    @ServiceConfig({ auth: [el({ a: 1, b: 2 })] })
    class S {
      @Get('one')
      one() {
        return 1;
      }

      @ResourceConfig({ auth: [el({ b: 2, a: 1 })] })
      @Get('two')
      two() {
        return 2;
      }

      @ResourceConfig({ auth: { scopes: 'x' } })
      @Get('three')
      three() {
        return 3;
      }

      @ResourceConfig({ auth: [el({ a: 2 })] })
      @Get('four')
      four() {
        return 4;
      }
    }
    const listener = new Listener(0, tlsConfig());
    listener.attach(new S(), '/s');
    expect(created).toEqual([{ a: 1, b: 2 }, { a: 2 }]);
  });
});
