import { InnsynError, ITEM_ID_PATTERN } from '../../model/index.js';
import {
  checkAuthor,
  checkNote,
  checkTags,
  checkTargetKey,
  type AnnotationChange,
  type AnnotationImport,
  type AnnotationRecord,
  type AnnotationTarget,
  type AnnotationTargetKind,
  type Annotations,
  type NoteMark,
  type StarMark,
  type TagChange,
  type TagCount,
  type TagMark,
} from '../annotations.js';
import type { PgQueryable } from './pg-driver.js';
import type { MatchSql } from './pg-facets.js';
import { asciiLower } from './pg-item-codec.js';

/**
 * Annotations in PostgreSQL (../annotations.ts; tables of migrations/0001-initial.ts), as
 * sqlite-annotations.ts keeps them in SQLite. Every method takes the connection to run on: the
 * store gives the writing ones a transaction.
 */

/** The person a key names, as the store resolves it: its key and every identity key it joins. */
export type PersonResolver = (key: string) => Promise<{ key: string; identities: string[] } | null>;

/** What search results show of an item's annotations (its own and its conversation's). */
export interface ItemMarks {
  tags: string[];
  starred: boolean;
  hasNote: boolean;
}

/** A target as found in this case: the key it is stored under and every key whose annotations it shows. */
interface Resolved {
  kind: AnnotationTargetKind;
  key: string;
  keys: string[];
}

type Table = 'annotation_tags' | 'annotation_stars' | 'annotation_notes';

/**
 * SQL (for `i.n IN (…)`) of the items that carry an annotation of `table`: their own, or their
 * conversation's (compared as `conversation:` compares, ASCII case folded, through the
 * conversation index). With `tag`, only that tag (one `?` parameter, given twice).
 */
export function annotatedItemsSql(table: Table, tag: boolean): string {
  const which = tag ? ' AND a.tag = ?' : '';
  return (
    `SELECT ai.n FROM ${table} a JOIN items ai ON ai.id = a.key WHERE a.kind = 'item'${which} ` +
    `UNION ALL SELECT ac.n FROM ${table} a JOIN items ac ` +
    `ON lower(coalesce(ac.thread_id, ac.conversation_id)) = lower(a.key) WHERE a.kind = 'conversation'${which}`
  );
}

/** `key IN (…)` over the keys of a target (a person has several identities). */
const IN_KEYS = 'kind = $1 AND key = ANY($2::text[])';

export class PgAnnotations {
  constructor(private readonly person: PersonResolver) {}

  /** The annotations of a target this case holds; InnsynError('not-found') for one it does not. */
  async get(db: PgQueryable, target: AnnotationTarget): Promise<Annotations> {
    return this.read(db, await this.resolve(db, target));
  }

  /** Applies a change to a target this case holds and returns its annotations after it. */
  async annotate(
    db: PgQueryable,
    target: AnnotationTarget,
    change: AnnotationChange,
    now: string,
  ): Promise<Annotations> {
    const r = await this.resolve(db, target);
    const add = checkTags(change.addTags ?? []);
    const remove = checkTags(change.removeTags ?? []);
    const author = checkAuthor(change.author);
    const keys = [r.kind, r.keys];
    for (const tag of remove)
      await db.query(`DELETE FROM annotation_tags WHERE ${IN_KEYS} AND tag = $3`, [...keys, tag]);
    for (const tag of add) {
      // A person may carry the tag already under another of its identities.
      const has = await db.query(`SELECT 1 FROM annotation_tags WHERE ${IN_KEYS} AND tag = $3 LIMIT 1`, [
        ...keys,
        tag,
      ]);
      if (has.rows.length === 0) {
        await db.query(
          'INSERT INTO annotation_tags (kind, key, tag, author, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING',
          [r.kind, r.key, tag, author, now],
        );
      }
    }
    if (change.star === true) {
      const has = await db.query(`SELECT 1 FROM annotation_stars WHERE ${IN_KEYS} LIMIT 1`, keys);
      if (has.rows.length === 0) {
        await db.query(
          'INSERT INTO annotation_stars (kind, key, author, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
          [r.kind, r.key, author, now],
        );
      }
    } else if (change.star === false) {
      await db.query(`DELETE FROM annotation_stars WHERE ${IN_KEYS}`, keys);
    }
    if (change.note !== undefined) {
      const text = checkNote(change.note);
      const shown = (await db.query<NoteRow>(`${NOTES_OF} LIMIT 1`, keys)).rows[0];
      if (text === null) await db.query(`DELETE FROM annotation_notes WHERE ${IN_KEYS}`, keys);
      else if (shown === undefined) {
        await db.query(
          'INSERT INTO annotation_notes (kind, key, text, author, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5)',
          [r.kind, r.key, text, author, now],
        );
      } else if (shown.text !== text) {
        await db.query(
          'UPDATE annotation_notes SET text = $1, author = $2, updated_at = $3 WHERE kind = $4 AND key = $5',
          [text, author, now, r.kind, shown.key],
        );
      }
    }
    return this.read(db, r);
  }

  /** Adds and removes tags on items by id (ids the caller read from this case), set-wise. */
  async tagItems(
    db: PgQueryable,
    ids: readonly string[],
    change: TagChange,
    now: string,
  ): Promise<{ added: number; removed: number }> {
    const add = checkTags(change.add);
    const remove = checkTags(change.remove);
    const author = checkAuthor(change.author);
    let added = 0;
    let removed = 0;
    for (const tag of remove) {
      const r = await db.query(
        "DELETE FROM annotation_tags WHERE kind = 'item' AND key = ANY($1::text[]) AND tag = $2",
        [ids, tag],
      );
      removed += r.rowCount ?? 0;
    }
    for (const tag of add) {
      const r = await db.query(
        'INSERT INTO annotation_tags (kind, key, tag, author, created_at) ' +
          "SELECT 'item', id, $2, $3, $4 FROM unnest($1::text[]) AS u(id) ON CONFLICT DO NOTHING",
        [ids, tag, author, now],
      );
      added += r.rowCount ?? 0;
    }
    return { added, removed };
  }

  /** Tags, star and note of each item for its summary: its own and its conversation's. */
  async marks(
    db: PgQueryable,
    items: ReadonlyArray<{ id: string; conversation: string | null }>,
  ): Promise<Map<string, ItemMarks>> {
    if (items.length === 0) return new Map();
    const r = await db.query<{ id: string; tags: string[]; starred: boolean; noted: boolean }>(
      "SELECT x.id, ARRAY(SELECT tag FROM annotation_tags WHERE kind = 'item' AND key = x.id UNION " +
        "SELECT tag FROM annotation_tags WHERE kind = 'conversation' AND key = x.conv ORDER BY 1) AS tags, " +
        "(EXISTS (SELECT 1 FROM annotation_stars WHERE kind = 'item' AND key = x.id) OR " +
        "EXISTS (SELECT 1 FROM annotation_stars WHERE kind = 'conversation' AND key = x.conv)) AS starred, " +
        "(EXISTS (SELECT 1 FROM annotation_notes WHERE kind = 'item' AND key = x.id) OR " +
        "EXISTS (SELECT 1 FROM annotation_notes WHERE kind = 'conversation' AND key = x.conv)) AS noted " +
        'FROM unnest($1::text[], $2::text[]) AS x(id, conv)',
      [items.map((i) => i.id), items.map((i) => i.conversation)],
    );
    return new Map(r.rows.map((x) => [x.id, { tags: x.tags, starred: x.starred, hasNote: x.noted }]));
  }

  /** Every tag with its counts, by name; `matches`: the items to count (null: every item). */
  async list(db: PgQueryable, matches: MatchSql | null): Promise<TagCount[]> {
    const counts = new Map<string, TagCount>();
    const entry = (tag: string): TagCount => {
      let c = counts.get(tag);
      if (!c) {
        c = { tag, items: 0, conversations: 0, people: 0 };
        counts.set(tag, c);
      }
      return c;
    };
    // Every tag, also one that no match carries (0 items).
    for (const r of (await db.query<{ tag: string }>('SELECT DISTINCT tag FROM annotation_tags ORDER BY tag'))
      .rows)
      entry(r.tag);
    const targets = await db.query<{ tag: string; kind: string; c: number }>(
      "SELECT tag, kind, count(*) AS c FROM annotation_tags WHERE kind <> 'item' GROUP BY tag, kind",
    );
    for (const r of targets.rows) {
      const e = entry(r.tag);
      if (r.kind === 'conversation') e.conversations = r.c;
      else if (r.kind === 'person') e.people = r.c;
    }
    // An item tagged itself and through its conversation counts once.
    const where = matches === null ? '' : ` WHERE t.n IN (${matches.sql})`;
    const items = await db.query<{ tag: string; c: number }>(
      "SELECT t.tag, count(DISTINCT t.n) AS c FROM (SELECT a.tag, ai.n FROM annotation_tags a JOIN items ai ON ai.id = a.key WHERE a.kind = 'item' " +
        'UNION ALL SELECT a.tag, ac.n FROM annotation_tags a JOIN items ac ' +
        "ON lower(coalesce(ac.thread_id, ac.conversation_id)) = lower(a.key) WHERE a.kind = 'conversation') t" +
        `${where} GROUP BY t.tag`,
      matches === null ? [] : matches.params,
    );
    for (const r of items.rows) entry(r.tag).items = r.c;
    return [...counts.values()];
  }

  /** Every annotation: tags, then stars, then notes, each by target kind and key. */
  async exportAll(db: PgQueryable): Promise<AnnotationRecord[]> {
    const out: AnnotationRecord[] = [];
    for (const r of (await db.query<TagRow>('SELECT * FROM annotation_tags ORDER BY kind, key, tag')).rows) {
      out.push({
        type: 'tag',
        target: r.kind,
        key: r.key,
        tag: r.tag,
        author: r.author,
        createdAt: r.created_at,
      });
    }
    for (const r of (await db.query<StarRow>('SELECT * FROM annotation_stars ORDER BY kind, key')).rows) {
      out.push({ type: 'star', target: r.kind, key: r.key, author: r.author, createdAt: r.created_at });
    }
    for (const r of (await db.query<NoteRow>('SELECT * FROM annotation_notes ORDER BY kind, key')).rows) {
      out.push({
        type: 'note',
        target: r.kind,
        key: r.key,
        text: r.text,
        author: r.author,
        createdAt: r.created_at,
        updatedAt: r.updated_at,
      });
    }
    return out;
  }

  /** Adds checked records (annotations.ts checkAnnotationRecords); see AnnotationImport for the counts. */
  async importAll(db: PgQueryable, records: readonly AnnotationRecord[]): Promise<AnnotationImport> {
    const result: AnnotationImport = { added: 0, updated: 0, unchanged: 0, unknownTargets: 0 };
    const added = async (r: AnnotationRecord): Promise<void> => {
      result.added++;
      if (!(await this.exists(db, r.target, r.key))) result.unknownTargets++;
    };
    for (const r of records) {
      if (r.type === 'tag') {
        const x = await db.query(
          'INSERT INTO annotation_tags (kind, key, tag, author, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING',
          [r.target, r.key, r.tag, r.author, r.createdAt],
        );
        if ((x.rowCount ?? 0) > 0) await added(r);
        else result.unchanged++;
      } else if (r.type === 'star') {
        const x = await db.query(
          'INSERT INTO annotation_stars (kind, key, author, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
          [r.target, r.key, r.author, r.createdAt],
        );
        if ((x.rowCount ?? 0) > 0) await added(r);
        else result.unchanged++;
      } else {
        const old = (
          await db.query<NoteRow>('SELECT * FROM annotation_notes WHERE kind = $1 AND key = $2', [
            r.target,
            r.key,
          ])
        ).rows[0];
        if (old === undefined) {
          await db.query(
            'INSERT INTO annotation_notes (kind, key, text, author, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6)',
            [r.target, r.key, r.text, r.author, r.createdAt, r.updatedAt],
          );
          await added(r);
        } else if (old.text !== r.text && Date.parse(r.updatedAt) > Date.parse(old.updated_at)) {
          // An imported note keeps the earlier of the two creation times.
          await db.query(
            'UPDATE annotation_notes SET text = $1, author = $2, created_at = least(created_at, $3), updated_at = $4 ' +
              'WHERE kind = $5 AND key = $6',
            [r.text, r.author, r.createdAt, r.updatedAt, r.target, r.key],
          );
          result.updated++;
        } else {
          result.unchanged++;
        }
      }
    }
    return result;
  }

  private async exists(db: PgQueryable, kind: AnnotationTargetKind, key: string): Promise<boolean> {
    switch (kind) {
      case 'item':
        return (await db.query('SELECT 1 FROM items WHERE id = $1', [key])).rows.length > 0;
      case 'conversation':
        return (await conversationKey(db, key)) !== undefined;
      case 'person': {
        const colon = key.indexOf(':');
        const r = await db.query('SELECT 1 FROM identities WHERE platform = $1 AND address = $2', [
          key.slice(0, colon),
          key.slice(colon + 1),
        ]);
        return r.rows.length > 0;
      }
    }
  }

  private async resolve(db: PgQueryable, target: AnnotationTarget): Promise<Resolved> {
    const given = checkTargetKey(target.key, `the ${target.kind}`);
    switch (target.kind) {
      case 'item': {
        const id = given.toLowerCase();
        if (
          !ITEM_ID_PATTERN.test(id) ||
          (await db.query('SELECT 1 FROM items WHERE id = $1', [id])).rows.length === 0
        ) {
          throw new InnsynError('not-found', `no item ${given} in this case`);
        }
        return { kind: 'item', key: id, keys: [id] };
      }
      case 'conversation': {
        // Stored as its items carry it, whatever the letter case it was given in.
        const key = await conversationKey(db, given);
        if (key === undefined) throw new InnsynError('not-found', `no conversation ${given} in this case`);
        return { kind: 'conversation', key, keys: [key] };
      }
      case 'person': {
        const p = await this.person(given);
        if (p === null) throw new InnsynError('not-found', `no person or identity '${given}' in this case`);
        return { kind: 'person', key: p.key, keys: [...new Set([p.key, ...p.identities])] };
      }
      default:
        throw new InnsynError('usage', 'an annotation target is an item, a conversation or a person');
    }
  }

  private async read(db: PgQueryable, r: Resolved): Promise<Annotations> {
    const keys = [r.kind, r.keys];
    const tags: TagMark[] = [];
    const seen = new Set<string>();
    const rows = await db.query<TagRow>(
      `SELECT * FROM annotation_tags WHERE ${IN_KEYS} ORDER BY tag, created_at, key`,
      keys,
    );
    for (const t of rows.rows) {
      if (seen.has(t.tag)) continue; // the earliest, when several identities of a person carry it
      seen.add(t.tag);
      tags.push({ tag: t.tag, author: t.author, createdAt: t.created_at });
    }
    const s = (
      await db.query<StarRow>(
        `SELECT * FROM annotation_stars WHERE ${IN_KEYS} ORDER BY created_at, key LIMIT 1`,
        keys,
      )
    ).rows[0];
    const star: StarMark | null = s ? { author: s.author, createdAt: s.created_at } : null;
    const n = (await db.query<NoteRow>(`${NOTES_OF} LIMIT 1`, keys)).rows[0];
    const note: NoteMark | null = n
      ? { text: n.text, author: n.author, createdAt: n.created_at, updatedAt: n.updated_at }
      : null;
    return { target: { kind: r.kind, key: r.key }, tags, star, note };
  }
}

/** The one note shown: the last written (a person's identities may each have one, after a merge). */
const NOTES_OF = `SELECT * FROM annotation_notes WHERE ${IN_KEYS} ORDER BY updated_at DESC, key`;

/** A conversation's id as its items carry it, found in any letter case; undefined when none has it. */
async function conversationKey(db: PgQueryable, given: string): Promise<string | undefined> {
  const r = await db.query<{ k: string }>(
    'SELECT coalesce(thread_id, conversation_id) AS k FROM items WHERE lower(coalesce(thread_id, conversation_id)) = $1 LIMIT 1',
    [asciiLower(given)],
  );
  return r.rows[0]?.k;
}

interface TagRow {
  kind: AnnotationTargetKind;
  key: string;
  tag: string;
  author: string | null;
  created_at: string;
}
interface StarRow {
  kind: AnnotationTargetKind;
  key: string;
  author: string | null;
  created_at: string;
}
interface NoteRow extends StarRow {
  text: string;
  updated_at: string;
}
