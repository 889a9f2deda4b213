/**
 * A bounded, per-connection-fair queue for slow credential verifications: argon2/bcrypt/scrypt
 * hashes today, LDAP binds and OAuth2 introspection calls through the same door.
 *
 * Why (issue 12): one keep-alive connection pipelining 5 000 wrong passwords used to queue
 * 5 000 argon2 verifications on the shared thread pool, and a real user's first login on
 * another connection waited 27 s; the queued work outlived the attacker's connection.
 *
 * The rules:
 * - a connection (any object naming it: the socket) has at most one task running; its
 *   pipelined tasks wait in its own line, at most `maxPerConnection` of them;
 * - at most `concurrency` tasks run process-wide; connections whose next task is ready wait
 *   in one FIFO of at most `maxQueued` entries, one entry per connection, so N connections
 *   take turns whatever each of them has pipelined;
 * - a task that cannot be queued is refused at once (`Refused`, reason `'busy'`) rather than
 *   waiting minutes;
 * - when a connection's `signal` aborts (it closed), its waiting tasks are dropped before they
 *   start (`Refused`, reason `'closed'`); a task already running finishes.
 *
 * The queue never sees a credential: tasks are closures.
 */

/**
 * How a provider hands a slow verification to whoever bounds them (the listener's queue): the
 * returned promise settles like `task`'s, or rejects with a `Refused` when the task was not run.
 */
export type ScheduleVerification = <T>(task: () => Promise<T>) => Promise<T>;

/** Why a task did not run. */
export type RefusalReason = 'busy' | 'closed';

/** The outcome of a task the queue did not run. */
export class Refused {
  constructor(readonly reason: RefusalReason) {}
}

/** Bounds of a `VerificationQueue`. */
export interface VerificationQueueOptions {
  /** Tasks running at once, process-wide. Default 4 (libuv's default thread pool size). */
  concurrency?: number;
  /** Connections waiting for a free slot, process-wide; past it a task is refused. Default 256. */
  maxQueued?: number;
  /** Tasks one connection may have waiting behind its running one; past it they are refused. Default 32. */
  maxPerConnection?: number;
}

interface Job {
  readonly task: () => Promise<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (err: unknown) => void;
}

/** One connection's line: its running job, if any, and the jobs behind it. */
interface Line {
  readonly key: object;
  readonly signal: AbortSignal | undefined;
  running: boolean;
  /** Whether the line's next job sits in the process-wide ready FIFO. */
  ready: boolean;
  readonly waiting: Job[];
  readonly onAbort: () => void;
}

export const DEFAULT_VERIFICATION_CONCURRENCY = 4;
export const DEFAULT_VERIFICATION_MAX_QUEUED = 256;
export const DEFAULT_VERIFICATION_MAX_PER_CONNECTION = 32;

const BUSY = new Refused('busy');
const CLOSED = new Refused('closed');

export class VerificationQueue {
  readonly #concurrency: number;
  readonly #maxQueued: number;
  readonly #maxPerConnection: number;
  readonly #lines = new Map<object, Line>();
  /** Lines whose head job waits for a slot, oldest first. */
  #ready: Line[] = [];
  #active = 0;

  constructor(options: VerificationQueueOptions = {}) {
    this.#concurrency = positive(options.concurrency ?? DEFAULT_VERIFICATION_CONCURRENCY, 'concurrency');
    this.#maxQueued = positive(options.maxQueued ?? DEFAULT_VERIFICATION_MAX_QUEUED, 'maxQueued');
    this.#maxPerConnection = positive(options.maxPerConnection ?? DEFAULT_VERIFICATION_MAX_PER_CONNECTION, 'maxPerConnection');
  }

  /**
   * Runs `task` for the connection `key` when its turn comes: resolves with the task's value,
   * or with a `Refused` when the queue is full (`'busy'`) or `signal` aborted before the task
   * started (`'closed'`). A task that throws rejects with its error.
   */
  run<T>(key: object, signal: AbortSignal | undefined, task: () => Promise<T>): Promise<T | Refused> {
    if (signal?.aborted === true) return Promise.resolve(CLOSED);
    let line = this.#lines.get(key);
    if (line !== undefined && (line.running || line.ready)) {
      if (line.waiting.length >= this.#maxPerConnection) return Promise.resolve(BUSY);
      return this.#enqueue(line, task);
    }
    if (this.#active >= this.#concurrency && this.#ready.length >= this.#maxQueued) return Promise.resolve(BUSY);
    line ??= this.#open(key, signal);
    const promise = this.#enqueue(line, task);
    this.#schedule(line);
    this.#pump();
    return promise;
  }

  /** Tasks running now. */
  get active(): number {
    return this.#active;
  }

  /** Tasks accepted and not yet started, over every connection. */
  get waiting(): number {
    let n = 0;
    for (const line of this.#lines.values()) n += line.waiting.length;
    return n;
  }

  #open(key: object, signal: AbortSignal | undefined): Line {
    const line: Line = {
      key, signal, running: false, ready: false, waiting: [],
      onAbort: () => this.#drop(line),
    };
    signal?.addEventListener('abort', line.onAbort, { once: true });
    this.#lines.set(key, line);
    return line;
  }

  #enqueue<T>(line: Line, task: () => Promise<T>): Promise<T | Refused> {
    return new Promise<T | Refused>((resolve, reject) => {
      line.waiting.push({ task, resolve: resolve as (value: unknown) => void, reject });
    });
  }

  /** Puts the line's next job in the ready FIFO (accepted work is never refused later). */
  #schedule(line: Line): void {
    if (line.running || line.ready || line.waiting.length === 0) return;
    line.ready = true;
    this.#ready.push(line);
  }

  #pump(): void {
    while (this.#active < this.#concurrency && this.#ready.length > 0) {
      const line = this.#ready.shift()!;
      line.ready = false;
      const job = line.waiting.shift();
      if (job === undefined) continue;
      this.#start(line, job);
    }
  }

  #start(line: Line, job: Job): void {
    this.#active++;
    line.running = true;
    let settled: Promise<unknown>;
    try {
      settled = job.task();
    } catch (err) {
      settled = Promise.reject(err);
    }
    // The slot is given back before the caller sees the outcome, so its next request finds it free.
    settled.then(
      (value) => {
        this.#finish(line);
        job.resolve(value);
      },
      (err: unknown) => {
        this.#finish(line);
        job.reject(err);
      },
    );
  }

  #finish(line: Line): void {
    this.#active--;
    line.running = false;
    if (line.waiting.length > 0) this.#schedule(line);
    else this.#close(line);
    this.#pump();
  }

  /** The connection closed: its waiting jobs never start. */
  #drop(line: Line): void {
    for (const job of line.waiting.splice(0)) job.resolve(CLOSED);
    if (line.ready) {
      line.ready = false;
      this.#ready = this.#ready.filter((l) => l !== line);
    }
    if (!line.running) this.#close(line);
  }

  #close(line: Line): void {
    line.signal?.removeEventListener('abort', line.onAbort);
    if (this.#lines.get(line.key) === line) this.#lines.delete(line.key);
  }
}

function positive(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`VerificationQueue: ${name} must be an integer ≥ 1, got ${value}`);
  return value;
}
