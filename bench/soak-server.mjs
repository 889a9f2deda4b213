// The soak run's server: a Pointe listener on 127.0.0.1 whose auth depends on the backends the
// soak script stops and restarts. Started by soak.mjs with an IPC channel: prints
// `{"port":N}` once listening and sends a heap sample ({ heapUsed, rss }) every 500 ms.
// The auth config comes from POINTE_SOAK_AUTH (JSON: one element per fault's backend), so a
// new backend (slapd, an introspection AS, a token endpoint) needs no change here.
import { Client, ClientAuthError, Get, HttpError, Listener, ServiceConfig } from '@pointe/http';

const auth = JSON.parse(process.env.POINTE_SOAK_AUTH ?? '[]');

class Soak {
  bar() {
    return 'ok';
  }
}
Get('bar')(Soak.prototype, 'bar', Object.getOwnPropertyDescriptor(Soak.prototype, 'bar'));
ServiceConfig({ auth })(Soak);

/**
 * POINTE_SOAK_CLIENTS (JSON: [{ name, upstream, auth }]): a public route `/client/<name>` per entry
 * that calls `upstream` with a Pointe Client holding `auth` (an OAuth2 grant) and answers its
 * status; a `ClientAuthError` (no token: the token endpoint is down) becomes 424, so the soak
 * counts it apart from the listener's own 5xx.
 */
const clients = JSON.parse(process.env.POINTE_SOAK_CLIENTS ?? '[]').map((c) => ({ ...c, client: new Client(c.upstream, { auth: c.auth, timeout: 2 }) }));
class ClientRoutes {}
for (const c of clients) {
  ClientRoutes.prototype[c.name] = async function call() {
    try {
      const res = await c.client.get('/');
      if (res.statusCode !== 200) throw new HttpError(res.statusCode);
      return 'ok';
    } catch (err) {
      if (err instanceof ClientAuthError) throw new HttpError(424, 'no token from the token endpoint');
      throw err;
    }
  };
  Get(c.name)(ClientRoutes.prototype, c.name, Object.getOwnPropertyDescriptor(ClientRoutes.prototype, c.name));
}

process.emitWarning = () => undefined; // the plain-HTTP warning is expected here
// authMemo off: every request reaches the mechanisms, as behind a reverse proxy.
const listener = new Listener(0, { host: '127.0.0.1', authMemo: false });
listener.attach(new Soak(), '/soak');
if (clients.length > 0) listener.attach(new ClientRoutes(), '/client');
await listener.start();
console.log(JSON.stringify({ port: listener.port }));
// Live heap: a full collection first (soak.mjs starts this process with --expose-gc), so a sample
// is what is still referenced, not the garbage a lazy major GC has not yet reclaimed.
setInterval(() => {
  globalThis.gc?.();
  const { heapUsed, rss } = process.memoryUsage();
  process.send?.({ heapUsed, rss, at: Date.now() });
}, 500).unref();
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => Promise.all([listener.immediateStop(), ...clients.map((c) => c.client.close())]).then(() => process.exit(0)));
