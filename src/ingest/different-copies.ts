import type { Item } from '../model/index.js';
import type { Store } from '../store/index.js';
import { describeLocation, MAX_PROBLEMS_LISTED, type InputReport } from './ingest-report.js';

/**
 * A copy of an email the store already holds (same id: same headers and text, DESIGN.md "The
 * record") is a duplicate: one more location of the item. The id does not cover attachments,
 * so a copy that carries other files (another version of a draft, or an altered copy) would
 * pass unseen; this names it in the input's report. Both copies stay in the database, and the
 * counts are unchanged (it is still a duplicate).
 *
 * A copy whose bytes equal those of a copy found elsewhere is not looked at. The same file
 * ingested again is: one item read a copy (~0.1 ms), within the noise of a re-ingest of the
 * 2,403 SpamAssassin ham mails (3.2-3.6 s either way).
 */
export async function noteDifferentCopy(store: Store, item: Item, input: InputReport): Promise<void> {
  if (item.platform !== 'email') return;
  const here = item.location;
  const locations = await store.getLocations(item.id);
  const elsewhere = (l: (typeof locations)[number]) =>
    l.path !== here.path || l.member !== here.member || l.offset !== here.offset;
  if (locations.some((l) => l.sha256 === here.sha256 && elsewhere(l))) return;
  const stored = await store.getItem(item.id);
  if (!stored) return;
  const mine = item.attachments.map((a) => a.sha256).sort();
  const theirs = stored.attachments.map((a) => a.sha256).sort();
  if (mine.length === theirs.length && mine.every((s, i) => s === theirs[i])) return;
  input.differentCopies = (input.differentCopies ?? 0) + 1;
  const notes = (input.copyNotes ??= []);
  if (notes.length >= MAX_PROBLEMS_LISTED) return;
  const only = (a: string[], b: string[]) => a.filter((s) => !b.includes(s)).length;
  notes.push({
    where: describeLocation(item.location),
    reason:
      `the same mail as item ${item.id} (same headers and text), but with other attachments: ` +
      `${files(mine.length)} here (${only(mine, theirs)} not in the item), ${files(theirs.length)} in the item ` +
      `(${only(theirs, mine)} not here). Both copies are kept; 'innsyn show ${item.id}' lists where each was found`,
  });
}

function files(n: number): string {
  return n === 1 ? '1 file' : `${n} files`;
}
