import type { Identity, Item } from '../../model/index.js';
import { attachmentSearchType, type AttachmentKind } from '../../extract/attachments/attachment-type.js';
import type { SqliteDatabase, SqliteStatement } from './sqlite-driver.js';
import { ROLE } from '../item-roles.js';

/** Identity rowids kept in memory; bounded, since a spam archive can name millions of addresses. */
const MAX_CACHED_IDENTITIES = 50_000;

/**
 * Writes the parts of an item that live in the record but are also indexed in their own tables
 * (migrations 0002 and 0004): its attachments by sha256 and its senders and recipients by
 * identity, with the name and handle seen on the item.
 * Used by the write path and by reindex, which rebuilds them from the records.
 */
export class ItemPartsWriter {
  private readonly identityIds = new Map<string, number>();
  private readonly insertAttachment: SqliteStatement;
  private readonly insertIdentity: SqliteStatement;
  private readonly identityN: SqliteStatement;
  private readonly insertItemIdentity: SqliteStatement;

  constructor(private readonly db: SqliteDatabase) {
    this.insertAttachment = db.prepare(
      'INSERT OR IGNORE INTO attachments (sha256, item, seq, name, content_type, type) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.insertIdentity = db.prepare('INSERT OR IGNORE INTO identities (platform, address) VALUES (?, ?)');
    this.identityN = db.prepare('SELECT n FROM identities WHERE platform = ? AND address = ?').pluck();
    this.insertItemIdentity = db.prepare(
      'INSERT OR IGNORE INTO item_identities (item, role, seq, identity, name, handle) VALUES (?, ?, ?, ?, ?, ?)',
    );
  }

  /**
   * Call inside the transaction that inserts item row `n`. `kindOf`: what each attachment's bytes
   * were read as, when they were (attachment_texts), for its search type (`type:`).
   */
  write(
    n: number,
    item: Pick<Item, 'attachments' | 'from' | 'to' | 'cc' | 'bcc'>,
    kindOf?: (sha256: string) => string | undefined,
  ): void {
    item.attachments.forEach((a, seq) => {
      const kind = (kindOf?.(a.sha256) ?? null) as AttachmentKind | null;
      const type = attachmentSearchType(kind, { name: a.name, contentType: a.contentType });
      this.insertAttachment.run(a.sha256, n, seq, a.name, a.contentType, type);
    });
    const put = (role: number, list: Identity[]): void => {
      list.forEach((who, seq) =>
        this.insertItemIdentity.run(n, role, seq, this.identity(who), who.name, who.handle ?? null),
      );
    };
    if (item.from) put(ROLE.from, [item.from]);
    put(ROLE.to, item.to);
    put(ROLE.cc, item.cc);
    put(ROLE.bcc, item.bcc);
  }

  /** Empties both indexes (reindex rebuilds them). Identity rowids stay: nothing else refers to them. */
  clear(): void {
    this.db.exec('DELETE FROM attachments');
    this.db.exec('DELETE FROM item_identities');
  }

  /** Forget cached rowids (after a rolled-back transaction that may have created them). */
  forget(): void {
    this.identityIds.clear();
  }

  private identity(who: Identity): number {
    const key = `${who.platform}\u0000${who.address}`;
    let n = this.identityIds.get(key);
    if (n === undefined) {
      this.insertIdentity.run(who.platform, who.address);
      n = this.identityN.get(who.platform, who.address) as number;
      if (this.identityIds.size >= MAX_CACHED_IDENTITIES) this.identityIds.clear();
      this.identityIds.set(key, n);
    }
    return n;
  }
}
