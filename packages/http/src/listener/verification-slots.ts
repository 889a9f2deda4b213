/**
 * Connects the auth chain to the process-wide `VerificationQueue`: each connection (socket)
 * gets one `AuthContext` whose `schedule` queues slow verifications under that connection, with
 * a signal that aborts when it closes, so its waiting work is dropped before it starts.
 */
import type { Socket } from 'node:net';
import { Refused, type ScheduleVerification, VerificationQueue } from '@pointe/common';
import type { AuthContext } from './auth-provider.js';

/**
 * One queue for the whole process: the thread pool that runs hashes (and the LDAP and
 * introspection backends) is shared by every listener, so the bound is too.
 */
export const processVerificationQueue = new VerificationQueue();

const kContext = Symbol('pointe.authContext');
type ContextSocket = Socket & { [kContext]?: AuthContext };

/** No socket (an injected request): still bounded process-wide, under one shared key. */
const detachedKey = {};

/** The connection's `AuthContext`, built once per connection on its first request. */
export function authContextFor(queue: VerificationQueue, socket: Socket | null): AuthContext {
  if (socket === null) return { schedule: scheduler(queue, detachedKey, undefined) };
  const s = socket as ContextSocket;
  let context = s[kContext];
  if (context === undefined) {
    const closed = new AbortController();
    if (s.destroyed) closed.abort();
    else s.once('close', () => closed.abort());
    context = { schedule: scheduler(queue, s, closed.signal) };
    s[kContext] = context;
  }
  return context;
}

function scheduler(queue: VerificationQueue, key: object, signal: AbortSignal | undefined): ScheduleVerification {
  return <T>(task: () => Promise<T>): Promise<T> =>
    queue.run(key, signal, task).then((outcome) => {
      if (outcome instanceof Refused) throw outcome;
      return outcome;
    });
}
