/**
 * LDAP connections for the user store: opening one (TCP or TLS, StartTLS, an optional bind, all
 * within `connectionTimeout`), and a bounded pool that reuses them.
 *
 * Each ldapts `Client` here lives for exactly one socket: ldapts would otherwise reconnect by
 * itself when the server drops a connection, and on a StartTLS connection that reconnect is a
 * plain one, where the next bind would send a password in clear. So a second connect of a
 * client is refused (`oneSocket`); a dead connection is thrown away and the pool opens a fresh
 * one, through the whole handshake again. That is also how the store outlives a server restart
 * or an idle timeout with no restart of its own (ballerina-library#5906).
 */
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions, type TLSSocket } from 'node:tls';
import { Client, ResultCodeError } from 'ldapts';
import type { ClientTlsOptions } from '@pointe/crypto';

/** How to reach the server. */
export interface LdapEndpoint {
  /** `ldap://` or `ldaps://` URL (scheme, host, port). */
  url: string;
  /** TLS options for `ldaps://` and StartTLS (from `clientTlsOptions`). */
  tls: ClientTlsOptions;
  /** Upgrade `ldap://` with StartTLS before anything else. */
  startTls: boolean;
  /** TCP + TLS + StartTLS + service bind, in milliseconds. */
  connectTimeoutMs: number;
  /** Each operation, in milliseconds. */
  readTimeoutMs: number;
}

/** Opens a connection, upgraded with StartTLS when asked, bound as `bindAs` when given. */
export async function openConnection(endpoint: LdapEndpoint, bindAs?: { dn: string; password: string }): Promise<Client> {
  const client = new Client({
    url: endpoint.url,
    timeout: endpoint.readTimeoutMs,
    connectTimeout: endpoint.connectTimeoutMs,
    // Only for ldaps://: ldapts treats any tlsOptions as "connect with TLS", even on ldap://.
    ...(endpoint.url.startsWith('ldaps:') ? { tlsOptions: endpoint.tls } : {}),
    ...oneSocket(),
  });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no LDAP connection within ${endpoint.connectTimeoutMs} ms`)), endpoint.connectTimeoutMs);
  });
  try {
    const handshake = async () => {
      if (endpoint.startTls) await client.startTLS({ ...endpoint.tls });
      if (bindAs !== undefined) await client.bind(bindAs.dn, bindAs.password);
    };
    await Promise.race([handshake(), deadline]);
    return client;
  } catch (err) {
    await discard(client);
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

/** Closes a connection, whatever state it is in. After a failed bind ldapts keeps the socket open until `unbind()`. */
export async function discard(client: Client): Promise<void> {
  try {
    await client.unbind();
  } catch {
    // Already closed, or the server is gone: the socket is destroyed either way.
  }
}

/**
 * An error the server answered with (a result code: wrong password, no such object...) leaves the
 * connection usable; anything else (reset, closed, timed out, TLS) means the connection is dead.
 */
export function isServerAnswer(err: unknown): err is ResultCodeError {
  return err instanceof ResultCodeError;
}

/** Bounds of a pool. */
export interface LdapPoolOptions {
  /** Opens a ready connection (bound as the service account, or not bound for user binds). */
  open: () => Promise<Client>;
  /** Keep connections between uses (`connectionPoolingEnabled`); otherwise each use opens and closes one. */
  reuse: boolean;
  /** The most connections open at once; further uses wait for one. */
  maxOpen: number;
  /** How long a use waits for a connection when `maxOpen` are busy, in milliseconds. */
  waitTimeoutMs: number;
}

/**
 * A bounded set of connections. `use(fn)` runs `fn` on a connection: an idle live one when there
 * is one, else a new one. When `fn` fails because the connection died on a reused connection
 * (the server restarted, or closed it while idle), it runs once more on a fresh one.
 */
export class LdapPool {
  readonly #options: LdapPoolOptions;
  readonly #idle: Client[] = [];
  readonly #waiters: Array<() => void> = [];
  #open = 0;
  #closed = false;

  constructor(options: LdapPoolOptions) {
    this.#options = options;
  }

  /** Connections open now (busy and idle). */
  get size(): number {
    return this.#open;
  }

  async use<T>(fn: (client: Client) => Promise<T>): Promise<T> {
    const first = await this.#acquire();
    try {
      return await this.#run(first.client, fn);
    } catch (err) {
      if (!first.reused || isServerAnswer(err) || this.#closed) throw err;
    }
    const fresh = await this.#acquire(true);
    return this.#run(fresh.client, fn);
  }

  /** Closes every idle connection now and every busy one as soon as it is released. */
  async close(): Promise<void> {
    this.#closed = true;
    const idle = this.#idle.splice(0);
    this.#open -= idle.length;
    for (const wake of this.#waiters.splice(0)) wake();
    await Promise.all(idle.map(discard));
  }

  async #run<T>(client: Client, fn: (client: Client) => Promise<T>): Promise<T> {
    let healthy = true;
    try {
      return await fn(client);
    } catch (err) {
      healthy = isServerAnswer(err);
      throw err;
    } finally {
      this.#release(client, healthy && client.isConnected);
    }
  }

  async #acquire(freshOnly = false): Promise<{ client: Client; reused: boolean }> {
    for (;;) {
      if (this.#closed) throw new Error('the LDAP user store is closed');
      while (!freshOnly && this.#idle.length > 0) {
        const client = this.#idle.pop()!;
        if (client.isConnected) return { client, reused: true };
        this.#open -= 1;
        void discard(client);
      }
      if (this.#open < this.#options.maxOpen) {
        this.#open += 1;
        try {
          return { client: await this.#options.open(), reused: false };
        } catch (err) {
          this.#open -= 1;
          this.#wakeOne();
          throw err;
        }
      }
      await this.#wait();
    }
  }

  #release(client: Client, keep: boolean): void {
    if (keep && this.#options.reuse && !this.#closed) {
      this.#idle.push(client);
    } else {
      this.#open -= 1;
      void discard(client);
    }
    this.#wakeOne();
  }

  #wakeOne(): void {
    this.#waiters.shift()?.();
  }

  #wait(): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const index = this.#waiters.indexOf(wake);
        if (index >= 0) this.#waiters.splice(index, 1);
        reject(new Error(`all ${this.#options.maxOpen} LDAP connections stayed busy for ${this.#options.waitTimeoutMs} ms`));
      }, this.#options.waitTimeoutMs);
      const wake = () => {
        clearTimeout(timer);
        resolve();
      };
      this.#waiters.push(wake);
    });
  }
}

/**
 * `createConnection` / `createSecureConnection` for one ldapts client that connect once and
 * refuse any later connect (see the file comment). StartTLS's upgrade (a TLS socket over the
 * existing one, `options.socket` set) is not a new connection and passes.
 */
function oneSocket(): { createConnection: typeof netConnect; createSecureConnection: typeof tlsConnect } {
  let connected = false;
  const once = () => {
    if (connected) throw new Error('the LDAP connection was closed; the pool opens a new one');
    connected = true;
  };
  const createConnection = ((port: number, host: string): Socket => {
    once();
    return netConnect(port, host);
  }) as typeof netConnect;
  const createSecureConnection = ((...args: unknown[]): TLSSocket => {
    if (args.length === 1) return tlsConnect(args[0] as ConnectionOptions); // the StartTLS upgrade
    once();
    return tlsConnect(args[0] as number, args[1] as string, args[2] as ConnectionOptions);
  }) as typeof tlsConnect;
  return { createConnection, createSecureConnection };
}
