export { PointeError, ConfigError, describeError, isPlainObject } from './errors.js';
export { LruCache, type LruCacheOptions } from './lru-cache.js';
export { SingleFlight } from './single-flight.js';
