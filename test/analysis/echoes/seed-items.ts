/**
 * The seed scenario (../shared/fixtures/seed-scenario) as the echo analysis sees it: the X
 * archive and the father's post list read by the project's own readers, each record turned into
 * an AnalysisItem the way ingest does (links from the export normalised plus those found in the
 * text, language detected from the text), people keyed `x:<handle or address>`.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { AnalysisItem, AnalysisPerson } from '../../../src/analysis/analysis-item.js';
import { detectLanguage } from '../../../src/extract/lang-detect.js';
import { extractLinks, extractMentions } from '../../../src/extract/links.js';
import { normalizeUrl } from '../../../src/extract/normalize-url.js';
import { emailToItem } from '../../../src/ingest/email-to-item.js';
import type { ExportIdentity, ExportRecord } from '../../../src/model/export-record.js';
import type { Identity } from '../../../src/model/item.js';
import { readMbox } from '../../../src/sources/containers/index.js';
import { parseEmail } from '../../../src/sources/email/index.js';
import { folderTree } from '../../../src/sources/export/export-tree.js';
import { readPostList } from '../../../src/sources/posts/index.js';
import { openXArchive } from '../../../src/sources/x/index.js';

export interface SeedCase {
  items: AnalysisItem[];
  persons: AnalysisPerson[];
  /** Records the readers could not read (expected: none). */
  unreadable: string[];
}

/** Collects every identity seen, so that an account id met alone still gets its handle and name. */
class People {
  private readonly byAddress = new Map<string, { handles: Set<string>; names: Set<string> }>();

  see(id: ExportIdentity): void {
    const k = `${id.platform}:${id.address}`.toLowerCase();
    let e = this.byAddress.get(k);
    if (e === undefined) {
      e = { handles: new Set(), names: new Set() };
      this.byAddress.set(k, e);
    }
    if (id.handle !== null && id.handle !== '') e.handles.add(id.handle.replace(/^@/, '').toLowerCase());
    if (id.name !== null && id.name !== '') e.names.add(id.name);
  }

  /** `x:<handle>` when a handle is known for the address, else `x:<address>`. */
  keyOf(id: ExportIdentity): string {
    const e = this.byAddress.get(`${id.platform}:${id.address}`.toLowerCase());
    const handle = e === undefined ? undefined : [...e.handles].sort()[0];
    return `${id.platform.toLowerCase()}:${handle ?? id.address.toLowerCase()}`;
  }

  persons(): AnalysisPerson[] {
    const out = new Map<string, AnalysisPerson>();
    for (const [k, e] of this.byAddress) {
      const colon = k.indexOf(':');
      const platform = k.slice(0, colon);
      const address = k.slice(colon + 1);
      const handles = [...e.handles].sort();
      const key = `${platform}:${handles[0] ?? address}`;
      const names = [...e.names].sort();
      const prev = out.get(key);
      if (prev === undefined)
        out.set(key, { key, name: names[0] ?? null, handles, addresses: [address], names });
      else {
        prev.addresses.push(address);
        for (const n of names) if (!prev.names.includes(n)) prev.names.push(n);
      }
    }
    return [...out.values()];
  }
}

function toItem(rec: ExportRecord, people: People): AnalysisItem {
  const d = rec.draft;
  const links = new Set<string>();
  for (const l of d.links) {
    const u = normalizeUrl(l);
    if (u !== null) links.add(u);
  }
  for (const l of extractLinks(d.text, null)) links.add(l);
  const mentions = new Set(d.mentions.map((m) => m.replace(/^@/, '').toLowerCase()));
  for (const m of extractMentions(d.text)) mentions.add(m);
  const from = d.from === null ? null : people.keyOf(d.from);
  return {
    id: d.nativeId,
    kind: d.kind,
    platform: d.platform.toLowerCase(),
    visibility: d.visibility,
    sentAt: d.sentAt === null ? null : Date.parse(d.sentAt),
    from,
    to: d.to.map((t) => people.keyOf(t)).filter((k) => k !== from),
    text: d.text,
    lang: detectLanguage(d.text),
    links: [...links],
    mentions: [...mentions],
    attachments: d.attachments.flatMap((a) => (a.sha256 === null ? [] : [a.sha256])),
    conversationId: d.conversation === null ? null : d.conversation.nativeId,
    replyTo: d.replyToNativeId,
  };
}

/** The mailbox's messages as items: private, keyed `email:<address>`, read the way ingest reads them. */
async function readMail(
  file: string,
  unreadable: string[],
): Promise<{ items: AnalysisItem[]; persons: AnalysisPerson[] }> {
  const bytes = await readFile(file);
  async function* chunks(): AsyncIterable<Uint8Array> {
    yield bytes;
  }
  const items: AnalysisItem[] = [];
  const persons = new Map<string, AnalysisPerson>();
  const keyOf = (id: Identity): string => {
    const key = `email:${id.address.toLowerCase()}`;
    const p = persons.get(key) ?? {
      key,
      name: null,
      handles: [],
      addresses: [id.address.toLowerCase()],
      names: [],
    };
    if (id.name !== null && id.name !== '' && !p.names.includes(id.name)) p.names.push(id.name);
    p.name ??= id.name;
    persons.set(key, p);
    return key;
  };
  for await (const r of readMbox(chunks(), { path: file, member: null })) {
    if (r.type !== 'message') {
      unreadable.push(JSON.stringify(r));
      continue;
    }
    const out = emailToItem(parseEmail(r.bytes), r);
    if (!out.ok) {
      unreadable.push(out.reason);
      continue;
    }
    const it = out.item;
    const from = it.from === null ? null : keyOf(it.from);
    items.push({
      id: it.id,
      kind: 'email',
      platform: 'email',
      visibility: 'private',
      sentAt: it.sentAt === null ? null : Date.parse(it.sentAt),
      from,
      to: [...it.to, ...it.cc, ...it.bcc].map(keyOf).filter((k) => k !== from),
      text: it.subject === null ? it.text : `${it.subject}\n${it.text}`,
      lang: it.lang,
      links: it.links,
      mentions: it.mentions,
      attachments: it.attachments.map((a) => a.sha256),
      conversationId: null,
      replyTo: null,
    });
  }
  return { items, persons: [...persons.values()] };
}

/**
 * Reads the seed scenario folder `dir`: the X archive and the post list (what EXPECTED.md
 * point 2 is about), and with `withMail` the mailbox too (the whole case as ingest would see it).
 */
export async function readSeedCase(dir: string, withMail = false): Promise<SeedCase> {
  const records: ExportRecord[] = [];
  const unreadable: string[] = [];
  const archive = openXArchive(await folderTree(path.join(dir, 'DonaldJTrumpJr-x-archive')));
  for await (const r of archive.records()) {
    if (r.type === 'export') records.push(r);
    else unreadable.push(JSON.stringify(r));
  }
  const csvPath = path.join(dir, 'realDonaldTrump-public-posts.csv');
  for await (const r of readPostList({ bytes: await readFile(csvPath), path: csvPath })) {
    if (r.type === 'export') records.push(r);
    else unreadable.push(JSON.stringify(r));
  }
  const people = new People();
  for (const r of records) {
    const d = r.draft;
    if (d.from !== null) people.see(d.from);
    for (const t of d.to) people.see(t);
    for (const p of d.conversation?.participants ?? []) people.see(p);
  }
  const items = records.map((r) => toItem(r, people));
  const persons = people.persons();
  if (withMail) {
    const mail = await readMail(path.join(dir, 'DonaldJTrumpJr-mail.mbox'), unreadable);
    items.push(...mail.items);
    persons.push(...mail.persons);
  }
  items.sort((a, b) => (a.sentAt ?? 0) - (b.sentAt ?? 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { items, persons, unreadable };
}
