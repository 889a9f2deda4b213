// The soak run's server: a Pointe listener on 127.0.0.1 whose auth depends on the backends the
// soak script stops and restarts. Started by soak.mjs with an IPC channel: prints
// `{"port":N}` once listening and sends a heap sample ({ heapUsed, rss }) every 500 ms.
// The auth config comes from POINTE_SOAK_AUTH (JSON: one element per fault's backend), so a
// new backend (slapd, an introspection AS, a token endpoint) needs no change here.
import { Get, Listener, ServiceConfig } from '@pointe/http';

const auth = JSON.parse(process.env.POINTE_SOAK_AUTH ?? '[]');

class Soak {
  bar() {
    return 'ok';
  }
}
Get('bar')(Soak.prototype, 'bar', Object.getOwnPropertyDescriptor(Soak.prototype, 'bar'));
ServiceConfig({ auth })(Soak);

process.emitWarning = () => undefined; // the plain-HTTP warning is expected here
// authMemo off: every request reaches the mechanisms, as behind a reverse proxy.
const listener = new Listener(0, { host: '127.0.0.1', authMemo: false });
listener.attach(new Soak(), '/soak');
await listener.start();
console.log(JSON.stringify({ port: listener.port }));
setInterval(() => {
  const { heapUsed, rss } = process.memoryUsage();
  process.send?.({ heapUsed, rss, at: Date.now() });
}, 500).unref();
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => listener.immediateStop().then(() => process.exit(0)));
