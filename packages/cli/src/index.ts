/**
 * `pointe`, the command line: the commands as functions, for embedding and tests.
 */
export { runCli, USAGE } from './run.js';
export { hashPasswordCommand, HASH_PASSWORD_USAGE } from './hash-password.js';
export { certCommand, CERT_USAGE } from './cert.js';
export { tokenCommand, TOKEN_USAGE } from './token.js';
export { doctorCommand, DOCTOR_USAGE, type DoctorOptions } from './doctor/doctor.js';
export type { DoctorAuthRecord, DoctorConfig, DoctorIntrospectionConfig, DoctorLdapConfig } from './doctor/doctor-config.js';
export type { LdapBindProbe } from './doctor/ldap-bind.js';
export type { CliIO, CliInput } from './io.js';
