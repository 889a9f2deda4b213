/**
 * The checks `pointe doctor` runs, one function per thing a service needs at start-up or at
 * its first request. Each resolves to a verdict with a detail line and, on failure, the fix;
 * none throws, and every network check is bounded by a timeout.
 */
import { X509Certificate } from 'node:crypto';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { createSecureContext } from 'node:tls';
import { FileUserStore, passwordSchemeOf } from '@pointe/auth';
import { loadConfigFiles, CONFIG_FILES_ENV } from '@pointe/config';
import { type KeyStoreConfig, certKeyToPem, keyStoreToPem, loadCertificates, trustStoreToPem } from '@pointe/crypto';
import { createJwksFetcher, JwtValidator, type JwtValidatorConfig } from '@pointe/jwt';
import type { CheckStatus } from '../output.js';
import type { DoctorConfig, DoctorIntrospectionConfig, DoctorLdapConfig } from './doctor-config.js';
import type { LdapBindProbe } from './ldap-bind.js';

/** The outcome of one check. */
export interface CheckResult {
  status: CheckStatus;
  detail: string;
  /** How to fix a failure or warning. */
  hint?: string;
}

/** A check to run: what it is about, and how. */
export interface Check {
  label: string;
  run(): Promise<CheckResult>;
}

/** What a failed check says: a Pointe error's code (a property, not part of its message), then the message. */
const message = (error: unknown): string => {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('POINTE_') ? `${code}: ${error.message}` : error.message;
};
const DAY_MS = 86_400_000;

/** `[[auth.users]]` of the Config.toml files: they parse, there are users, and which passwords are plain text. */
export function configTomlCheck(files: readonly string[] | undefined, cwd: string, env: Record<string, string | undefined>, required: boolean): Check {
  return {
    label: 'Config.toml',
    async run() {
      let loaded;
      try {
        loaded = loadConfigFiles(files === undefined ? { cwd, env } : { files: [...files], cwd });
      } catch (error) {
        return { status: 'fail', detail: message(error), hint: 'fix the TOML syntax at the line named' };
      }
      const where = loaded.files.length === 0 ? 'no file' : loaded.files.join(', ');
      if (loaded.files.length === 0) {
        return {
          status: required ? 'fail' : 'skip',
          detail: `no Config.toml in ${cwd}${env[CONFIG_FILES_ENV] ? ` nor in ${CONFIG_FILES_ENV}` : ''}`,
          hint: required ? 'create Config.toml with [[auth.users]] entries (username, password, scopes)' : undefined,
        };
      }
      // The file store's own loader: the same checks (and messages) the listener applies at attach().
      let users: readonly unknown[];
      try {
        FileUserStore.load(files === undefined ? { cwd, env } : { env: { [CONFIG_FILES_ENV]: files.join(':') }, cwd });
        const auth = (loaded.data as { auth?: { users?: unknown } }).auth;
        users = Array.isArray(auth?.users) ? auth.users : [];
      } catch (error) {
        return { status: 'fail', detail: message(error), hint: 'each [[auth.users]] needs username, password and optional scopes' };
      }
      if (users.length === 0) {
        return {
          status: required ? 'fail' : 'warn',
          detail: `${where} parses but has no [[auth.users]]`,
          hint: 'add [[auth.users]] entries; pointe hash-password prints a password hash',
        };
      }
      const plain = users.filter((u) => typeof (u as { password?: unknown }).password === 'string'
        && passwordSchemeOf((u as { password: string }).password) === 'plain').length;
      const detail = `${where}: ${users.length} user${users.length === 1 ? '' : 's'}`;
      return plain === 0
        ? { status: 'pass', detail: `${detail}, every password hashed` }
        : { status: 'warn', detail: `${detail}, ${plain} with a plain-text password`, hint: 'replace them with the output of pointe hash-password' };
    },
  };
}

/** The listener's certificate and key: they load, belong together, are in their validity period, and make a TLS context. */
export function tlsKeyCheck(key: NonNullable<NonNullable<DoctorConfig['secureSocket']>['key']>, now: () => number, shown: (path: string) => string): Check {
  const isStore = 'path' in key;
  return {
    label: `TLS key ${shown(isStore ? key.path : key.certFile)}`,
    async run() {
      let pem: { key: string; cert: string };
      try {
        pem = isStore ? keyStoreToPem(key) : certKeyToPem(key);
        createSecureContext({ key: pem.key, cert: pem.cert });
      } catch (error) {
        return { status: 'fail', detail: message(error), hint: 'pointe cert writes a matching development pair' };
      }
      const leaf = new X509Certificate(pem.cert);
      return validity(leaf, now, `${leaf.subject.replace(/\n/g, ', ')}, ${leaf.subjectAltName ?? 'no subjectAltName'}; the key matches`);
    },
  };
}

/** A trusted-certificate file (mutual TLS, a JWT certFile): it loads and is in date. */
export function certificateCheck(label: string, cert: string | KeyStoreConfig, now: () => number): Check {
  return {
    label,
    async run() {
      let certificates: X509Certificate[];
      try {
        certificates = typeof cert === 'string' ? loadCertificates(cert) : trustStoreToPem(cert).map((c) => new X509Certificate(c));
        createSecureContext({ ca: certificates.map((c) => c.toString()) });
      } catch (error) {
        return { status: 'fail', detail: message(error) };
      }
      return validity(certificates[0]!, now, `${certificates.length} certificate${certificates.length === 1 ? '' : 's'}, first ${certificates[0]!.subject.replace(/\n/g, ', ')}`);
    },
  };
}

function validity(cert: X509Certificate, now: () => number, detail: string): CheckResult {
  const from = Date.parse(cert.validFrom);
  const to = Date.parse(cert.validTo);
  const t = now();
  if (t < from) return { status: 'fail', detail: `${detail}; not valid before ${new Date(from).toISOString()}`, hint: 'check the clock, or issue a new certificate' };
  if (t > to) return { status: 'fail', detail: `${detail}; expired ${new Date(to).toISOString()}`, hint: 'issue a new certificate (pointe cert --force for development)' };
  const days = Math.floor((to - t) / DAY_MS);
  if (days < 7) return { status: 'warn', detail: `${detail}; expires in ${days} day${days === 1 ? '' : 's'}`, hint: 'renew it soon' };
  return { status: 'pass', detail: `${detail}; valid for ${days} more days` };
}

/** A `jwtValidatorConfig`: the validator builds (its static key loads); a JWKS URL answers with usable signing keys. */
export function jwtChecks(config: JwtValidatorConfig, index: number, timeoutS: number): Check[] {
  const checks: Check[] = [{
    label: `auth[${index}] jwtValidatorConfig`,
    async run() {
      try {
        await new JwtValidator(config).close();
      } catch (error) {
        return { status: 'fail', detail: message(error) };
      }
      const source = Object.keys(config.signatureConfig).join(', ');
      return { status: 'pass', detail: `the validator builds (signatureConfig: ${source})` };
    },
  }];
  const jwks = config.signatureConfig?.jwksConfig;
  if (jwks !== undefined && typeof jwks.url === 'string') {
    checks.push({
      label: `auth[${index}] JWKS ${shownUrl(jwks.url)}`,
      async run() {
        let fetcher;
        try {
          fetcher = createJwksFetcher({ ...jwks, clientConfig: { ...jwks.clientConfig, timeout: jwks.clientConfig?.timeout ?? timeoutS } }, 'jwksConfig');
        } catch (error) {
          return { status: 'fail', detail: message(error) };
        }
        try {
          const keys = await fetcher.fetchKeys();
          if (keys.length === 0) {
            return { status: 'fail', detail: 'answers, but with no usable signing key (RSA ≥ 2048, EC, OKP; use "sig")', hint: 'check the URL is the issuer\'s jwks_uri' };
          }
          const kids = keys.map((k) => k.kid ?? '(no kid)').join(', ');
          return { status: 'pass', detail: `${keys.length} usable key${keys.length === 1 ? '' : 's'}: ${kids}` };
        } catch (error) {
          return { status: 'fail', detail: message(error), hint: 'is the issuer running, and does the listener trust its certificate (clientConfig.secureSocket.cert)?' };
        } finally {
          await fetcher.close();
        }
      },
    });
  }
  return checks;
}

/**
 * An `oauth2IntrospectionConfig` endpoint: a POST of a probe token (RFC 7662 §2.1) with the
 * configured client credentials answers 200 with `{"active": false}` (or any `active`).
 */
export function introspectionCheck(config: DoctorIntrospectionConfig, index: number, timeoutS: number): Check {
  return {
    label: `auth[${index}] introspection ${shownUrl(config.url)}`,
    async run() {
      let url: URL;
      try {
        url = new URL(config.url);
        if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`${url.protocol} is not http: or https:`);
      } catch (error) {
        return { status: 'fail', detail: `url is not an http(s) URL (${message(error)})` };
      }
      const client = config.clientConfig ?? {};
      const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', ...client.customHeaders };
      const auth = client.auth as Record<string, unknown> | undefined;
      let untried: string | undefined;
      if (auth !== undefined) {
        if (typeof auth['username'] === 'string' && typeof auth['password'] === 'string') {
          headers['authorization'] = `Basic ${Buffer.from(`${auth['username']}:${auth['password']}`).toString('base64')}`;
        } else if (typeof auth['token'] === 'string') {
          headers['authorization'] = `Bearer ${auth['token']}`;
        } else {
          untried = 'the client auth kind was not tried by doctor';
        }
      }
      let ca: string[] | undefined;
      try {
        const cert = client.secureSocket?.cert;
        ca = cert === undefined ? undefined : typeof cert === 'string' ? loadCertificates(cert).map((c) => c.toString()) : trustStoreToPem(cert);
      } catch (error) {
        return { status: 'fail', detail: `clientConfig.secureSocket.cert: ${message(error)}` };
      }
      const body = new URLSearchParams({ token: 'pointe-doctor-probe', ...(config.tokenTypeHint === undefined ? {} : { token_type_hint: config.tokenTypeHint }) }).toString();
      let response: { status: number; body: string };
      try {
        response = await post(url, headers, body, { ca, rejectUnauthorized: client.secureSocket?.disable !== true }, timeoutS * 1000);
      } catch (error) {
        return { status: 'fail', detail: `unreachable (${message(error)})`, hint: 'is the authorization server running at that URL, and trusted (clientConfig.secureSocket.cert)?' };
      }
      if (response.status === 401 || response.status === 403) {
        return { status: untried === undefined ? 'fail' : 'warn', detail: `reachable, but refused the client (${response.status})${untried === undefined ? '' : `; ${untried}`}`, hint: 'check clientConfig.auth: the listener must authenticate to the introspection endpoint' };
      }
      if (response.status !== 200) return { status: 'fail', detail: `reachable, but answered ${response.status} instead of 200`, hint: 'is this the RFC 7662 introspection endpoint?' };
      let parsed: unknown;
      try {
        parsed = JSON.parse(response.body);
      } catch {
        parsed = undefined;
      }
      if (typeof parsed !== 'object' || parsed === null || typeof (parsed as { active?: unknown }).active !== 'boolean') {
        return { status: 'fail', detail: 'answered 200, but not with an RFC 7662 response (a JSON object with a boolean "active")' };
      }
      return { status: 'pass', detail: `answers (a probe token is active: ${String((parsed as { active: boolean }).active)})` };
    },
  };
}

/** The LDAP service account binds. */
export function ldapCheck(config: DoctorLdapConfig, index: number, timeoutS: number, probe: LdapBindProbe): Check {
  return {
    label: `auth[${index}] LDAP ${shownUrl(config.connectionUrl)}`,
    async run() {
      try {
        await probe.bind(config, (config.connectionTimeout ?? timeoutS) * 1000);
        return { status: 'pass', detail: `the service account ${config.connectionName} binds` };
      } catch (error) {
        return { status: 'fail', detail: message(error), hint: 'check connectionUrl, connectionName and connectionPassword (and secureSocket.cert for ldaps://)' };
      }
    },
  };
}

/** A URL without credentials, query or fragment, for output. */
function shownUrl(raw: string): string {
  try {
    const url = new URL(raw);
    return `${url.protocol}//${url.host}${url.pathname}`;
  } catch {
    return raw;
  }
}

const MAX_BODY = 64 * 1024;

function post(url: URL, headers: Record<string, string>, body: string, tls: { ca: string[] | undefined; rejectUnauthorized: boolean }, timeoutMs: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const options = { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, agent: false as const };
    const onResponse = (res: IncomingMessage) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
        if (text.length > MAX_BODY) res.destroy(new Error(`the answer is larger than ${MAX_BODY} bytes`));
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      res.on('error', reject);
    };
    const req = url.protocol === 'https:'
      ? httpsRequest(url, { ...options, ca: tls.ca, rejectUnauthorized: tls.rejectUnauthorized }, onResponse)
      : httpRequest(url, options, onResponse);
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)));
    req.on('error', (error: NodeJS.ErrnoException) => reject(new Error(error.code === undefined ? error.message : `${error.code}: ${error.message}`)));
    req.end(body);
  });
}
