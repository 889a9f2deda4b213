export { PointeError, ConfigError, describeError, isPlainObject } from './errors.js';
export { LruCache, type LruCacheOptions } from './lru-cache.js';
export { SingleFlight } from './single-flight.js';
export {
  VerificationQueue, Refused, type ScheduleVerification, type RefusalReason, type VerificationQueueOptions,
  DEFAULT_VERIFICATION_CONCURRENCY, DEFAULT_VERIFICATION_MAX_QUEUED, DEFAULT_VERIFICATION_MAX_PER_CONNECTION,
} from './verification-queue.js';
