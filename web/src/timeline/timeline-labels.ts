/**
 * What a lane is called: the person's name and the handle or address that tells two people of
 * one name apart ("Donald Trump Jr. @donaldjtrumpjr" and "Donald Trump Jr. djtjr@example.org").
 */
import type { Echo, PersonSummary } from './timeline-api.js';

export interface PersonLabel {
  name: string;
  sub: string | null;
}

/** The address or account id of a person key (`x:16589206` → `16589206`). */
export function keyAddress(key: string): string {
  const i = key.indexOf(':');
  return i >= 0 ? key.slice(i + 1) : key;
}

export function personLabel(key: string, person: PersonSummary | undefined): PersonLabel {
  const address = keyAddress(key);
  const handle = person?.handles[0];
  const sub = handle ? `@${handle}` : key.startsWith('email:') ? address : null;
  const name = person?.name?.trim() || sub || address;
  return { name, sub: sub === name ? null : sub };
}

/** Lane of a person key: its own when shown, else the lane of everyone else (-1 when there is none). */
export function laneOf(key: string | null, keys: readonly string[], restLane: number): number {
  const i = key === null ? -1 : keys.indexOf(key);
  return i >= 0 ? i : restLane;
}

/** Person keys an echo list names, to label both ends. */
export function echoKeys(echoes: readonly Echo[]): string[] {
  const keys = new Set<string>();
  for (const e of echoes) {
    if (e.private.from) keys.add(e.private.from);
    if (e.public.author) keys.add(e.public.author);
  }
  return [...keys];
}
