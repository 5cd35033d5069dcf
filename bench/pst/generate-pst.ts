/**
 * A deterministic, realistic PST of about a given size, for the PST ingest benchmark (issue 7)
 * and tests: the mail of the benchmark corpus (src/demo/corpus: people, subjects, bodies,
 * replies, attachments) spread over Inbox, Sent Items and nested project and archive folders,
 * plus calendar items, contacts and tasks.
 *
 *   npx tsx bench/pst/generate-pst.ts --mb 1024 --seed 1 --out .bench/pst-1024-seed1.pst
 *
 * Same options → the same file, byte for byte: one seeded PRNG, no clock. Messages are written
 * as they are made, so memory stays small whatever the size. Prints the counts written as JSON
 * and keeps them beside the file (`<out>.json`) for the benchmark to compare readers against.
 */
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { toHtml } from '../../src/demo/corpus/body-text.js';
import { CorpusPlan, EPOCH_MS, SPAN_MS } from '../../src/demo/corpus/corpus-plan.js';
import type { Correspondent } from '../../src/demo/corpus/correspondents.js';
import type { MessageSpec } from '../../src/demo/corpus/message-builder.js';
import { Prng } from '../../src/demo/corpus/prng.js';
import { writePst } from './pst-writer.js';
import type { PstFolderInput, PstMessageInput, PstPerson, PstWriteResult } from './types.js';

/** Bump when the output for a seed changes, so cached benchmark files are regenerated. */
export const PST_GENERATOR_VERSION = 1;

/** Bytes of PST a corpus message takes on average (UTF-16 bodies, 10 % with attachments). */
const BYTES_PER_MESSAGE = 11_000;
/** One message in this many carries a large PDF that needs an XXBLOCK (over 8.3 MB). */
const HUGE_ATTACHMENT_EVERY = 25_000;
const HUGE_ATTACHMENT_BYTES = 9 * 1024 * 1024;
const MAX_MB = 64 * 1024;

export interface GeneratePstOptions {
  mb: number;
  seed: number;
  out: string;
}

export interface GeneratePstResult {
  path: string;
  bytes: number;
  seconds: number;
  messages: number;
  /** Mail (IPM.Note) only. */
  mail: number;
  attachments: number;
  /** Appointments, contacts and tasks. */
  otherItems: number;
  classes: Record<string, number>;
  /** User folders (the store's own Top of Personal Folders, Deleted Items, Search Root not counted). */
  folders: number;
  folderPaths: PstWriteResult['folderPaths'];
  generatorVersion: number;
  seed: number;
  mb: number;
}

/** Mail folders in the order the writer fills them (depth first) and their share of the bytes. */
const MAIL_FOLDERS: Array<{ path: string[]; share: number }> = [
  { path: ['Inbox'], share: 0.3 },
  { path: ['Inbox', 'Leverandører'], share: 0.06 },
  { path: ['Inbox', 'Styret'], share: 0.04 },
  { path: ['Sent Items'], share: 0.15 },
  { path: ['Prosjekter'], share: 0.02 },
  { path: ['Prosjekter', 'Havbris 2022'], share: 0.08 },
  { path: ['Prosjekter', 'Havbris 2022', 'Kontrakter'], share: 0.05 },
  { path: ['Prosjekter', 'Havbris 2022', 'Møtereferater'], share: 0.04 },
  { path: ['Prosjekter', 'Nordlys – «innsyn» 🌌'], share: 0.06 },
  { path: ['Arkiv', '2021'], share: 0.1 },
  { path: ['Arkiv', '2022'], share: 0.1 },
];

const LOCATIONS = ['Møterom Fjord', 'Teams', 'Rådhuset, sal 2', 'Kantina', 'Oslo S', 'Zoom'];
const TASKS = [
  'Send budsjettforslag',
  'Review the supplier contract',
  'Følge opp høringssvar',
  'Prepare board minutes',
  'Ring revisor',
  'Arkivere fakturaer',
];
const MEETINGS = [
  'Styremøte',
  'Prosjektmøte Havbris',
  'Weekly sync',
  'Budsjettgjennomgang',
  'Lunsj',
  'Kick-off',
];

function person(p: Correspondent): PstPerson {
  return { name: p.name, address: p.address };
}

function mailItem(spec: MessageSpec, rng: Prng): PstMessageInput {
  const attachments = spec.attachments.map((a) => ({
    filename: a.filename,
    mimeType: a.contentType,
    data: a.bytes,
  }));
  if (spec.index % HUGE_ATTACHMENT_EVERY === HUGE_ATTACHMENT_EVERY - 1) {
    const head = Buffer.from('%PDF-1.4\n', 'latin1');
    attachments.push({
      filename: 'skannet arkiv.pdf',
      mimeType: 'application/pdf',
      data: Buffer.concat([head, rng.bytes(HUGE_ATTACHMENT_BYTES - head.length)]),
    });
  }
  return {
    subject: spec.subject,
    from: person(spec.from),
    to: spec.to.map(person),
    cc: spec.cc.map(person),
    submitTime: spec.ms,
    deliveryTime: spec.ms + 1000 * (5 + (spec.index % 90)),
    body: spec.plain,
    html: spec.html === null ? undefined : toHtml(spec.html.paragraphs, spec.html.quoted, 'utf-8'),
    messageId: spec.messageId,
    inReplyTo: spec.inReplyTo ?? undefined,
    references: spec.references.length > 0 ? spec.references.join(' ') : undefined,
    attachments,
  };
}

/** Writes the PST; see the file comment. */
export function generatePst(o: GeneratePstOptions): GeneratePstResult {
  if (!(o.mb > 0 && o.mb <= MAX_MB)) throw new RangeError(`--mb must be in (0, ${MAX_MB}], got ${o.mb}`);
  if (!Number.isInteger(o.seed) || o.seed < 0 || o.seed > 0xffffffff)
    throw new RangeError(`--seed must be an unsigned 32-bit integer, got ${o.seed}`);
  const t0 = process.hrtime.bigint();
  const target = o.mb * 1024 * 1024;
  const rng = new Prng(o.seed);
  const estimate = Math.max(10, Math.ceil(target / BYTES_PER_MESSAGE));
  const plan = new CorpusPlan(rng, estimate, o.seed);
  let written = 0;
  let next = 0;

  // Calendar, contacts and tasks are small; their counts grow with the file.
  const appointments = Math.max(3, Math.round(o.mb * 2));
  const contacts = Math.min(plan.people.length, Math.max(3, Math.round(o.mb * 2)));
  const tasks = Math.max(3, Math.round(o.mb));
  function* calendar(): Generator<PstMessageInput> {
    for (let i = 0; i < appointments; i++) {
      const start = EPOCH_MS + Math.floor((SPAN_MS / appointments) * i) + rng.range(8, 15) * 3600_000;
      const organiser = plan.people[rng.int(50)] as Correspondent;
      yield {
        messageClass: 'IPM.Appointment',
        subject: `${rng.pick(MEETINGS)} ${i + 1}`,
        from: person(organiser),
        to: [person(plan.people[rng.int(200)] as Correspondent)],
        submitTime: start - 86_400_000,
        body: `Agenda:\n1. ${rng.pick(TASKS)}\n2. Eventuelt`,
        appointment: { start, end: start + rng.range(1, 4) * 1800_000, location: rng.pick(LOCATIONS) },
      };
    }
  }
  function* contactItems(): Generator<PstMessageInput> {
    for (let i = 0; i < contacts; i++) {
      const p = plan.people[i] as Correspondent;
      yield {
        messageClass: 'IPM.Contact',
        subject: p.name,
        contact: {
          givenName: p.first,
          surname: p.last,
          company: p.domain.split('.')[0],
          email: p.address,
          mobilePhone: `+47 ${rng.range(400, 999)} ${rng.range(10, 99)} ${rng.range(100, 999)}`,
        },
      };
    }
  }
  function* taskItems(): Generator<PstMessageInput> {
    for (let i = 0; i < tasks; i++) {
      const start = EPOCH_MS + Math.floor((SPAN_MS / tasks) * i);
      yield {
        messageClass: 'IPM.Task',
        subject: `${rng.pick(TASKS)} (${i + 1})`,
        body: 'Se vedlagte notat.',
        task: {
          start,
          due: start + rng.range(1, 14) * 86_400_000,
          status: rng.int(5),
          percentComplete: rng.int(11) / 10,
        },
      };
    }
  }

  // Mail folders fill up to cumulative shares of the target size, in writing order.
  let cumulative = 0;
  const quota = new Map<string, number>();
  for (const f of MAIL_FOLDERS) {
    cumulative += f.share;
    quota.set(f.path.join('/'), cumulative);
  }
  const total = cumulative;
  function* mail(path: string[]): Generator<PstMessageInput> {
    const until = ((quota.get(path.join('/')) ?? 0) / total) * target;
    while (written < until) yield mailItem(plan.next(next++), rng);
  }

  const byPath = new Map<string, PstFolderInput>();
  const roots: PstFolderInput[] = [];
  const folder = (path: string[]): PstFolderInput => {
    const key = path.join('/');
    let f = byPath.get(key);
    if (f === undefined) {
      f = { name: path[path.length - 1] as string, subfolders: [] };
      byPath.set(key, f);
      if (path.length === 1) roots.push(f);
      else folder(path.slice(0, -1)).subfolders?.push(f);
    }
    return f;
  };
  for (const m of MAIL_FOLDERS) folder(m.path).messages = mail(m.path);
  roots.splice(2, 0, { name: 'Calendar', containerClass: 'IPF.Appointment', messages: calendar() });
  roots.splice(3, 0, { name: 'Contacts', containerClass: 'IPF.Contact', messages: contactItems() });
  roots.splice(4, 0, { name: 'Tasks', containerClass: 'IPF.Task', messages: taskItems() });

  const uid = Buffer.alloc(16);
  uid.write('innsyn-pst', 0, 'latin1');
  uid.writeUInt32LE(o.seed, 12);
  const r = writePst(
    o.out,
    { folders: roots },
    {
      storeUid: uid,
      onMessage: (s) => {
        written = s.bytes;
      },
    },
  );
  const mailCount = r.classes['IPM.Note'] ?? 0;
  return {
    path: o.out,
    bytes: r.bytes,
    seconds: Math.round(Number(process.hrtime.bigint() - t0) / 1e7) / 100,
    messages: r.messages,
    mail: mailCount,
    attachments: r.attachments,
    otherItems: r.messages - mailCount,
    classes: r.classes,
    folders: r.folders,
    folderPaths: r.folderPaths,
    generatorVersion: PST_GENERATOR_VERSION,
    seed: o.seed,
    mb: o.mb,
  };
}

function cli(): number {
  const { values } = parseArgs({
    options: {
      mb: { type: 'string', default: '100' },
      seed: { type: 'string', default: '1' },
      out: { type: 'string' },
    },
  });
  if (values.out === undefined) {
    process.stderr.write('usage: generate-pst --mb MB --seed S --out FILE.pst\n');
    return 2;
  }
  const r = generatePst({ mb: Number(values.mb), seed: Number(values.seed), out: values.out });
  writeFileSync(`${values.out}.json`, `${JSON.stringify(r, null, 2)}\n`);
  const { folderPaths: _paths, ...counts } = r;
  process.stdout.write(`${JSON.stringify(counts)}\n`);
  return 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = cli();
}
