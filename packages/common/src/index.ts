export { PointeError, ConfigError, declareCodes, describeError, errorFactory, isPlainObject } from './errors.js';
export { KeyedDigest } from './keyed-digest.js';
export { LruCache, type LruCacheOptions } from './lru-cache.js';
export { SingleFlight } from './single-flight.js';
export {
  VerificationQueue, Refused, type ScheduleVerification, type RefusalReason, type VerificationQueueOptions,
  DEFAULT_VERIFICATION_CONCURRENCY, DEFAULT_VERIFICATION_MAX_QUEUED, DEFAULT_VERIFICATION_MAX_PER_CONNECTION,
} from './verification-queue.js';
export { VALUE, fieldShapeProblem, type FieldShape } from './field-shape.js';
export { C0_OR_DEL, CONTROL_CHARACTER, MAX_BEARER_TOKEN_LENGTH, NOT_IN_FIELD_VALUE } from './text.js';
export { type ConfigProblem, type ValueChecks, isLoopback, valueChecks } from './value-checks.js';
