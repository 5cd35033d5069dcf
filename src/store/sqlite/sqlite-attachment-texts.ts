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
import type { SqliteDatabase, SqliteStatement } from './sqlite-driver.js';
import { LruMap } from '../lru-map.js';

/**
 * Texts kept decoded for the full-text document: a file attached to a thousand mails (a
 * letterhead, a price list) is decompressed once while they are indexed, not a thousand times.
 * Entries are at most 2,000,000 characters (extraction's maxOutputChars): 16 of them is ~64 MB
 * at the very worst.
 */
const TEXT_CACHE_ENTRIES = 16;

type InfoRow = Omit<AttachmentTextRow, 'data' | 'ocr'> & { ocr: number };

/**
 * `attachment_texts` (migration 0008): the text read from each attachment, once per sha256
 * (../attachment-texts.ts), and the lookups the write path, reindex and the people index make
 * in it. Runs inside the caller's transaction where there is one.
 */
export class SqliteAttachmentTexts {
  private readonly st: ReturnType<typeof statements>;
  private readonly cache = new LruMap<string, { text: string; lang: string | null } | null>(
    TEXT_CACHE_ENTRIES,
  );

  constructor(db: SqliteDatabase) {
    this.st = statements(db);
  }

  /**
   * Inserts or replaces rows (the same sha256 again replaces its row: a file read again with
   * OCR). Returns the sha256s whose row is new or changed: items already stored that hold them
   * need their full-text row again.
   */
  write(rows: readonly AttachmentText[]): string[] {
    const changed: string[] = [];
    for (const t of rows) {
      const old = this.get([t.sha256], true).get(t.sha256) as AttachmentText | undefined;
      if (old && sameAttachmentText(old, t)) continue;
      const r = encodeAttachmentText(t);
      this.st.upsert.run(
        r.sha256,
        r.status,
        r.kind,
        r.type,
        r.method,
        r.chars,
        r.pages,
        r.ocr_pages,
        r.ocr_confidence,
        r.ocr ? 1 : 0,
        r.lang,
        r.flags,
        r.error,
        r.data,
      );
      this.cache.set(t.sha256, t.text === null || t.text === '' ? null : { text: t.text, lang: t.lang });
      changed.push(t.sha256);
    }
    return changed;
  }

  /** The rows of these sha256s that exist, with their texts when `withText`. */
  get(sha256s: readonly string[], withText: boolean): Map<string, AttachmentTextInfo | AttachmentText> {
    const out = new Map<string, AttachmentTextInfo | AttachmentText>();
    for (const sha of new Set(sha256s)) {
      const r = (withText ? this.st.withText : this.st.info).get(sha) as
        (InfoRow & { data?: Buffer | null }) | undefined;
      if (!r) continue;
      const info = decodeAttachmentInfo(r);
      out.set(sha, withText ? { ...info, text: decodeAttachmentData(r.data ?? null) } : info);
    }
    return out;
  }

  /** The kind the bytes were read as, when they were read (for the search type of an attachment). */
  kind(sha256: string): string | undefined {
    return this.st.kind.get(sha256) as string | undefined;
  }

  /** The extracted texts for full-text documents (ftsDocument's `texts`). */
  readonly source: AttachmentTextSource = (sha256) => {
    let hit = this.cache.get(sha256);
    if (hit === undefined) {
      const r = this.st.text.get(sha256) as { data: Buffer | null; lang: string | null } | undefined;
      const text = r ? decodeAttachmentData(r.data) : null;
      hit = text === null || text === '' ? null : { text, lang: r?.lang ?? null };
      this.cache.set(sha256, hit);
    }
    return hit ?? undefined;
  };

  /** Rowids of the stored items that hold an attachment with one of these sha256s. */
  itemsHolding(sha256s: readonly string[]): number[] {
    const ns = new Set<number>();
    for (const sha of sha256s) for (const n of this.st.holders.all(sha) as number[]) ns.add(n);
    return [...ns];
  }

  /** Forget decoded texts (a rolled-back transaction may have written them). */
  forget(): void {
    this.cache.clear();
  }
}

function statements(db: SqliteDatabase) {
  const from = 'FROM attachment_texts t WHERE t.sha256 = ?';
  return {
    info: db.prepare(`SELECT ${ATTACHMENT_INFO_COLUMNS} ${from}`),
    withText: db.prepare(`SELECT ${ATTACHMENT_INFO_COLUMNS}, t.data ${from}`),
    text: db.prepare(`SELECT t.data, t.lang ${from}`),
    kind: db.prepare(`SELECT t.kind ${from}`).pluck(),
    holders: db.prepare('SELECT DISTINCT item FROM attachments WHERE sha256 = ?').pluck(),
    upsert: db.prepare(
      'INSERT INTO attachment_texts (sha256, status, kind, type, method, chars, pages, ocr_pages, ocr_confidence, ' +
        'ocr, lang, flags, error, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (sha256) DO UPDATE SET ' +
        'status = excluded.status, kind = excluded.kind, type = excluded.type, method = excluded.method, ' +
        'chars = excluded.chars, pages = excluded.pages, ocr_pages = excluded.ocr_pages, ' +
        'ocr_confidence = excluded.ocr_confidence, ocr = excluded.ocr, lang = excluded.lang, flags = excluded.flags, ' +
        'error = excluded.error, data = excluded.data',
    ),
  } satisfies Record<string, SqliteStatement>;
}
