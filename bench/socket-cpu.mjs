// `node bench/socket-cpu.mjs` after `pnpm build`: CPU µs per request on a real keep-alive socket (client and
// server in one process, so only the differences between rows mean anything), for a valid
// uncached RS256 token, the same token with a bad signature, and a malformed one. A few seconds.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sign } from 'node:crypto';
import { request, Agent } from 'node:http';
const { Get, Listener, ServiceConfig } = await import(new URL('../packages/http/dist/index.js', import.meta.url).href);
const dir = mkdtempSync(join(tmpdir(), 'pointe-srv-'));
execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'k'), '-out', join(dir, 'c'), '-days', '1', '-subj', '/CN=x'], { stdio: 'ignore' });
const b64 = (v) => Buffer.from(JSON.stringify(v)).toString('base64url');
const now = Math.floor(Date.now() / 1000);
const input = `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64({ sub: 'wso2', iss: 'wso2', aud: 'ballerina', exp: now + 3600, scp: 'hello' })}`;
const token = `${input}.${sign('sha256', Buffer.from(input), readFileSync(join(dir, 'k'))).toString('base64url')}`;
const at = token.lastIndexOf('.') + 20;
const bad = token.slice(0, at) + (token[at] === 'A' ? 'B' : 'A') + token.slice(at + 1);
class Foo { bar() { return 'hi'; } }
Get('bar')(Foo.prototype, 'bar', Object.getOwnPropertyDescriptor(Foo.prototype, 'bar'));
ServiceConfig({ auth: [{ jwtValidatorConfig: { issuer: 'wso2', audience: 'ballerina', scopeKey: 'scp', signatureConfig: { certFile: join(dir, 'c') } }, scopes: ['hello'] }] })(Foo);
const listener = new Listener(0, { host: '127.0.0.1' });
listener.attach(new Foo(), '/foo');
await listener.start();
const agent = new Agent({ keepAlive: true, maxSockets: 1 });
const get = (auth) => new Promise((resolve, reject) => {
  const req = request({ host: '127.0.0.1', port: listener.port, path: '/foo/bar', agent, headers: { authorization: auth } }, (res) => { res.resume(); res.on('end', () => resolve(res.statusCode)); });
  req.on('error', reject); req.end();
});
const run = async (auth, n) => { const c0 = process.cpuUsage(); let s; for (let i = 0; i < n; i++) s = await get(auth); const c = process.cpuUsage(c0); return [(c.user + c.system) / n, s]; };
await run(`Bearer ${token}`, 200); await run(`Bearer ${bad}`, 200);
const rows = { valid: [], bad: [], none: [] };
for (let r = 0; r < 5; r++) {
  rows.valid.push((await run(`Bearer ${token}`, 300))[0]);
  rows.bad.push((await run(`Bearer ${bad}`, 300))[0]);
  rows.none.push((await run('Bearer x', 300))[0]);
}
const med = (a) => a.sort((x, y) => x - y)[a.length >> 1].toFixed(1);
console.log('CPU µs/request (server + client, same process): valid uncached', med(rows.valid), 'bad signature', med(rows.bad), 'malformed (no crypto)', med(rows.none), 'statuses', (await get(`Bearer ${token}`)), (await get(`Bearer ${bad}`)));
await listener.gracefulStop?.() ?? listener.immediateStop?.();
agent.destroy(); process.exit(0);
