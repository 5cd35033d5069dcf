/**
 * The annotations this tab has seen, by target, so that a list drawn after a write (back from a
 * person's page to the list of people) shows the new marks at once, before its own requests
 * answer. Only ever a help for drawing: every list asks the server again. Marks are a
 * collection's: a tab that changes collection (team mode) forgets them.
 */
import { onCollectionChange } from '../team/collection-state.js';
import type { Annotations, TargetKind } from './annotations-api.js';

/** Targets remembered; a tab that wanders through thousands of people forgets the oldest. */
const MAX_REMEMBERED = 2000;

const seen = new Map<string, Annotations>();
onCollectionChange(() => seen.clear());

function cacheKey(kind: TargetKind, key: string): string {
  return `${kind}\u0000${key}`;
}

/** Keeps what the server answered, under the key asked and the key it stored (a person's own). */
export function rememberMarks(kind: TargetKind, key: string, a: Annotations): void {
  for (const k of new Set([key, a.target.key])) {
    const ck = cacheKey(kind, k);
    seen.delete(ck);
    seen.set(ck, a);
  }
  while (seen.size > MAX_REMEMBERED) {
    const oldest = seen.keys().next().value;
    if (oldest === undefined) break;
    seen.delete(oldest);
  }
}

export function rememberedMarks(kind: TargetKind, key: string): Annotations | null {
  return seen.get(cacheKey(kind, key)) ?? null;
}

/** True when a target carries any mark. */
export function hasMarks(a: Annotations | null | undefined): a is Annotations {
  return a !== null && a !== undefined && (a.tags.length > 0 || a.star !== null || a.note !== null);
}
