import { existsSync } from 'node:fs';
import path from 'node:path';
import { InnsynError } from '../../model/index.js';
import type { Item } from '../../model/index.js';
import {
  openStore,
  printableSpec,
  type AttachmentText,
  type Store,
  type StoreStats,
  type WriteBatch,
} from '../../store/index.js';
import { countProgress } from '../count-progress.js';
import { EXIT, type Command } from '../command.js';

/** Items per write batch: one transaction each on the target. */
const BATCH_ITEMS = 200;
/** Quarantined inputs per write batch (each holds its bytes). */
const BATCH_QUARANTINE = 100;

/** What is compared after the copy: the target must hold exactly what the source holds. */
interface Counts {
  items: number;
  locations: number;
  quarantined: number;
  sources: number;
  threads: number;
  peopleEdits: number;
  annotations: number;
  byKind: Record<string, number>;
  byPlatform: Record<string, number>;
}

export const migrateCommand: Command = {
  name: 'migrate',
  summary:
    'Copy a case into another database (a SQLite file into PostgreSQL, or back): items with their raw bytes and every copy, quarantine, sources, people edits, tags and notes; then check the counts.',
  usage:
    'innsyn migrate --from FILE.db --to postgres://USER@HOST/DB [--json]\n' +
    '  either side may be a SQLite file or a postgres:// URL; run it again to finish an interrupted copy',
  access: 'none',
  options: {
    from: { type: 'string' },
    to: { type: 'string' },
  },
  async run({ values, json, out }) {
    const from = spec(values.from, '--from');
    const to = spec(values.to, '--to');
    if (!from.includes('://') && from !== ':memory:' && !existsSync(from)) {
      throw new InnsynError('usage', `--from: no database at ${from}`);
    }
    if (from === to) throw new InnsynError('usage', '--from and --to name the same database');
    const started = Date.now();
    const source = await openStore(from);
    let target: Store | null = null;
    try {
      target = await openStore(to);
      const before = await counts(source);
      const bar = countProgress(out.isTTY && !json, 'items');
      let copied = 0;
      let bytes = 0;
      await copyItems(source, target, (n, b) => {
        copied += n;
        bytes += b;
        bar.update(copied, before.items, bytes);
      });
      bar.done();
      const quarantine = await source.listQuarantine();
      for (let i = 0; i < quarantine.length; i += BATCH_QUARANTINE) {
        await target.writeBatch({ items: [], quarantine: quarantine.slice(i, i + BATCH_QUARANTINE) });
      }
      for (const s of await source.listSources()) await target.putSource(s);
      await target.importPeopleEdits(await source.exportPeopleEdits());
      await target.importAnnotations(await source.exportAnnotations());
      // Threads and persons are derived: computed again from what was copied, as after an ingest.
      const { rebuildDerived } = await import('../rebuild-derived.js');
      await rebuildDerived(target);
      const after = await counts(target);
      const differences = compare(before, after);
      const seconds = (Date.now() - started) / 1000;
      const report = {
        from: printableSpec(from),
        to: printableSpec(to),
        counts: after,
        verified: differences.length === 0,
        differences,
        seconds,
      };
      if (json) out.json({ migrate: report });
      else {
        out.line(
          `copied ${after.items} items (${after.locations} copies), ${after.quarantined} quarantined inputs, ` +
            `${after.sources} sources, ${after.peopleEdits} people edits, ${after.annotations} annotations ` +
            `in ${seconds.toFixed(1)}s; ${after.threads} threads`,
        );
        if (differences.length === 0)
          out.line(`verified: ${printableSpec(to)} holds exactly what ${printableSpec(from)} holds`);
      }
      if (differences.length > 0) {
        for (const d of differences) out.error(`innsyn migrate: ${d}`);
        out.error(
          'innsyn migrate: the target does not hold exactly what the source holds (did it hold another case already?)',
        );
        return EXIT.failed;
      }
      return EXIT.ok;
    } finally {
      await target?.close();
      await source.close();
    }
  },
};

function spec(value: unknown, flag: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InnsynError('usage', `name the database with ${flag} (a SQLite file or a postgres:// URL)`);
  }
  return value.includes('://') || value === ':memory:' ? value : path.resolve(value);
}

/**
 * Every item with its raw bytes and every place a copy was found, in the source's date order
 * (items of one moment in the order they were first written; undated ones last, in the order
 * written), so that the target orders ties as the source does. A copy after the first is
 * written as the duplicate it was: the target records it as another location. Idempotent: a
 * second run writes only duplicates, which add nothing.
 */
async function copyItems(
  source: Store,
  target: Store,
  progress: (items: number, bytes: number) => void,
): Promise<void> {
  let batch: WriteBatch['items'] = [];
  // The texts read from attachments go with the first item that holds each file (before it, in
  // the same batch: the target indexes the item with them); each sha256 once.
  let texts: AttachmentText[] = [];
  const textsCopied = new Set<string>();
  let items = 0;
  let bytes = 0;
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    await target.writeBatch({ items: batch, quarantine: [], attachmentTexts: texts });
    progress(items, bytes);
    batch = [];
    texts = [];
    items = 0;
    bytes = 0;
  };
  const copy = async (id: string): Promise<void> => {
    const item = await source.getItem(id);
    const raw = await source.getRaw(id);
    if (item === null || raw === null)
      throw new InnsynError('internal', `item ${id} vanished from the source while copying`);
    const first = asIngested(item);
    const shas = item.attachments.map((a) => a.sha256).filter((sha) => !textsCopied.has(sha));
    for (const row of (await source.getAttachmentTexts(shas, true)).values()) {
      textsCopied.add(row.sha256);
      texts.push({ ...row, text: row.text ?? null });
    }
    batch.push({ item: first, raw });
    for (const location of (await source.getLocations(id)).slice(1))
      batch.push({ item: { ...first, location }, raw });
    items++;
    bytes += raw.byteLength;
    if (items >= BATCH_ITEMS) await flush();
  };
  // listMatches gives undated items newest written first: they are copied in written order.
  const undated: string[] = [];
  for await (const m of source.listMatches(null)) {
    if (m.sentAt === null) undated.push(m.id);
    else await copy(m.id);
  }
  for (const id of undated.reverse()) await copy(id);
  await flush();
}

/**
 * The item as ingest wrote it: an email's conversation and reply-to are what threading derived
 * (ingest writes them empty, ingest/email-to-item.ts); the target threads its emails itself.
 */
function asIngested(item: Item): Item {
  return item.kind === 'email' ? { ...item, conversationId: null, replyTo: null } : item;
}

async function counts(store: Store): Promise<Counts> {
  const s: StoreStats = await store.stats();
  return {
    items: s.items,
    locations: s.locations,
    quarantined: s.quarantined,
    sources: s.sources,
    threads: s.threads,
    peopleEdits: (await store.exportPeopleEdits()).length,
    annotations: (await store.exportAnnotations()).length,
    byKind: s.byKind,
    byPlatform: s.byPlatform,
  };
}

function compare(a: Counts, b: Counts): string[] {
  const out: string[] = [];
  // Threads are not compared: derived, the target computes them from every email it holds.
  for (const k of ['items', 'locations', 'quarantined', 'sources', 'peopleEdits', 'annotations'] as const) {
    if (a[k] !== b[k]) out.push(`${k}: ${a[k]} in the source, ${b[k]} in the target`);
  }
  for (const k of ['byKind', 'byPlatform'] as const) {
    const keys = new Set([...Object.keys(a[k]), ...Object.keys(b[k])]);
    for (const key of [...keys].sort()) {
      if (a[k][key] !== b[k][key]) {
        out.push(`${k} ${key}: ${a[k][key] ?? 0} in the source, ${b[k][key] ?? 0} in the target`);
      }
    }
  }
  return out;
}
