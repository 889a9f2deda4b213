/**
 * The one line a listener logs at `info` when it starts listening: where, and which services
 * with which mechanisms. Through Fastify's logger, so `logger: false` (the default) prints nothing.
 */
import type { FastifyInstance } from 'fastify';

export interface ServiceSummary {
  readonly basePath: string;
  /** Auth record kinds its resources use (`fileUserStoreConfig`, ...); empty: every resource public. */
  readonly mechanisms: readonly string[];
}

export function logStartup(fastify: FastifyInstance, tls: boolean, services: readonly ServiceSummary[]): void {
  const address = fastify.server.address();
  const protocol = tls ? 'https' : 'http';
  const where = typeof address === 'object' && address !== null
    ? `${protocol}://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`
    : String(address);
  const list = services.map((s) => `${s.basePath} (${s.mechanisms.length === 0 ? 'public' : s.mechanisms.join(', ')})`).join('; ');
  fastify.log.info({ address: where, services: services.map((s) => ({ basePath: s.basePath, mechanisms: s.mechanisms })) },
    `pointe: listening on ${where}; services: ${list === '' ? 'none' : list}`);
}
