import type { AnalysisItem, AnalysisPerson } from '../../model/index.js';
import { decodeRecordWithoutHtml, type ContentRow } from '../item-codec.js';
import type { PgQueryable } from './pg-driver.js';
import type { MatchSql } from './pg-facets.js';
import { exactRow, type PgItemRow } from './pg-item-codec.js';
import { ROLE } from '../item-roles.js';

/** Records decoded per statement when texts are asked for. */
const TEXT_CHUNK = 500;

const NONE = Object.freeze([]) as unknown as string[];

/** An identity's person key (an identity in no person yet stands for itself as `platform:address`). */
const PERSON_KEY = "coalesce(pi.person, id.platform || ':' || id.address)";

/**
 * Analysis order: SQLite's date keys ascending, which put undated items first (newest written
 * first), then dated items oldest first, items of one moment in the order they were written.
 */
const ANALYSIS_ORDER =
  'ORDER BY i.sent_at IS NOT NULL, i.sent_at, CASE WHEN i.sent_at IS NULL THEN -i.n ELSE i.n END';

type LiteRow = Pick<
  PgItemRow,
  'n' | 'id' | 'kind' | 'platform' | 'visibility' | 'sent_at' | 'lang' | 'subject' | 'exact'
> & { conv: string | null; reply: string | null; ask: string | null };

/**
 * The matches as AnalysisItems, as sqlite-analysis-items.ts gives them: senders and recipients
 * as person keys from item_identities (no record decompressed); with `text`, each record is
 * decoded for its text, links, mentions and attachment hashes.
 */
export async function readAnalysisItems(
  db: PgQueryable,
  m: MatchSql,
  text: boolean,
): Promise<AnalysisItem[]> {
  const rows = (
    await db.query<LiteRow>(
      'SELECT i.n, i.id, i.kind, i.platform, i.visibility, i.sent_at, i.lang, i.subject, i.exact, ' +
        'coalesce(i.thread_id, i.conversation_id) AS conv, coalesce(i.thread_reply_to, i.reply_to) AS reply, i.ask ' +
        `FROM items i WHERE i.n IN (${m.sql}) ${ANALYSIS_ORDER}`,
      m.params,
    )
  ).rows;
  const index = new Map<number, number>();
  const out: AnalysisItem[] = rows.map((stored, i) => {
    const r = stored.exact === null ? stored : { ...stored, ...exactFields(stored) };
    index.set(r.n, i);
    return {
      id: r.id,
      kind: r.kind as AnalysisItem['kind'],
      platform: r.platform,
      visibility: r.visibility as AnalysisItem['visibility'],
      sentAt: r.sent_at,
      from: null,
      to: [],
      text: r.subject ?? '',
      lang: r.lang,
      links: NONE,
      mentions: NONE,
      attachments: NONE,
      conversationId: r.conv,
      replyTo: r.reply,
      ask: r.ask,
    };
  });
  // In key order (item, role, seq): to before cc before bcc, each in the message's order.
  const parts = await db.query<{ item: number; role: number; key: string }>(
    `SELECT ii.item, ii.role, ${PERSON_KEY} AS key FROM item_identities ii JOIN identities id ON id.n = ii.identity ` +
      'LEFT JOIN person_identities pi ON pi.identity = ii.identity ' +
      `WHERE ii.item IN (${m.sql}) ORDER BY ii.item, ii.role, ii.seq`,
    m.params,
  );
  for (const p of parts.rows) {
    const i = index.get(p.item);
    if (i === undefined) continue;
    const item = out[i] as AnalysisItem;
    if (p.role === ROLE.from) item.from = p.key;
    else if (!item.to.includes(p.key)) item.to.push(p.key);
  }
  for (const item of out) {
    if (item.from !== null && item.to.includes(item.from)) item.to = item.to.filter((k) => k !== item.from);
  }
  if (text) {
    const ns = [...index.keys()];
    for (let k = 0; k < ns.length; k += TEXT_CHUNK) {
      const contents = await db.query<ContentRow & { n: number }>(
        'SELECT n, codec, record_len, data, NULL AS raw FROM contents WHERE n = ANY($1::bigint[])',
        [ns.slice(k, k + TEXT_CHUNK)],
      );
      for (const c of contents.rows) {
        const item = out[index.get(c.n) as number] as AnalysisItem;
        const record = decodeRecordWithoutHtml(c);
        item.text = item.text !== '' ? `${item.text}\n${record.text}` : record.text;
        item.links = record.links;
        item.mentions = record.mentions;
        item.attachments = record.attachments.map((a) => a.sha256);
      }
    }
  }
  return out;
}

/** Kind, platform, visibility, date and sender of every match, nothing else (what a timeline counts). */
export async function readSenderItems(db: PgQueryable, m: MatchSql): Promise<AnalysisItem[]> {
  const rows = await db.query<{
    kind: string;
    platform: string;
    visibility: string;
    sent_at: number | null;
    exact: Buffer | null;
    key: string | null;
  }>(
    `SELECT i.kind, i.platform, i.visibility, i.sent_at, i.exact, ${PERSON_KEY} AS key FROM items i ` +
      `LEFT JOIN item_identities ii ON ii.item = i.n AND ii.role = ${ROLE.from} ` +
      'LEFT JOIN identities id ON id.n = ii.identity LEFT JOIN person_identities pi ON pi.identity = ii.identity ' +
      `WHERE i.n IN (${m.sql})`,
    m.params,
  );
  return rows.rows.map((stored) => {
    // Lower-cased as SQLite's facet index has them.
    const r = stored.exact === null ? stored : { ...stored, ...exactFields(stored) };
    return {
      id: '',
      kind: r.kind.toLowerCase() as AnalysisItem['kind'],
      platform: r.platform.toLowerCase(),
      visibility: r.visibility as AnalysisItem['visibility'],
      sentAt: r.sent_at,
      from: stored.key,
      to: NONE,
      text: '',
      lang: null,
      links: NONE,
      mentions: NONE,
      attachments: NONE,
      conversationId: null,
      replyTo: null,
    };
  });
}

/** Subject and text of each item of `ids` found, by id (see AnalysisItem.text). */
export async function readAnalysisTexts(
  db: PgQueryable,
  ids: readonly string[],
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (let k = 0; k < ids.length; k += TEXT_CHUNK) {
    const rows = await db.query<ContentRow & Pick<PgItemRow, 'id' | 'subject' | 'exact'>>(
      'SELECT i.id, i.subject, i.exact, c.codec, c.record_len, c.data, NULL AS raw FROM items i ' +
        'JOIN contents c ON c.n = i.n WHERE i.id = ANY($1::text[])',
      [ids.slice(k, k + TEXT_CHUNK)],
    );
    const byId = new Map(rows.rows.map((r) => [r.id, r]));
    for (const id of ids.slice(k, k + TEXT_CHUNK)) {
      const row = byId.get(id);
      if (row === undefined) continue;
      const subject = row.exact === null ? row.subject : (exactFields(row).subject ?? null);
      const { text } = decodeRecordWithoutHtml(row);
      out.set(id, subject ? `${subject}\n${text}` : text);
    }
  }
  return out;
}

/** Every person (and every identity in no person yet) with the handles, addresses and names seen for it. */
export async function readAnalysisPersons(db: PgQueryable): Promise<AnalysisPerson[]> {
  const byKey = new Map<string, AnalysisPerson>();
  const rows = await db.query<{
    key: string;
    name: string | null;
    address: string;
    kind: number | null;
    value: string | null;
  }>(
    `SELECT ${PERSON_KEY} AS key, p.name, id.address, l.kind, l.value ` +
      'FROM identities id LEFT JOIN person_identities pi ON pi.identity = id.n ' +
      'LEFT JOIN persons p ON p.key = pi.person LEFT JOIN identity_labels l ON l.identity = id.n ' +
      'ORDER BY id.n, l.identity, l.kind, l.value',
  );
  for (const { key, name, address, kind, value } of rows.rows) {
    let p = byKey.get(key);
    if (!p) byKey.set(key, (p = { key, name, handles: [], addresses: [], names: [] }));
    if (!p.addresses.includes(address)) p.addresses.push(address);
    if (value === null || kind === null) continue;
    // identity_labels.kind: 0 a name seen, 1 a handle seen, 2 a name given by alias, 3 a handle given by alias.
    const list = kind === 1 || kind === 3 ? p.handles : p.names;
    const v = kind === 1 || kind === 3 ? value.toLowerCase() : value;
    if (!list.includes(v)) list.push(v);
  }
  for (const p of byKey.values()) p.name ??= p.names[0] ?? null;
  return [...byKey.values()];
}

/** The exact kind, platform, subject and language of a row that held U+0000 (pg-item-codec.ts). */
function exactFields(
  row: Pick<PgItemRow, 'exact'>,
): Partial<Pick<PgItemRow, 'kind' | 'platform' | 'subject' | 'lang'>> {
  const e = exactRow({ exact: row.exact } as PgItemRow);
  const out: Partial<Pick<PgItemRow, 'kind' | 'platform' | 'subject' | 'lang'>> = {};
  for (const k of ['kind', 'platform', 'subject', 'lang'] as const)
    if (e[k] !== undefined) out[k] = e[k] as never;
  return out;
}
