/**
 * `field:value`, quoted when the value would not read back as one word (query/lexer.ts): the
 * `value` of a facet bucket, a query term that selects the items counted. The same in every
 * dialect.
 */
export function fieldTerm(field: string, value: string): string {
  if (value !== '' && !/[\s\p{Cc}()"*:\\]/u.test(value) && !value.startsWith('-')) return `${field}:${value}`;
  return `${field}:"${value.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}
