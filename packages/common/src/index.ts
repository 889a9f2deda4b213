export { PointeError, ConfigError, declareCodes, describeError, isPlainObject } from './errors.js';
export { LruCache, type LruCacheOptions } from './lru-cache.js';
export { SingleFlight } from './single-flight.js';
export { VALUE, fieldShapeProblem, type FieldShape } from './field-shape.js';
