import type { Identity, Item } from '../../model/index.js';
import { attachmentSearchType, type AttachmentKind } from '../../extract/attachments/attachment-type.js';
import type { PgQueryable } from './pg-driver.js';
import { pgText } from './pg-item-codec.js';
import { ROLE } from '../item-roles.js';

/** Identity row numbers kept in memory; bounded, since a spam archive can name millions of addresses. */
const MAX_CACHED_IDENTITIES = 50_000;

type Parts = Pick<Item, 'attachments' | 'from' | 'to' | 'cc' | 'bcc'>;

/**
 * Writes the parts of items that live in the record but are also indexed in their own tables:
 * attachments by sha256, senders and recipients by identity with the name and handle seen on
 * the item. Set-wise (one statement per table for a whole batch, `unnest` of arrays), inside the
 * caller's transaction; used by the write path and by reindex.
 */
export class ItemPartsWriter {
  private readonly identityIds = new Map<string, number>();

  /** `kinds`: what attachments' bytes were read as, by sha256 (attachment_texts), for their search types. */
  async write(
    db: PgQueryable,
    items: ReadonlyArray<{ n: number; item: Parts }>,
    kinds?: ReadonlyMap<string, string>,
  ): Promise<void> {
    if (items.length === 0) return;
    const att: unknown[][] = [[], [], [], [], [], []];
    for (const { n, item } of items) {
      item.attachments.forEach((a, seq) => {
        const kind = (kinds?.get(a.sha256) ?? null) as AttachmentKind | null;
        const type = attachmentSearchType(kind, { name: a.name, contentType: a.contentType });
        push(att, [pgText(a.sha256), n, seq, pgText(a.name), pgText(a.contentType), type]);
      });
    }
    if ((att[0] as unknown[]).length > 0) {
      await db.query(
        'INSERT INTO attachments (sha256, item, seq, name, content_type, type) ' +
          'SELECT * FROM unnest($1::text[], $2::bigint[], $3::int[], $4::text[], $5::text[], $6::text[]) ON CONFLICT DO NOTHING',
        att,
      );
    }
    const who: Array<{ n: number; role: number; seq: number; id: Identity }> = [];
    for (const { n, item } of items) {
      const put = (role: number, list: Identity[]): void =>
        list.forEach((id, seq) => who.push({ n, role, seq, id }));
      if (item.from) put(ROLE.from, [item.from]);
      put(ROLE.to, item.to);
      put(ROLE.cc, item.cc);
      put(ROLE.bcc, item.bcc);
    }
    if (who.length === 0) return;
    const ids = await this.identities(
      db,
      who.map((w) => w.id),
    );
    const rows: unknown[][] = [[], [], [], [], [], []];
    for (const w of who) {
      push(rows, [w.n, w.role, w.seq, ids.get(key(w.id)), pgText(w.id.name), pgText(w.id.handle ?? null)]);
    }
    await db.query(
      'INSERT INTO item_identities (item, role, seq, identity, name, handle) ' +
        'SELECT * FROM unnest($1::bigint[], $2::smallint[], $3::int[], $4::bigint[], $5::text[], $6::text[]) ' +
        'ON CONFLICT DO NOTHING',
      rows,
    );
  }

  /** Forget cached row numbers (after a rolled-back transaction that may have created them). */
  forget(): void {
    this.identityIds.clear();
  }

  /** The row number of each identity, created when new (in key order, so concurrent writers lock alike). */
  private async identities(db: PgQueryable, list: Identity[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    const missing = new Map<string, [string, string]>();
    for (const id of list) {
      const k = key(id);
      const cached = this.identityIds.get(k);
      if (cached !== undefined) out.set(k, cached);
      else missing.set(k, [pgText(id.platform), pgText(id.address)]);
    }
    if (missing.size === 0) return out;
    const sorted = [...missing.values()].sort((a, b) => compare(a[0], b[0]) || compare(a[1], b[1]));
    const platforms = sorted.map((x) => x[0]);
    const addresses = sorted.map((x) => x[1]);
    await db.query(
      'INSERT INTO identities (platform, address) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT DO NOTHING',
      [platforms, addresses],
    );
    const found = await db.query<{ n: number; platform: string; address: string }>(
      'SELECT i.n, i.platform, i.address FROM identities i JOIN unnest($1::text[], $2::text[]) AS u(platform, address) ' +
        'ON i.platform = u.platform AND i.address = u.address',
      [platforms, addresses],
    );
    const byStored = new Map(found.rows.map((r) => [`${r.platform}\u0000${r.address}`, r.n]));
    for (const [k, [platform, address]] of missing) {
      const n = byStored.get(`${platform}\u0000${address}`) as number;
      out.set(k, n);
      if (this.identityIds.size >= MAX_CACHED_IDENTITIES) this.identityIds.clear();
      this.identityIds.set(k, n);
    }
    return out;
  }
}

function key(id: Identity): string {
  return `${id.platform}\u0000${id.address}`;
}

function push(columns: unknown[][], values: unknown[]): void {
  values.forEach((v, i) => (columns[i] as unknown[]).push(v));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
