/**
 * `@pointe/slapd`: a throwaway OpenLDAP server for the tests, the bench and the demo: a fresh
 * directory with a `slapd.conf`, an LDIF of users and groups loaded with `slapadd`, and
 * `slapd` on 127.0.0.1 (plain LDAP with StartTLS, and LDAPS) on free ports. It logs at the `stats` level to its stderr, which records every
 * search filter, so a test can read exactly what the server received.
 *
 * `stop()` and `start()` kill and restart the same server on the same ports with the same data
 * (for outage tests). OpenLDAP is installed by `scripts/install-slapd.sh` when it is missing
 * (Debian, as root), so `npm test` on a fresh machine needs nothing done by hand.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LdapUserStoreConfig } from '@pointe/auth';

const SLAPD = '/usr/sbin/slapd';
const SLAPADD = '/usr/sbin/slapadd';
const INSTALL = fileURLToPath(new URL('../../../scripts/install-slapd.sh', import.meta.url));

/** The directory's suffix. */
export const LDAP_SUFFIX = 'dc=pointe,dc=test';
/** The service account the store binds as (`connectionName` / `connectionPassword`). */
export const LDAP_SERVICE = { dn: `cn=service,${LDAP_SUFFIX}`, password: 'service-secret' };

/**
 * The users of the test directory (password = `<uid>-pass`):
 * - `alice`: in the groupOfNames `hello` and `admins`, and the posixGroup `developers`;
 * - `bob`: in `hello` only;
 * - `carol`: in no group;
 * - `twin`: two entries (under `ou=Users` and `ou=More,ou=Users`) match `(uid=twin)`.
 */
export const LDAP_USERS = {
  alice: 'alice-pass',
  bob: 'bob-pass',
  carol: 'carol-pass',
  twin: 'twin-pass',
} as const;

export interface SlapdOptions {
  /** The server certificate (PEM) for LDAPS and StartTLS. */
  certFile: string;
  /** Its private key (PEM, unencrypted). */
  keyFile: string;
  /** `idletimeout`: slapd closes connections idle this many seconds. Default 0 (never). */
  idleTimeoutSeconds?: number;
}

export interface Slapd {
  /** `ldap://127.0.0.1:<port>` (StartTLS is offered here). */
  url: string;
  /** `ldaps://127.0.0.1:<port>`. */
  ldapsUrl: string;
  /** Stops the server (SIGTERM, waits for it to exit). The data stay. */
  stop(): Promise<void>;
  /** Starts it again on the same ports with the same data; resolves when it accepts connections. */
  start(): Promise<void>;
  /** The filters of every search the server received since it was created, in order. */
  searchFilters(): string[];
  /** How many searches the server received since it was created. */
  searchCount(): number;
  /** How many bind requests the server received since it was created. */
  bindCount(): number;
  /** Everything slapd logged since it was created. */
  log(): string;
  /**
   * Resolves once slapd's log has been quiet for a moment. slapd writes a log line before it
   * answers, but this process may read the answer before the line: await this before counting.
   */
  settled(): Promise<void>;
  /** Connection ids (`conn=N`) accepted in `log().slice(from)`, and whether each was closed by now. */
  connections(from?: number): Array<{ id: string; closed: boolean }>;
  /** The running slapd's process id (to SIGSTOP it: a server that accepts but never answers). */
  pid(): number;
  /** Stops the server and deletes its directory. */
  close(): Promise<void>;
}

/**
 * The seed's `ldapUserStoreConfig` record pointed at `url` of a test server (groupOfNames
 * groups, service account, pooling on, role cache off, 5 s / 10 s timeouts), with `overrides`.
 */
export function ldapStoreConfig(url: string, overrides: Partial<LdapUserStoreConfig> = {}): LdapUserStoreConfig {
  return {
    domainName: 'pointe.test',
    connectionUrl: url,
    connectionName: LDAP_SERVICE.dn,
    connectionPassword: LDAP_SERVICE.password,
    userSearchBase: `ou=Users,${LDAP_SUFFIX}`,
    userEntryObjectClass: 'inetOrgPerson',
    userNameAttribute: 'uid',
    userNameSearchFilter: '(&(objectClass=inetOrgPerson)(uid=?))',
    userNameListFilter: '(objectClass=inetOrgPerson)',
    groupSearchBase: [`ou=Groups,${LDAP_SUFFIX}`],
    groupEntryObjectClass: 'groupOfNames',
    groupNameAttribute: 'cn',
    groupNameSearchFilter: '(&(objectClass=groupOfNames)(cn=?))',
    groupNameListFilter: '(objectClass=groupOfNames)',
    membershipAttribute: 'member',
    userRolesCacheEnabled: false,
    connectionPoolingEnabled: true,
    connectionTimeout: 5,
    readTimeout: 10,
    ...overrides,
  };
}

/** Whether OpenLDAP's `slapd` and `slapadd` are installed (the demo runs its LDAP service only then). */
export function slapdInstalled(): boolean {
  return existsSync(SLAPD) && existsSync(SLAPADD);
}

/** Installs OpenLDAP when `slapd` is missing (Debian, as root), through the repo's script. */
export function ensureSlapdInstalled(): void {
  if (slapdInstalled()) return;
  execFileSync('bash', [INSTALL], { stdio: 'inherit', timeout: 600_000 });
  if (!existsSync(SLAPD)) throw new Error(`${SLAPD} is still missing after ${INSTALL}; install slapd and ldap-utils`);
}

/** Creates, loads and starts a private slapd. */
export async function startSlapd(options: SlapdOptions): Promise<Slapd> {
  ensureSlapdInstalled();
  const dir = mkdtempSync(join(tmpdir(), 'pointe-slapd-'));
  mkdirSync(join(dir, 'db'));
  const conf = join(dir, 'slapd.conf');
  writeFileSync(conf, slapdConf(dir, options));
  writeFileSync(join(dir, 'data.ldif'), DATA_LDIF);
  execFileSync(SLAPADD, ['-q', '-f', conf, '-l', join(dir, 'data.ldif')], { stdio: 'pipe' });

  const [port = 0, ldapsPort = 0] = await freePorts(2);
  const urls = `ldap://127.0.0.1:${port}/ ldaps://127.0.0.1:${ldapsPort}/`;
  let output = '';
  let child: ChildProcess | undefined;

  const start = async (): Promise<void> => {
    if (child !== undefined) return;
    const proc = spawn(SLAPD, ['-f', conf, '-h', urls, '-d', 'stats'], { stdio: ['ignore', 'ignore', 'pipe'] });
    child = proc;
    proc.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    proc.once('exit', () => {
      if (child === proc) child = undefined;
    });
    await waitForPort(port, proc, () => output);
  };

  const stop = async (): Promise<void> => {
    const proc = child;
    if (proc === undefined) return;
    child = undefined;
    await new Promise<void>((resolve) => {
      proc.once('exit', () => resolve());
      proc.kill('SIGTERM');
      // slapd waits for open connections to finish before it exits on SIGTERM; a test server must not.
      setTimeout(() => proc.kill('SIGKILL'), 2_000).unref();
    });
  };

  const searchFilters = () => [...output.matchAll(/ SRCH base="[^"]*" scope=\d deref=\d filter="((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]!);

  await start();
  return {
    url: `ldap://127.0.0.1:${port}`,
    ldapsUrl: `ldaps://127.0.0.1:${ldapsPort}`,
    start,
    stop,
    searchFilters,
    searchCount: () => searchFilters().length,
    bindCount: () => output.match(/ BIND dn="[^"]*" method=/g)?.length ?? 0,
    log: () => output,
    pid: () => {
      if (child?.pid === undefined) throw new Error('slapd is not running');
      return child.pid;
    },
    settled: async () => {
      let seen: number;
      do {
        seen = output.length;
        await new Promise((resolve) => setTimeout(resolve, 30));
      } while (output.length !== seen);
    },
    connections: (from = 0) => {
      const accepted = [...output.slice(from).matchAll(/ conn=(\d+) fd=\d+ ACCEPT from /g)].map((m) => m[1]!);
      return accepted.map((id) => ({ id, closed: new RegExp(` conn=${id} fd=\\d+ closed`).test(output) }));
    },
    close: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function slapdConf(dir: string, options: SlapdOptions): string {
  return `include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/nis.schema
include /etc/ldap/schema/inetorgperson.schema
modulepath /usr/lib/ldap
moduleload back_mdb
pidfile ${join(dir, 'slapd.pid')}
argsfile ${join(dir, 'slapd.args')}
TLSCertificateFile ${options.certFile}
TLSCertificateKeyFile ${options.keyFile}
idletimeout ${options.idleTimeoutSeconds ?? 0}
database mdb
maxsize 10485760
suffix "${LDAP_SUFFIX}"
rootdn "cn=admin,${LDAP_SUFFIX}"
rootpw admin-secret
directory ${join(dir, 'db')}
index objectClass,uid,member,memberUid eq
access to attrs=userPassword by anonymous auth by * none
access to * by users read by * none
`;
}

const person = (uid: string, base: string) => `dn: uid=${uid},${base}
objectClass: inetOrgPerson
uid: ${uid}
cn: ${uid}
sn: ${uid}
userPassword: ${uid}-pass
`;

const users = `ou=Users,${LDAP_SUFFIX}`;
const groups = `ou=Groups,${LDAP_SUFFIX}`;
const DATA_LDIF = [
  `dn: ${LDAP_SUFFIX}
objectClass: dcObject
objectClass: organization
o: Pointe
dc: pointe
`,
  `dn: ${LDAP_SERVICE.dn}
objectClass: person
cn: service
sn: service
userPassword: ${LDAP_SERVICE.password}
`,
  `dn: ${users}
objectClass: organizationalUnit
ou: Users
`,
  `dn: ou=More,${users}
objectClass: organizationalUnit
ou: More
`,
  `dn: ${groups}
objectClass: organizationalUnit
ou: Groups
`,
  person('alice', users),
  person('bob', users),
  person('carol', users),
  person('twin', users),
  person('twin', `ou=More,${users}`),
  `dn: cn=hello,${groups}
objectClass: groupOfNames
cn: hello
member: uid=alice,${users}
member: uid=bob,${users}
`,
  `dn: cn=admins,${groups}
objectClass: groupOfNames
cn: admins
member: uid=alice,${users}
`,
  `dn: cn=developers,${groups}
objectClass: posixGroup
cn: developers
gidNumber: 5000
memberUid: alice
`,
].join('\n');

async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () => new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve(server));
    })),
  );
  const ports = servers.map((server) => (server.address() as { port: number }).port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

/** Resolves once the port accepts a TCP connection (slapd is then ready to serve), within 10 s. */
async function waitForPort(port: number, proc: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (proc.exitCode !== null || proc.signalCode !== null) throw new Error(`slapd exited at start:\n${output()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ port, host: '127.0.0.1' });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`slapd did not listen on 127.0.0.1:${port} within 10 s:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
