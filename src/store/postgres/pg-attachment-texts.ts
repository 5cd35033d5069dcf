import type { Item } from '../../model/index.js';
import {
  ATTACHMENT_INFO_COLUMNS,
  decodeAttachmentData,
  decodeAttachmentInfo,
  encodeAttachmentText,
  sameAttachmentText,
  type AttachmentText,
  type AttachmentTextInfo,
  type AttachmentTextRow,
  type AttachmentTextSource,
} from '../attachment-texts.js';
import type { PgQueryable } from './pg-driver.js';
import { pgText } from './pg-item-codec.js';

type Texts = Map<string, { text: string; lang: string | null }>;

/**
 * `attachment_texts` (migration 0002), as sqlite-attachment-texts.ts has it: the text read from
 * each attachment, once per sha256, and the lookups the write path, reindex and the people index
 * make in it, set-wise (one statement for many sha256s).
 */

/**
 * Inserts or replaces rows. Returns the sha256s whose row is new or changed: items already stored
 * that hold them need their full-text row again.
 */
export async function writeAttachmentTexts(
  db: PgQueryable,
  rows: readonly AttachmentText[],
): Promise<string[]> {
  if (rows.length === 0) return [];
  const last = new Map(rows.map((t) => [t.sha256, t]));
  const old = await getAttachmentTexts(db, [...last.keys()], true);
  const changed = [...last.values()].filter((t) => {
    const o = old.get(t.sha256);
    return !o || !sameAttachmentText(o as AttachmentText, t);
  });
  if (changed.length === 0) return [];
  const cols: unknown[][] = Array.from({ length: 14 }, () => []);
  for (const t of changed) {
    const r = encodeAttachmentText(t);
    [
      pgText(r.sha256),
      pgText(r.status),
      pgText(r.kind),
      pgText(r.type),
      r.method,
      r.chars,
      r.pages,
      r.ocr_pages,
      r.ocr_confidence,
      r.ocr,
      r.lang === null ? null : pgText(r.lang),
      pgText(r.flags),
      r.error === null ? null : pgText(r.error),
      r.data,
    ].forEach((v, i) => (cols[i] as unknown[]).push(v));
  }
  await db.query(
    'INSERT INTO attachment_texts (sha256, status, kind, type, method, chars, pages, ocr_pages, ocr_confidence, ' +
      'ocr, lang, flags, error, data) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], ' +
      '$5::text[], $6::int[], $7::int[], $8::int[], $9::float8[], $10::bool[], $11::text[], $12::text[], ' +
      '$13::text[], $14::bytea[]) ON CONFLICT (sha256) DO UPDATE SET status = excluded.status, kind = excluded.kind, ' +
      'type = excluded.type, method = excluded.method, chars = excluded.chars, pages = excluded.pages, ' +
      'ocr_pages = excluded.ocr_pages, ocr_confidence = excluded.ocr_confidence, ocr = excluded.ocr, ' +
      'lang = excluded.lang, flags = excluded.flags, error = excluded.error, data = excluded.data',
    cols,
  );
  return changed.map((t) => t.sha256);
}

/** The rows of these sha256s that exist, with their texts when `withText`. */
export async function getAttachmentTexts(
  db: PgQueryable,
  sha256s: readonly string[],
  withText: boolean,
): Promise<Map<string, AttachmentTextInfo & { text?: string | null }>> {
  const out = new Map<string, AttachmentTextInfo & { text?: string | null }>();
  if (sha256s.length === 0) return out;
  const r = await db.query<Omit<AttachmentTextRow, 'data'> & { data?: Buffer | null }>(
    `SELECT ${ATTACHMENT_INFO_COLUMNS}${withText ? ', t.data' : ''} FROM attachment_texts t ` +
      'WHERE t.sha256 = ANY($1::text[])',
    [[...new Set(sha256s)].map(pgText)],
  );
  for (const row of r.rows) {
    const info = decodeAttachmentInfo(row);
    out.set(row.sha256, withText ? { ...info, text: decodeAttachmentData(row.data ?? null) } : info);
  }
  return out;
}

/**
 * The extracted texts of the attachments of these items whose records carry none, as an
 * AttachmentTextSource for ftsDocument (and the kinds, for their search types).
 */
export async function attachmentTextsOf(
  db: PgQueryable,
  items: ReadonlyArray<Pick<Item, 'attachments'>>,
): Promise<{ source: AttachmentTextSource; kinds: Map<string, string> }> {
  const shas = new Set<string>();
  for (const item of items) for (const a of item.attachments) shas.add(a.sha256);
  const texts: Texts = new Map();
  const kinds = new Map<string, string>();
  if (shas.size > 0) {
    const r = await db.query<{ sha256: string; kind: string; lang: string | null; data: Buffer | null }>(
      'SELECT sha256, kind, lang, data FROM attachment_texts WHERE sha256 = ANY($1::text[])',
      [[...shas].map(pgText)],
    );
    for (const row of r.rows) {
      kinds.set(row.sha256, row.kind);
      const text = decodeAttachmentData(row.data);
      if (text) texts.set(row.sha256, { text, lang: row.lang });
    }
  }
  return { source: (sha) => texts.get(sha), kinds };
}

/** Row numbers of the stored items that hold an attachment with one of these sha256s. */
export async function itemsHolding(db: PgQueryable, sha256s: readonly string[]): Promise<number[]> {
  if (sha256s.length === 0) return [];
  const r = await db.query<{ item: number }>(
    'SELECT DISTINCT item FROM attachments WHERE sha256 = ANY($1::text[])',
    [sha256s.map(pgText)],
  );
  return r.rows.map((x) => x.item);
}
