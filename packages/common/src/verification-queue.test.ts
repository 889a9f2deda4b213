import { describe, expect, it } from 'vitest';
import { Refused, VerificationQueue } from './verification-queue.js';

/** A task the test finishes by hand, recording when it started. */
function gate(log: string[], name: string): { task: () => Promise<string>; finish: () => void } {
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return {
    task: async () => {
      log.push(name);
      await done;
      return name;
    },
    finish: () => finish(),
  };
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('VerificationQueue', () => {
  it('runs one task per connection at a time; pipelined ones wait their turn', async () => {
    const queue = new VerificationQueue({ concurrency: 4 });
    const conn = {};
    const log: string[] = [];
    const a = gate(log, 'a');
    const b = gate(log, 'b');
    const pa = queue.run(conn, undefined, a.task);
    const pb = queue.run(conn, undefined, b.task);
    await tick();
    expect(log).toEqual(['a']);
    a.finish();
    expect(await pa).toBe('a');
    await tick();
    expect(log).toEqual(['a', 'b']);
    b.finish();
    expect(await pb).toBe('b');
    expect(queue.active).toBe(0);
  });

  it('lets connections take turns: a connection with many pipelined tasks does not starve another', async () => {
    const queue = new VerificationQueue({ concurrency: 1 });
    const flood = {};
    const user = {};
    const log: string[] = [];
    const gates = Array.from({ length: 5 }, (_, i) => gate(log, `flood${i}`));
    const floodRuns = gates.map((g) => queue.run(flood, undefined, g.task));
    const u = gate(log, 'user');
    const userRun = queue.run(user, undefined, u.task);
    await tick();
    gates[0]!.finish();
    await floodRuns[0];
    await tick();
    // The user's task is next, not flood1..flood4.
    expect(log).toEqual(['flood0', 'user']);
    u.finish();
    expect(await userRun).toBe('user');
    for (const g of gates) g.finish();
    await Promise.all(floodRuns);
  });

  it('refuses at once past the process-wide bound and past the per-connection bound', async () => {
    const queue = new VerificationQueue({ concurrency: 1, maxQueued: 1, maxPerConnection: 1 });
    const log: string[] = [];
    const running = gate(log, 'running');
    const r1 = queue.run({}, undefined, running.task); // runs
    const r2 = queue.run({}, undefined, gate(log, 'queued').task); // waits in the FIFO
    const r3 = await queue.run({}, undefined, gate(log, 'third').task); // FIFO full
    expect(r3).toBeInstanceOf(Refused);
    expect((r3 as Refused).reason).toBe('busy');

    const conn = {};
    const c1 = gate(log, 'c1');
    const c2 = gate(log, 'c2');
    const other = new VerificationQueue({ concurrency: 1, maxPerConnection: 1 });
    const p1 = other.run(conn, undefined, c1.task);
    const p2 = other.run(conn, undefined, c2.task);
    const p3 = await other.run(conn, undefined, gate(log, 'c3').task);
    expect((p3 as Refused).reason).toBe('busy');
    c1.finish();
    c2.finish();
    expect([await p1, await p2]).toEqual(['c1', 'c2']);
    running.finish();
    await r1;
    await tick();
    expect(log).toContain('queued'); // the accepted task started once the slot was free
    void r2;
  });

  it('drops the waiting work of a connection that closed, before it starts', async () => {
    const queue = new VerificationQueue({ concurrency: 1, maxPerConnection: 100 });
    const closing = new AbortController();
    const conn = {};
    const log: string[] = [];
    const first = gate(log, 'first');
    const p1 = queue.run(conn, closing.signal, first.task);
    const later = Array.from({ length: 100 }, (_, i) => queue.run(conn, closing.signal, gate(log, `later${i}`).task));
    await tick();
    closing.abort();
    for (const p of later) expect(((await p) as Refused).reason).toBe('closed');
    first.finish();
    expect(await p1).toBe('first'); // a running task finishes
    expect(log).toEqual(['first']);
    expect(((await queue.run(conn, closing.signal, gate(log, 'after').task)) as Refused).reason).toBe('closed');
    expect(queue.waiting).toBe(0);
  });

  it('passes a task error through and keeps serving', async () => {
    const queue = new VerificationQueue({ concurrency: 1 });
    const conn = {};
    await expect(queue.run(conn, undefined, () => Promise.reject(new Error('ldap down')))).rejects.toThrow('ldap down');
    expect(await queue.run(conn, undefined, () => Promise.resolve(7))).toBe(7);
    expect(queue.active).toBe(0);
  });

  it('rejects nonsense bounds at construction', () => {
    expect(() => new VerificationQueue({ concurrency: 0 })).toThrow(RangeError);
    expect(() => new VerificationQueue({ maxQueued: 1.5 })).toThrow(RangeError);
  });
});
