/**
 * Conformance against Stalwart mail-parser's expected parses (../shared/corpora/stalwart-mail-parser):
 * every resources/eml/<group>/NNN.eml beside its NNN.json. Five fields are compared per message:
 * subject, from, to, date and the text body. A message agrees when all five agree. The suite prints
 * the agreement per field and overall and every disagreement, and fails below MIN_OVERALL or on any
 * disagreement that is not one of the argued KNOWN_DIVERGENCES. The same runs again on the input
 * converted to CRLF line ends against Stalwart's NNN.crlf.json.
 *
 * Mapping from Stalwart's JSON (field names are Stalwart's):
 * - headers are `parts[0].headers`, the first field of each name is used (as parseEmail does);
 * - subject: `{Text}`; absent is null;
 * - from/to: `{Address: {List: [{name, address}]}}` or `{Address: {Group: [{name, addresses}]}}`,
 *   flattened to (name, address) pairs; our empty-group entries (name and address null, which
 *   Stalwart represents as a group with no addresses) are dropped before comparing;
 * - Where Stalwart decoded bytes that are not valid in the declared charset to U+FFFD (raw Latin-1 in a
 *   header, Latin-1 labelled utf-8), parseEmail decodes them as windows-1252 as its brief requires; so
 *   in subject, names and text each U+FFFD of Stalwart's stands for any one non-ASCII character of ours.
 * - date: `{DateTime: {year, ..., tz_before_gmt, tz_hour, tz_minute}}` turned into a UTC instant;
 *   `"Empty"` or absent is null; compared as instants;
 * - text: Stalwart's `text_body` lists part indexes. Its `Text` parts are compared as they are. Its
 *   `Html` parts (an HTML-only message, or an HTML-only alternative) hold the raw HTML: Stalwart
 *   converts them to text only when asked, with its own converter, so here they go through OUR
 *   htmlToText and the comparison checks that we picked the same parts and decoded them to the
 *   same characters, not that two HTML-to-text converters lay out text alike. Its `InlineBinary`
 *   parts (images in the text body, RFC 8621) carry no text and are skipped, as parseEmail does.
 *   Stalwart moves every part it marks `is_encoding_problem` (the last part of a multipart whose close
 *   delimiter is missing, a part whose transfer encoding it could not undo) to `attachments`, even
 *   inline text; parseEmail keeps such text in the body and flags the problem instead (the brief:
 *   "missing closing boundary tolerated and flagged"). So those of Stalwart's parts that are inline
 *   text (text/plain or text/html with no `attachment` disposition and no file name) and marked
 *   `is_encoding_problem` are put back among its text parts, in document order.
 *   Both sides are normalised: CRLF and CR to LF, every run of white space (including line breaks
 *   and U+00A0) to one space, trimmed. Line layout is thus not compared; characters and their
 *   order are.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { sharedPath } from '../../helpers/shared.js';
import { parseEmail } from '../../../src/sources/email/index.js';
import type { EmailAddress, ParsedEmail } from '../../../src/sources/email/index.js';
import { htmlToText } from '../../../src/sources/email/html-to-text.js';

/**
 * Overall agreement required: 95 %, as the issue asks. Measured: 96.3 % (103/107); the four
 * others are the argued divergences below, and any further disagreement fails twice: by the
 * rate and by not being a known divergence.
 */
const MIN_OVERALL = 0.95;
/** The same for the CRLF-converted input, which has one more known divergence (95.3 %, 102/107). */
const MIN_OVERALL_CRLF = 0.95;

const corpus = sharedPath('corpora/stalwart-mail-parser');

interface StalwartHeader {
  name: string | { other: string };
  value: unknown;
}
interface StalwartPart {
  headers: StalwartHeader[];
  body: Record<string, unknown>;
  is_encoding_problem?: boolean;
}
interface StalwartMessage {
  text_body: number[];
  attachments: number[];
  parts: StalwartPart[];
}
interface StalwartContentType {
  c_type: string;
  c_subtype: string | null;
  attributes: Array<{ name: string; value: string }> | null;
}
interface StalwartDate {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  tz_before_gmt: boolean;
  tz_hour: number;
  tz_minute: number;
}
type Addr = { name: string | null; address: string | null };

const FIELDS = ['subject', 'from', 'to', 'date', 'text'] as const;
type Field = (typeof FIELDS)[number];

function emlFiles(dir: string): string[] {
  const out: string[] = [];
  const stack = [dir];
  while (stack.length > 0) {
    const d = stack.pop() as string;
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) stack.push(p);
      else if (/^\d+\.eml$/.test(e.name)) out.push(p);
    }
  }
  return out.sort();
}

function header(m: StalwartMessage, name: string): unknown {
  return m.parts[0]?.headers.find((h) => h.name === name)?.value;
}

function stalwartAddresses(v: unknown): Addr[] {
  const a = (v as { Address?: { List?: Addr[]; Group?: Array<{ addresses: Addr[] }> } } | undefined)?.Address;
  if (!a) return [];
  if (a.List) return a.List.map((x) => ({ name: x.name, address: x.address }));
  return (a.Group ?? []).flatMap((g) => g.addresses.map((x) => ({ name: x.name, address: x.address })));
}

function stalwartInstant(d: StalwartDate): string {
  const off = (d.tz_before_gmt ? -1 : 1) * (d.tz_hour * 60 + d.tz_minute);
  return new Date(
    Date.UTC(d.year, d.month - 1, d.day, d.hour, d.minute, d.second) - off * 60_000,
  ).toISOString();
}

function partHeader(p: StalwartPart, name: string): StalwartContentType | undefined {
  return (p.headers.find((h) => h.name === name)?.value as { ContentType?: StalwartContentType } | undefined)
    ?.ContentType;
}

/** Stalwart's attachments that are inline text it set aside only for an encoding problem (see above). */
function setAsideText(m: StalwartMessage): number[] {
  return m.attachments.filter((i) => {
    const p = m.parts[i];
    if (!p?.is_encoding_problem) return false;
    const ct = partHeader(p, 'content_type');
    const cd = partHeader(p, 'content_disposition');
    const isText = !ct || (ct.c_type === 'text' && (ct.c_subtype === 'plain' || ct.c_subtype === 'html'));
    const named = [...(ct?.attributes ?? []), ...(cd?.attributes ?? [])].some(
      (a) => a.name === 'name' || a.name === 'filename',
    );
    return isText && cd?.c_type !== 'attachment' && !named;
  });
}

function stalwartText(m: StalwartMessage): string {
  const texts: string[] = [];
  for (const i of [...m.text_body, ...setAsideText(m)].sort((a, b) => a - b)) {
    const body = m.parts[i]?.body ?? {};
    if (typeof body.Text === 'string') texts.push(body.Text);
    else if (typeof body.Html === 'string') texts.push(htmlToText(body.Html));
  }
  return texts.join('\n');
}

/** Deep equality where each U+FFFD in a string of theirs matches any one non-ASCII character of ours. */
function sameModuloReplacement(o: unknown, t: unknown): boolean {
  const a = JSON.stringify(o);
  const b = JSON.stringify(t);
  if (a === b) return true;
  if (!b.includes('\ufffd')) return false;
  const pattern = b
    .split('\ufffd')
    .map((x) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^\\x00-\\x7f]');
  return new RegExp(`^${pattern}$`, 'u').test(a);
}

function norm(s: string): string {
  return s.replace(/[\s\u00a0]+/g, ' ').trim();
}

function ours(addrs: EmailAddress[]): Addr[] {
  return addrs
    .filter((a) => a.name !== null || a.address !== null)
    .map((a) => ({ name: a.name, address: a.address }));
}

function compare(
  p: ParsedEmail,
  m: StalwartMessage,
): Record<Field, { ok: boolean; ours: unknown; theirs: unknown }> {
  const subj = header(m, 'subject') as { Text?: string } | undefined;
  const theirSubject = subj?.Text ?? null;
  const dt = header(m, 'date') as { DateTime?: StalwartDate } | undefined;
  const theirDate = dt?.DateTime ? stalwartInstant(dt.DateTime) : null;
  const theirFrom = stalwartAddresses(header(m, 'from'));
  const theirTo = stalwartAddresses(header(m, 'to'));
  const theirText = norm(stalwartText(m));
  // Stalwart leaves files uuencoded into the text in it (legacy/049.eml, Outlook 2000): compare
  // the text as written, before parseEmail took them out (uuencode.test.ts tests that step).
  const ourText = norm(p.textAsWritten ?? p.text);
  const r = (o: unknown, t: unknown) => ({ ok: sameModuloReplacement(o, t), ours: o, theirs: t });
  return {
    subject: r(p.subject, theirSubject),
    from: r(ours(p.from), theirFrom),
    to: r(ours(p.to), theirTo),
    date: r(p.date?.utc ?? null, theirDate),
    text: r(ourText, theirText),
  };
}

/**
 * Messages where parseEmail deliberately reads malformed input differently from Stalwart. Each is a
 * choice, argued here; any disagreement NOT listed fails the suite, so a regression cannot hide
 * behind the agreement rate.
 */
const KNOWN_DIVERGENCES: Record<string, string> = {
  'resources/eml/malformed/009.eml':
    'a nested multipart loses its close delimiter and the outer boundary follows: we let the outer delimiter close it (as Dovecot, where this file comes from, does), Stalwart reads the outer delimiter and the next part as text of the inner part',
  'resources/eml/malformed/011.eml': 'same input and reason as malformed/009',
  'resources/eml/malformed/019.eml':
    'fuzzed garbage; a part whose header is followed by a line with no colon and then an empty line: we start the body at that line (Python email does too), Stalwart swallows it as a header line',
  'resources/eml/thirdparty/002.eml':
    'base64 with text after the padding (`...Cg== ignored`, the source test says "ignored"): we stop at the padding; Stalwart decodes the trailing word into bytes that become U+FFFD',
};

/** More divergences that only the CRLF-converted input shows. */
const KNOWN_DIVERGENCES_CRLF: Record<string, string> = {
  'resources/eml/thirdparty/005.eml':
    'converting line ends corrupts a binary UTF-16LE part into an odd number of bytes: we decode the dangling byte to U+FFFD (as TextDecoder and WHATWG do), Stalwart drops it',
};

function conformance(crlf: boolean): void {
  const known = crlf ? { ...KNOWN_DIVERGENCES, ...KNOWN_DIVERGENCES_CRLF } : KNOWN_DIVERGENCES;
  const files = emlFiles(path.join(corpus.path, 'resources', 'eml'));
  assert.ok(files.length >= 100, `expected the 107 Stalwart messages, found ${files.length}`);
  const agree: Record<Field, number> = { subject: 0, from: 0, to: 0, date: 0, text: 0 };
  let overall = 0;
  const disagreements: string[] = [];
  const unexpected: string[] = [];
  for (const file of files) {
    const bytes = readFileSync(file);
    const input = crlf ? Buffer.from(bytes.toString('latin1').replace(/\r?\n/g, '\r\n'), 'latin1') : bytes;
    const parsed = parseEmail(input);
    const expectedFile = file.replace(/\.eml$/, crlf ? '.crlf.json' : '.json');
    const expected = JSON.parse(readFileSync(expectedFile, 'utf8')) as StalwartMessage;
    const res = compare(parsed, expected);
    let all = true;
    const bad: string[] = [];
    for (const f of FIELDS) {
      if (res[f].ok) agree[f]++;
      else {
        all = false;
        const cut = (v: unknown) => JSON.stringify(v)?.slice(0, 200);
        bad.push(
          `    ${f}: ours ${cut(res[f].ours)}\n    ${' '.repeat(f.length)}  theirs ${cut(res[f].theirs)}`,
        );
      }
    }
    const rel = path.relative(corpus.path, file);
    if (all) overall++;
    else {
      disagreements.push(`  ${rel}${known[rel] ? ' (known)' : ''}\n${bad.join('\n')}`);
      if (!known[rel]) unexpected.push(rel);
    }
  }
  const pct = (n: number) => `${((100 * n) / files.length).toFixed(1)}%`;
  console.log(`Stalwart conformance over ${files.length} messages${crlf ? ' (CRLF line ends)' : ''}:`);
  for (const f of FIELDS) console.log(`  ${f.padEnd(8)} ${pct(agree[f])}`);
  console.log(`  overall  ${pct(overall)} (${overall}/${files.length})`);
  if (disagreements.length > 0) console.log(`Disagreeing files:\n${disagreements.join('\n')}`);
  assert.deepEqual(unexpected, [], 'disagreements that are not known, argued divergences');
  const min = crlf ? MIN_OVERALL_CRLF : MIN_OVERALL;
  assert.ok(overall / files.length >= min, `overall agreement ${pct(overall)} is below ${min * 100}%`);
}

test(
  'Email - agrees with Stalwart mail-parser on subject, from, to, date and text',
  { skip: corpus.skip },
  () => {
    conformance(false);
  },
);

test('Email - agrees with Stalwart mail-parser on CRLF input too', { skip: corpus.skip }, () => {
  conformance(true);
});

/**
 * A loose guard on speed, not a benchmark: the corpus parsed 20 times, the mean per message
 * printed. Measured around 0.1-0.2 ms per message (2.6 KB on average) on the 2-core machine, so
 * the bound leaves ten times that for a busy CI box.
 */
const MAX_MEAN_MS_PER_MESSAGE = 2;

test('Email - parses the Stalwart corpus 20 times quickly', { skip: corpus.skip }, () => {
  const inputs = emlFiles(path.join(corpus.path, 'resources', 'eml')).map((f) => readFileSync(f));
  for (const b of inputs) parseEmail(b); // warm up the JIT
  const rounds = 20;
  const t0 = performance.now();
  for (let r = 0; r < rounds; r++) for (const b of inputs) parseEmail(b);
  const mean = (performance.now() - t0) / (rounds * inputs.length);
  const kb = inputs.reduce((n, b) => n + b.length, 0) / inputs.length / 1024;
  console.log(
    `${rounds} x ${inputs.length} messages: ${(mean * 1000).toFixed(0)} µs per message (mean size ${kb.toFixed(1)} KB)`,
  );
  assert.ok(mean < MAX_MEAN_MS_PER_MESSAGE, `mean ${mean.toFixed(2)} ms per message`);
});
