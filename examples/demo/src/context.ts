/** What the rows and curl lines of each part of the demo need to know about the running stack. */
import type { Sts } from '@pointe/dev-sts';
import type { DemoCerts } from './certs.js';
import type { DemoClients } from './rows.js';

export interface DemoContext {
  /** The listener's base URL, `https://localhost:9090`. */
  url: string;
  certs: DemoCerts;
  /** The running STS (HTTPS, the demo's certificate). */
  sts: Sts;
  clients: DemoClients;
}
