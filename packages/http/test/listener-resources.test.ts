/**
 * What a resource method's outcome becomes, for methods that answer synchronously and for
 * methods that return a promise: the same status, headers and body either way, a reply the
 * method sent itself is left as it is (the handler returns nothing for it), and a
 * failure is a 500 that reveals nothing. The handler is synchronous for synchronous methods
 * (routes.ts), so both paths are exercised here, over a real socket (`inject()` ends a reply
 * later than a socket does, and would hide a reply sent twice).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Get, HttpError, Listener, type RequestContext } from '@pointe/http';
import { logCapture } from './support.js';

const later = <T>(value: T): Promise<T> => new Promise((resolve) => setTimeout(() => resolve(value), 1));

class Outcomes {
  @Get('sync/text') syncText(): string { return 'sync text'; }
  @Get('async/text') async asyncText(): Promise<string> { return later('async text'); }

  @Get('sync/json') syncJson(): object { return { via: 'sync' }; }
  @Get('async/json') async asyncJson(): Promise<object> { return later({ via: 'async' }); }

  @Get('sync/empty') syncEmpty(): undefined { return undefined; }
  @Get('async/empty') async asyncEmpty(): Promise<null> { return later(null); }

  @Get('sync/bytes') syncBytes(): Uint8Array { return new Uint8Array([1, 2, 3]); }

  @Get('sync/returned-error') syncReturnedError(): HttpError { return new HttpError(409, { reason: 'sync' }, { 'x-why': 'returned' }); }
  @Get('async/returned-error') async asyncReturnedError(): Promise<HttpError> { return later(new HttpError(409, { reason: 'async' })); }

  @Get('sync/thrown-error') syncThrownError(): never { throw new HttpError(418, 'sync teapot'); }
  @Get('async/thrown-error') async asyncThrownError(): Promise<never> { await later(0); throw new HttpError(418, 'async teapot'); }
  @Get('sync/bare-error') syncBareError(): HttpError { return new HttpError(202); }

  @Get('sync/crash') syncCrash(): never { throw new Error('sync secret hunter2'); }
  @Get('async/crash') async asyncCrash(): Promise<never> { await later(0); throw new Error('async secret hunter2'); }

  @Get('sync/sends-itself')
  syncSendsItself(ctx: RequestContext): unknown {
    void ctx.reply.code(201).header('x-sent-by', 'method').send('sent by the method');
    return ctx.reply;
  }

  @Get('async/sends-itself')
  async asyncSendsItself(ctx: RequestContext): Promise<undefined> {
    await later(0);
    void ctx.reply.code(201).header('x-sent-by', 'method').send('sent by the method');
    return undefined;
  }

  @Get('sync/thenable')
  syncThenable(): PromiseLike<string> {
    // Not a Promise: a thenable is awaited all the same.
    return { then: (resolve) => Promise.resolve('from a thenable').then(resolve) };
  }
}

const log = logCapture();
let listener: Listener;

beforeAll(async () => {
  // Plain HTTP on loopback: this file is about resource outcomes, not TLS.
  const warn = process.emitWarning;
  process.emitWarning = () => undefined;
  listener = new Listener(0, { host: '127.0.0.1', logger: { level: 'warn', stream: log.stream } });
  listener.attach(new Outcomes(), '/r');
  await listener.start();
  process.emitWarning = warn;
});

afterAll(async () => {
  await listener.immediateStop();
});

async function get(path: string): Promise<{ statusCode: number; headers: Record<string, string>; body: string; bytes: number[] }> {
  const res = await fetch(`http://127.0.0.1:${listener.port}${path}`);
  const bytes = [...new Uint8Array(await res.arrayBuffer())];
  return { statusCode: res.status, headers: Object.fromEntries(res.headers), body: Buffer.from(bytes).toString(), bytes };
}

describe('a resource answers the same whether it is synchronous or returns a promise', () => {
  it.each([
    ['sync/text', 200, 'sync text', /^text\/plain/],
    ['async/text', 200, 'async text', /^text\/plain/],
    ['sync/json', 200, '{"via":"sync"}', /^application\/json/],
    ['async/json', 200, '{"via":"async"}', /^application\/json/],
    ['sync/thenable', 200, 'from a thenable', /^text\/plain/],
  ])('%s → %i %s', async (path, status, body, type) => {
    const res = await get(`/r/${path}`);
    expect(res.statusCode).toBe(status);
    expect(res.body).toBe(body);
    expect(res.headers['content-type']).toMatch(type);
  });

  it.each(['sync/empty', 'async/empty'])('%s (undefined or null) → an empty 204', async (path) => {
    const res = await get(`/r/${path}`);
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
  });

  it('a Uint8Array is sent as its bytes', async () => {
    const res = await get('/r/sync/bytes');
    expect(res.statusCode).toBe(200);
    expect(res.bytes).toEqual([1, 2, 3]);
  });

  it.each([['sync', { reason: 'sync' }], ['async', { reason: 'async' }]])('%s: a returned HttpError sets status, headers and body', async (kind, body) => {
    const res = await get(`/r/${kind}/returned-error`);
    expect(res.statusCode).toBe(409);
    expect(JSON.parse(res.body)).toEqual(body);
    if (kind === 'sync') expect(res.headers['x-why']).toBe('returned');
  });

  it('a returned HttpError without a body is an empty answer with its status', async () => {
    const res = await get('/r/sync/bare-error');
    expect(res.statusCode).toBe(202);
    expect(res.body).toBe('');
  });

  it.each(['sync', 'async'])('%s: a thrown HttpError sets status and body', async (kind) => {
    const res = await get(`/r/${kind}/thrown-error`);
    expect(res.statusCode).toBe(418);
    expect(res.body).toBe(`${kind} teapot`);
  });

  it.each(['sync', 'async'])('%s: a thrown Error is a 500 that reveals nothing', async (kind) => {
    const res = await get(`/r/${kind}/crash`);
    expect(res.statusCode).toBe(500);
    expect(res.body).toBe('');
    expect(res.body).not.toContain('hunter2');
  });

  it.each(['sync', 'async'])('%s: a reply the method sent itself is sent once', async (kind) => {
    const before = log.lines.length;
    const res = await get(`/r/${kind}/sends-itself`);
    expect(res.statusCode).toBe(201);
    expect(res.headers['x-sent-by']).toBe('method');
    expect(res.body).toBe('sent by the method');
    // The handler returns nothing for a reply the method sent: nothing about a second send is logged.
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(log.lines.slice(before).filter((line) => /already sent/i.test(line))).toEqual([]);
  });

  it('no answer logged a warning other than the two crashes', async () => {
    const warnings = log.lines.map((line) => JSON.parse(line) as { level: number; msg: string }).filter((entry) => entry.level >= 40);
    expect(warnings.every((entry) => entry.msg === 'pointe: resource failed')).toBe(true);
  });
});
