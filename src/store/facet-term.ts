import { ATTACHMENT_TYPES } from '../query/fields.js';
import type { FacetBucket } from './store.js';

/**
 * `field:value`, quoted when the value would not read back as one word (query/lexer.ts): the
 * `value` of a facet bucket, a query term that selects the items counted. The same in every
 * dialect.
 */
export function fieldTerm(field: string, value: string): string {
  if (value !== '' && !/[\s\p{Cc}()"*:\\]/u.test(value) && !value.startsWith('-')) return `${field}:${value}`;
  return `${field}:"${value.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

/**
 * The `type:` facet from counts per ATTACHMENT_TYPES index: largest first, ties in that list's
 * order, at most `limit`. The same in every dialect.
 */
export function typeBuckets(counts: ArrayLike<number>, limit: number): FacetBucket[] {
  return ATTACHMENT_TYPES.map((type, k) => ({ value: `type:${type}`, label: type, count: counts[k] ?? 0 }))
    .filter((b) => b.count > 0)
    .sort(
      (a, b) => b.count - a.count || ATTACHMENT_TYPES.indexOf(a.label) - ATTACHMENT_TYPES.indexOf(b.label),
    )
    .slice(0, limit);
}
