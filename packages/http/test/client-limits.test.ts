/** The client never reads an unbounded response body into memory. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, ClientError } from '@pointe/http';

let server: Server;
let url: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    const size = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('size'));
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    res.end(Buffer.alloc(size, 0x61));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('maxResponseSize', () => {
  it('rejects a body over the limit with a ClientError that names the setting', async () => {
    const client = new Client(url, { maxResponseSize: 1024 * 1024 });
    const err = await client.get('/?size=2097152').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClientError);
    expect((err as ClientError).code).toBe('POINTE_ERR_CLIENT_REQUEST');
    expect((err as Error).message).toMatch(/maxResponseSize/);
    const ok = await client.get('/?size=1000');
    expect((await ok.getBinaryPayload()).length).toBe(1000);
    await client.close();
  });

  it('defaults to 64 MiB and -1 lifts the limit', async () => {
    const client = new Client(url);
    expect((await client.get('/?size=2097152')).statusCode).toBe(200);
    await client.close();
    const unlimited = new Client(url, { maxResponseSize: -1 });
    expect((await unlimited.get('/?size=2097152')).statusCode).toBe(200);
    await unlimited.close();
  });

  it.each([0, -2, 1.5, Number.NaN])('%s fails the constructor', (maxResponseSize) => {
    expect(() => new Client(url, { maxResponseSize })).toThrow(expect.objectContaining({ code: 'POINTE_ERR_CLIENT_CONFIG' }));
  });
});
