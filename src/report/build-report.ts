/**
 * Gathers the story timeline report from the store and streams its HTML (render-report.ts).
 *
 * Two passes over the matches of the query, in the order of the evidence export (oldest first,
 * undated last, ties by id: export-order.ts), so an item has the same place in a report and in an
 * export of the same query. The first reads the light analysis records (no texts but the start of
 * each, in batches): counts, people, the table of items and each item's number. The second, as
 * the HTML is read, takes one whole item at a time with its locations and original bytes, hashes
 * them again and compares with the hash recorded when they were read (as the export does).
 * Echoes come from the caller: findEchoes over the whole case (api/echo-set.ts), since rarity and
 * the public items that echo a message are the case's, not the report's.
 */
import type { Echo } from '../analysis/echoes.js';
import { inExportOrder } from '../export/export-order.js';
import { rawExtension } from '../export/index.js';
import { InnsynError, sha256Hex, type AnalysisItem, type AnalysisPerson } from '../model/index.js';
import type { QueryNode } from '../query/index.js';
import type { Store } from '../store/index.js';
import { ReportRenderer } from './render-report.js';
import type {
  ReportContentsRow,
  ReportCounts,
  ReportEcho,
  ReportEchoPartner,
  ReportEntry,
  ReportEvidence,
  ReportPerson,
  ReportProblem,
  ReportRaw,
  ReportSettings,
} from './report-types.js';

/**
 * Items in one report at most. A timeline is read by a person and printed: past this it is an
 * evidence export (innsyn export), not a report. It also bounds what the first pass holds.
 */
export const MAX_REPORT_ITEMS = 10_000;
/** Recipients named per line of the table of items. */
export const MAX_CONTENTS_RECIPIENTS = 3;
/** Problems listed by item (all are counted). */
export const MAX_LISTED_REPORT_PROBLEMS = 1_000;
/** Characters of each item's text read for the table of items. */
const EXCERPT_READ_CHARS = 400;
/** Ids whose texts are read at once for the table of items. */
const TEXT_BATCH = 500;

/**
 * Every echo of the case and what is needed to name its items and people: the shape of
 * api/echo-set.ts's EchoSet, which is what callers pass.
 */
export interface ReportEchoSource {
  echoes: readonly Echo[];
  /** The items in at least one echo, by id, with their texts. */
  items: ReadonlyMap<string, AnalysisItem>;
  /** Every person of the case, by key. */
  persons: ReadonlyMap<string, AnalysisPerson>;
  /** Per item id, the positions in `echoes` of the echoes it is in. */
  byItem: ReadonlyMap<string, readonly number[]>;
}

export interface ReportSummary {
  counts: ReportCounts;
  people: number;
  /** Problems found while the HTML was read (complete once `chunks` is done). */
  problems: ReportProblem[];
  problemCount: number;
}

export interface BuiltReport {
  summary: ReportSummary;
  /** The HTML, part by part (UTF-8 text); read it once. */
  chunks(): AsyncGenerator<string>;
}

/**
 * Reads what the report needs before its first byte (the first pass) and returns the report,
 * ready to stream. InnsynError('usage') when the query matches more than MAX_REPORT_ITEMS items.
 * Writes nothing; items deleted between the passes are listed as problems, not fatal.
 */
export async function buildReport(
  store: Store,
  query: QueryNode | null,
  settings: ReportSettings,
  echoSource: ReportEchoSource,
): Promise<BuiltReport> {
  const ids: string[] = [];
  for await (const id of inExportOrder(store.listMatches(query))) {
    ids.push(id);
    if (ids.length > MAX_REPORT_ITEMS) {
      throw new InnsynError(
        'usage',
        `the query matches more than ${MAX_REPORT_ITEMS.toLocaleString('en')} items, the most a report holds: ` +
          'narrow it (a date range, a sender, a tag), or make an evidence export instead',
      );
    }
  }
  const number = new Map(ids.map((id, k) => [id, k + 1]));
  const light = new Map(
    (await store.analysisItems(query, { text: false })).filter((i) => number.has(i.id)).map((i) => [i.id, i]),
  );
  const persons = echoSource.persons;
  const personName = (key: string | null): string | null => (key === null ? null : displayName(key, persons));

  const counts: ReportCounts = {
    items: ids.length,
    private: 0,
    public: 0,
    undated: 0,
    first: null,
    last: null,
    echoes: 0,
  };
  const sent = new Map<string, number>();
  const received = new Map<string, number>();
  const echoIndexes = new Set<number>();
  for (const id of ids) {
    const a = light.get(id);
    for (const k of echoSource.byItem.get(id) ?? []) echoIndexes.add(k);
    if (!a) continue;
    if (a.visibility === 'public') counts.public++;
    else counts.private++;
    if (a.sentAt === null) counts.undated++;
    else {
      counts.first = counts.first === null ? a.sentAt : Math.min(counts.first, a.sentAt);
      counts.last = counts.last === null ? a.sentAt : Math.max(counts.last, a.sentAt);
    }
    if (a.from !== null) sent.set(a.from, (sent.get(a.from) ?? 0) + 1);
    for (const k of new Set(a.to)) received.set(k, (received.get(k) ?? 0) + 1);
  }
  counts.echoes = echoIndexes.size;

  const people: ReportPerson[] = [...new Set([...sent.keys(), ...received.keys()])]
    .map((key) => {
      const p = persons.get(key);
      return {
        key,
        name: p?.name ?? null,
        handles: p?.handles ?? [],
        addresses: p?.addresses ?? [key.slice(key.indexOf(':') + 1)],
        sent: sent.get(key) ?? 0,
        received: received.get(key) ?? 0,
      };
    })
    .sort((a, b) => b.sent + b.received - (a.sent + a.received) || a.key.localeCompare(b.key));

  const contents: ReportContentsRow[] = [];
  for (let at = 0; at < ids.length; at += TEXT_BATCH) {
    const batch = ids.slice(at, at + TEXT_BATCH);
    const texts = await store.analysisTexts(batch);
    for (const id of batch) {
      const a = light.get(id);
      if (!a) continue;
      const recipients = [...new Set(a.to)];
      contents.push({
        n: number.get(id) as number,
        id,
        sentAt: a.sentAt,
        kind: a.kind,
        platform: a.platform,
        visibility: a.visibility,
        from: personName(a.from),
        to: recipients.slice(0, MAX_CONTENTS_RECIPIENTS).map((k) => personName(k) ?? k),
        toMore: Math.max(0, recipients.length - MAX_CONTENTS_RECIPIENTS),
        excerpt: (texts.get(id) ?? '').slice(0, EXCERPT_READ_CHARS).replace(/\s+/g, ' ').trim(),
      });
    }
  }
  light.clear();

  const summary: ReportSummary = { counts, people: people.length, problems: [], problemCount: 0 };
  const problem = (p: ReportProblem): void => {
    summary.problemCount++;
    if (summary.problems.length < MAX_LISTED_REPORT_PROBLEMS) summary.problems.push(p);
  };
  const head = { settings, counts, people, contents };

  async function* chunks(): AsyncGenerator<string> {
    const renderer = new ReportRenderer(settings);
    yield renderer.start(head);
    for (const id of ids) {
      const n = number.get(id) as number;
      const item = await store.getItem(id);
      if (!item) {
        problem({ n, id, code: 'vanished' });
        continue;
      }
      const locations = await store.getLocations(id);
      const bytes = await store.getRaw(id);
      let raw: ReportRaw = null;
      if (bytes) {
        const recorded = (locations[0] ?? item.location).sha256;
        raw = {
          sha256: sha256Hex(bytes),
          size: bytes.byteLength,
          recorded,
          exportFile: `items/${id}${rawExtension(item, bytes)}`,
        };
        if (raw.sha256 !== recorded) problem({ n, id, code: 'raw-hash-mismatch' });
      } else {
        problem({ n, id, code: 'no-raw' });
      }
      const entry: ReportEntry = {
        n,
        item,
        locations,
        raw,
        echoes: echoesOf(id, echoSource, number),
      };
      yield renderer.entry(entry);
    }
    yield renderer.end(summary.problems, summary.problemCount);
  }

  return { summary, chunks };
}

/** The echoes an item is in, as the report lists them: strongest first, as findEchoes ranks them. */
function echoesOf(id: string, source: ReportEchoSource, number: ReadonlyMap<string, number>): ReportEcho[] {
  const out: ReportEcho[] = [];
  for (const k of source.byItem.get(id) ?? []) {
    const e = source.echoes[k];
    if (!e) continue;
    const isPrivate = e.privateId === id;
    const otherId = isPrivate ? e.publicId : e.privateId;
    const other = source.items.get(otherId);
    const pub = source.items.get(e.publicId);
    const partner: ReportEchoPartner = {
      id: otherId,
      n: number.get(otherId) ?? null,
      sentAt: other?.sentAt ?? null,
      kind: other?.kind ?? (isPrivate ? 'post' : 'message'),
      platform: other?.platform ?? '',
      author: other?.from ? authorName(other.from, source.persons) : null,
    };
    out.push({
      direction: isPrivate ? 'echoed-by' : 'echo-of',
      partner,
      latencySeconds: e.latencySeconds,
      relation: e.relation,
      evidence: e.evidence.map((ev): ReportEvidence => {
        switch (ev.kind) {
          case 'link':
            return { kind: ev.kind, value: ev.link ?? null };
          case 'terms':
            return { kind: ev.kind, value: ev.terms && ev.terms.length > 0 ? ev.terms.join(', ') : null };
          case 'mention':
          case 'quote': {
            const span = ev.span?.public;
            return { kind: ev.kind, value: span && pub ? pub.text.slice(span[0], span[1]) : null };
          }
          default:
            return { kind: ev.kind, value: null };
        }
      }),
    });
  }
  return out;
}

/** A person as the table of items names them: the name, else the handle, else the key. */
function displayName(key: string, persons: ReadonlyMap<string, AnalysisPerson>): string {
  const p = persons.get(key);
  if (!p) return key;
  return p.name ?? (p.handles[0] ? `@${p.handles[0]}` : (p.addresses[0] ?? key));
}

/** 'Donald J. Trump (@realdonaldtrump)': the name and the handle or address that goes with it. */
function authorName(key: string, persons: ReadonlyMap<string, AnalysisPerson>): string {
  const p = persons.get(key);
  if (!p) return key;
  const id = p.handles[0] ? `@${p.handles[0]}` : (p.addresses[0] ?? null);
  if (p.name === null) return id ?? key;
  return id === null ? p.name : `${p.name} (${id})`;
}
