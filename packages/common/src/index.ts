export { PointeError, ConfigError, declareCodes, describeError, errorFactory, isPlainObject } from './errors.js';
export { LruCache, type LruCacheOptions } from './lru-cache.js';
export { SingleFlight } from './single-flight.js';
export { VALUE, fieldShapeProblem, type FieldShape } from './field-shape.js';
export { C0_OR_DEL, CONTROL_CHARACTER, MAX_BEARER_TOKEN_LENGTH, NOT_IN_FIELD_VALUE } from './text.js';
