/**
 * The mechanisms the listener knows without being told, one file each. The registry in
 * `auth-provider.ts` starts with these; nothing imports a mechanism for its side effects.
 */
import type { AuthMechanism } from '../auth-provider.js';
import { fileUserStoreMechanism } from './file-user-store.js';
import { jwtMechanism } from './jwt.js';
import { ldapUserStoreMechanism } from './ldap-user-store.js';
import { oauth2IntrospectionMechanism } from './oauth2-introspection.js';

export const BUILT_IN_MECHANISMS: readonly AuthMechanism[] = [
  fileUserStoreMechanism as AuthMechanism,
  jwtMechanism as AuthMechanism,
  ldapUserStoreMechanism as AuthMechanism,
  oauth2IntrospectionMechanism as AuthMechanism,
];
