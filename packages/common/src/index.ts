export { PointeError, ConfigError, isPlainObject } from './errors.js';
export { LruCache, type LruCacheOptions } from './lru-cache.js';
export { SingleFlight } from './single-flight.js';
