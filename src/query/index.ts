export type * from './ast.js';
export { parseQuery } from './parser.js';
export { queryToString } from './query-to-string.js';
export { formatQueryError } from './format-query-error.js';
export { MAX_QUERY_DEPTH, MAX_QUERY_LENGTH, MAX_QUERY_TERMS } from './limits.js';
export { FIELD_NAMES } from './fields.js';
export type { FieldName } from './fields.js';
