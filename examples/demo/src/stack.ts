/**
 * Starts and stops everything the demo runs: the STS (HTTPS, in-process), slapd (a child
 * process, when OpenLDAP is installed) and one Listener with the seed's services. `stop()`
 * undoes the steps in reverse order (clients, listener, slapd, STS, the certificate
 * directory) and is safe to call twice; a start that fails half-way undoes what it did.
 */
import { readFileSync, rmSync } from 'node:fs';
import { Listener } from '@pointe/http';
import { startSts } from '@pointe/dev-sts';
import { ldapStoreConfig, type Slapd, slapdInstalled, startSlapd } from '@pointe/slapd';
import { generateDemoCerts } from './certs.js';
import type { DemoContext } from './context.js';
import { OAUTH2_BASE, oauth2IntrospectionService } from './oauth2.js';
import { DemoClients } from './rows.js';
import { fileUserStoreService, jwtService, ldapService } from './services.js';

export interface DemoOptions {
  /** The listener's port (0: a free one). */
  port: number;
  /** The listener's address; default every interface, as a Ballerina listener. */
  host?: string;
  /** The STS's port on 127.0.0.1 (0: a free one). */
  stsPort: number;
}

export interface DemoStack {
  ctx: DemoContext;
  listener: Listener;
  /** The directory, when slapd is installed. */
  slapd?: Slapd;
  /** Stops everything started; resolves once all of it is down. */
  stop(): Promise<void>;
}

export async function startDemo(options: DemoOptions): Promise<DemoStack> {
  const undo: Array<() => Promise<void>> = [];
  const stop = async () => {
    const problems: unknown[] = [];
    for (const step of undo.splice(0).reverse()) await step().catch((error: unknown) => problems.push(error));
    if (problems.length > 0) throw new AggregateError(problems, 'demo: some parts did not stop cleanly');
  };
  try {
    const certs = generateDemoCerts();
    undo.push(async () => rmSync(certs.dir, { recursive: true, force: true }));

    const sts = await startSts({
      port: options.stsPort,
      host: '127.0.0.1',
      tls: { cert: readFileSync(certs.tlsCert, 'utf8'), key: readFileSync(certs.tlsKey, 'utf8') },
    });
    undo.push(() => sts.stop());

    let slapd: Slapd | undefined;
    if (slapdInstalled()) {
      const started = await startSlapd({ certFile: certs.tlsCert, keyFile: certs.tlsKey });
      slapd = started;
      undo.push(() => started.close());
    }

    const listener = new Listener(options.port, {
      ...(options.host === undefined ? {} : { host: options.host }),
      secureSocket: { key: { certFile: certs.tlsCert, keyFile: certs.tlsKey } },
    });
    listener.attach(fileUserStoreService(), '/foo');
    listener.attach(jwtService(certs.jwtCert), '/jwt');
    if (slapd !== undefined) listener.attach(ldapService(ldapStoreConfig(slapd.url)), '/ldap');
    listener.attach(oauth2IntrospectionService(sts, certs.tlsCert), OAUTH2_BASE);
    await listener.start();
    undo.push(() => listener.gracefulStop(5));

    const clients = new DemoClients(certs.tlsCert);
    undo.push(() => clients.close());

    const urlHost = options.host === undefined || options.host === '0.0.0.0' || options.host === '::' ? 'localhost' : options.host;
    const ctx: DemoContext = { url: `https://${urlHost}:${listener.port}`, certs, sts, clients };
    return { ctx, listener, ...(slapd === undefined ? {} : { slapd }), stop };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}
