import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { generateCorpus } from '../../src/demo/generate-corpus.js';
import { extractText } from '../../src/extract/attachments/extract-text.js';
import { benchQueries } from '../../bench/bench-queries.js';

// Small enough to run in about a second, big enough for threads, attachments and every encoding.
const N = 300;
const SEED = 7;

const tmp = mkdtempSync(path.join(tmpdir(), 'innsyn-bench-test-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** The files of a Maildir's cur/ in message order, as raw bytes. */
function readMaildir(dir: string): Array<{ name: string; raw: Buffer }> {
  return readdirSync(path.join(dir, 'cur'))
    .sort((a, b) => parseInt(a, 10) - parseInt(b, 10))
    .map((name) => ({ name, raw: readFileSync(path.join(dir, 'cur', name)) }));
}

function sha256(b: Buffer): string {
  return createHash('sha256').update(b).digest('hex');
}

interface Entity {
  headers: Map<string, string[]>;
  /** Body as a binary string (one char per byte). */
  body: string;
}

/** Splits a binary string at the first empty line into unfolded headers and body. */
function parseEntity(bin: string): Entity {
  const cut = bin.indexOf('\n\n');
  const head = cut < 0 ? bin : bin.slice(0, cut);
  const body = cut < 0 ? '' : bin.slice(cut + 2);
  const headers = new Map<string, string[]>();
  // Header bytes may be raw UTF-8 (RFC 6532): decode them strictly.
  const text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(head, 'latin1'));
  for (const line of text.replace(/\n[ \t]+/g, ' ').split('\n')) {
    const i = line.indexOf(':');
    assert.ok(i > 0, `header line without a colon: ${line}`);
    const name = line.slice(0, i).toLowerCase();
    headers.set(name, [...(headers.get(name) ?? []), line.slice(i + 1).trim()]);
  }
  return { headers, body };
}

function one(e: Entity, name: string): string {
  const v = e.headers.get(name);
  assert.ok(v !== undefined && v.length === 1, `expected exactly one ${name} header, got ${v?.length ?? 0}`);
  return v[0] ?? '';
}

function param(value: string, name: string): string | null {
  const m = new RegExp(`;\\s*${name}="?([^";]+)"?`, 'i').exec(value);
  return m?.[1] ?? null;
}

/** RFC 2047 decoding, by hand: B and Q, UTF-8 (strictly) and ISO-8859-1. */
function decodeWords(s: string): string {
  return s
    .replace(/(=\?[^?]+\?[BbQq]\?[^?]*\?=)\s+(?==\?)/g, '$1')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_, charset: string, enc: string, text: string) => {
      const bytes =
        enc.toUpperCase() === 'B'
          ? Buffer.from(text, 'base64')
          : Buffer.from(
              text
                .replace(/_/g, ' ')
                .replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
              'latin1',
            );
      const cs = charset.toLowerCase();
      if (cs === 'utf-8') return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      assert.equal(cs, 'iso-8859-1', `unexpected charset ${charset}`);
      return bytes.toString('latin1');
    });
}

/** Quoted-printable decoding (RFC 2045 §6.7), asserting every escape is well formed. */
function decodeQp(body: string): Buffer {
  const lines = body.replace(/\n$/, '').split('\n');
  for (const l of lines) assert.ok(l.length <= 76, `QP line longer than 76: ${l.length}`);
  const joined = body.replace(/=\n/g, '');
  assert.doesNotMatch(joined, /=(?![0-9A-F]{2})/, 'malformed QP escape');
  assert.doesNotMatch(joined, /[^\x09\x0a\x20-\x7e]/, 'raw 8-bit byte in QP');
  return Buffer.from(
    joined.replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
    'latin1',
  );
}

function decodeBase64(body: string): Buffer {
  const lines = body.replace(/\n$/, '').split('\n');
  for (const l of lines) {
    assert.ok(l.length <= 76, 'base64 line longer than 76');
    assert.match(l, /^[A-Za-z0-9+/]*={0,2}$/, 'not base64');
  }
  const joined = lines.join('');
  const bytes = Buffer.from(joined, 'base64');
  assert.equal(bytes.toString('base64'), joined, 'base64 does not round-trip');
  return bytes;
}

/** Every leaf part of a message, walked with an explicit stack (no recursion). */
function leaves(raw: Buffer): Entity[] {
  const out: Entity[] = [];
  const stack = [parseEntity(raw.toString('latin1'))];
  while (stack.length > 0) {
    const e = stack.pop() as Entity;
    const ct = e.headers.get('content-type')?.[0] ?? 'text/plain';
    if (!/^multipart\//i.test(ct)) {
      out.push(e);
      continue;
    }
    const boundary = param(ct, 'boundary');
    assert.ok(boundary !== null, 'multipart without boundary');
    const segments = e.body.split(`\n--${boundary}`);
    assert.ok(segments.at(-1)?.startsWith('--'), 'missing closing delimiter');
    for (const seg of segments.slice(1, -1)) stack.push(parseEntity(seg.replace(/^\n/, '')));
  }
  return out;
}

void describe('Bench corpus', () => {
  let dirA = '';
  let messages: Array<{ name: string; raw: Buffer; e: Entity }> = [];

  before(async () => {
    dirA = path.join(tmp, 'a');
    const r = await generateCorpus({ messages: N, seed: SEED, format: 'maildir', dir: dirA });
    assert.equal(r.files, N);
    messages = readMaildir(dirA).map((m) => ({ ...m, e: parseEntity(m.raw.toString('latin1')) }));
    assert.equal(
      r.bytes,
      messages.reduce((s, m) => s + m.raw.length, 0),
    );
  });

  void test('Bench corpus - the same seed gives byte-identical output, another seed does not', async () => {
    const dirB = path.join(tmp, 'b');
    await generateCorpus({ messages: N, seed: SEED, format: 'maildir', dir: dirB });
    const a = readMaildir(dirA);
    const b = readMaildir(dirB);
    assert.deepEqual(
      b.map((m) => m.name),
      a.map((m) => m.name),
    );
    for (let i = 0; i < a.length; i++)
      assert.equal(sha256(b[i]?.raw ?? Buffer.alloc(0)), sha256(a[i]?.raw ?? Buffer.alloc(0)));

    const dirC = path.join(tmp, 'c');
    await generateCorpus({ messages: N, seed: SEED + 1, format: 'maildir', dir: dirC });
    const c = readMaildir(dirC);
    assert.ok(c.filter((m, i) => m.raw.equals(a[i]?.raw ?? Buffer.alloc(0))).length === 0, 'seed is ignored');
  });

  void test('Bench corpus - file names follow the Maildir convention <n>.<seed>.bench:2,S', () => {
    messages.forEach((m, i) => assert.equal(m.name, `${i}.${SEED}.bench:2,S`));
    assert.deepEqual(readdirSync(path.join(dirA, 'new')), []);
    assert.deepEqual(readdirSync(path.join(dirA, 'tmp')), []);
  });

  void test('Bench corpus - every message has the declared headers, a valid date and a unique Message-ID', () => {
    const ids = new Set<string>();
    const offsets = new Set<string>();
    for (const { e, raw } of messages) {
      for (const h of ['from', 'to', 'subject', 'mime-version', 'content-type']) one(e, h);
      const id = one(e, 'message-id');
      assert.match(id, /^<[^<>@\s]+@[^<>@\s]+>$/);
      assert.ok(!ids.has(id), `duplicate Message-ID ${id}`);
      ids.add(id);
      const date = one(e, 'date');
      const m = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} ([+-]\d{4})( \(UTC\))?$/.exec(
        date,
      );
      assert.ok(m, `bad Date: ${date}`);
      offsets.add(m[1] ?? '');
      const t = Date.parse(date.replace(/ \(UTC\)$/, ''));
      assert.ok(t >= Date.UTC(2021, 0, 1) && t < Date.UTC(2024, 1, 1), `date out of range: ${date}`);
      assert.match(one(e, 'from'), /<?[a-z0-9._-]+@[a-z0-9.-]+\.[a-z]+>?$/);
      // RFC 5322 §2.1.1: no line over 998 characters.
      for (const line of raw.toString('latin1').split('\n')) assert.ok(line.length <= 998);
      // Encoded words must decode (strict UTF-8), and decoded names must not keep =?…?= debris.
      assert.doesNotMatch(decodeWords(one(e, 'subject') + ' ' + one(e, 'from')), /=\?/);
    }
    assert.ok(offsets.size >= 4, `only ${offsets.size} time zones`);
  });

  void test('Bench corpus - replies reference earlier Message-IDs and carry Re:/SV: subjects', () => {
    const seen = new Set<string>();
    let replies = 0;
    for (const { e } of messages) {
      const irt = e.headers.get('in-reply-to')?.[0];
      if (irt !== undefined) {
        replies++;
        const refs = one(e, 'references').split(/\s+/);
        for (const r of refs) assert.ok(seen.has(r), `References names an unknown or later id: ${r}`);
        assert.equal(refs.at(-1), irt, 'the last reference is the parent');
        assert.match(decodeWords(one(e, 'subject')), /^(Re|RE|SV|Sv): /);
      }
      seen.add(one(e, 'message-id'));
    }
    assert.ok(replies > N * 0.25 && replies < N * 0.65, `${replies} replies of ${N}`);
  });

  void test('Bench corpus - quoted-printable and base64 parts decode to text or to the declared file type', () => {
    const counts = { qp: 0, b64: 0, '8bit': 0, latin1: 0, html: 0, attachments: 0, norwegianQp: 0 };
    for (const { raw } of messages) {
      for (const part of leaves(raw)) {
        const ct = (part.headers.get('content-type')?.[0] ?? 'text/plain').toLowerCase();
        const cte = (part.headers.get('content-transfer-encoding')?.[0] ?? '7bit').toLowerCase();
        const charset = param(ct, 'charset');
        let bytes: Buffer;
        if (cte === 'quoted-printable') {
          counts.qp++;
          bytes = decodeQp(part.body);
        } else if (cte === 'base64') {
          counts.b64++;
          bytes = decodeBase64(part.body);
        } else {
          if (cte === '8bit') counts['8bit']++;
          else assert.doesNotMatch(part.body, /[^\x00-\x7f]/, '8-bit byte in a 7bit part');
          bytes = Buffer.from(part.body, 'latin1');
        }
        if (ct.startsWith('text/html')) counts.html++;
        if (part.headers.has('content-disposition')) counts.attachments++;
        if (ct.startsWith('text/')) {
          const text =
            charset === 'iso-8859-1'
              ? bytes.toString('latin1')
              : new TextDecoder('utf-8', { fatal: true }).decode(bytes);
          if (charset === 'iso-8859-1') counts.latin1++;
          assert.ok(text.length > 0);
          if (cte === 'quoted-printable' && /[æøå]/.test(text)) counts.norwegianQp++;
        } else if (ct.startsWith('application/pdf')) {
          assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
        } else if (ct.startsWith('image/jpeg')) {
          assert.deepEqual([...bytes.subarray(0, 2)], [0xff, 0xd8]);
        }
      }
    }
    for (const [k, v] of Object.entries(counts)) assert.ok(v > 0, `no ${k} part in ${N} messages`);
    // ~10 % of messages carry attachments (1 or 2 each).
    assert.ok(
      counts.attachments > N * 0.04 && counts.attachments < N * 0.25,
      `${counts.attachments} attachments`,
    );
  });

  void test('Bench corpus - senders follow a Zipf law: the top one sends far more than the median', () => {
    const bySender = new Map<string, number>();
    for (const { e } of messages) {
      const addr = /([^<\s]+@[^>\s]+)>?$/.exec(one(e, 'from'))?.[1] ?? '';
      bySender.set(addr, (bySender.get(addr) ?? 0) + 1);
    }
    const counts = [...bySender.values()].sort((a, b) => b - a);
    const top = counts[0] ?? 0;
    const median = counts[Math.floor(counts.length / 2)] ?? 0;
    assert.ok(top >= 10 * median, `top ${top}, median ${median}`);
    assert.ok(top >= N * 0.05, `top sender has only ${top} of ${N}`);
  });

  void test('Bench corpus - mbox output holds the same messages, mboxrd-quoted', async () => {
    const r = await generateCorpus({ messages: N, seed: SEED, format: 'mbox', dir: path.join(tmp, 'mbox') });
    assert.equal(r.files, 1);
    const mbox = readFileSync(r.path).toString('latin1');
    assert.equal(mbox.length, r.bytes);
    const chunks = mbox
      .split(/^From \S+ [A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}\n/m)
      .slice(1);
    assert.equal(chunks.length, N);
    chunks.forEach((c, i) => {
      const unquoted = c.replace(/\n$/, '').replace(/^>(>*From )/gm, '$1');
      assert.equal(unquoted, messages[i]?.raw.toString('latin1'));
    });
  });

  void test('Bench corpus - every bench query names words the generator writes', () => {
    const qs = benchQueries();
    assert.equal(qs.length, 10);
    assert.equal(new Set(qs.map((q) => q.kind)).size, 10);
    const all = messages.map((m) => m.raw.toString('latin1').toLowerCase()).join('\n');
    for (const w of ['meeting', 'budget', 'deadline', 'invoice', 'board meeting', 'regjer', 'haugland']) {
      assert.ok(all.includes(w), `the corpus never says "${w}"`);
    }
  });

  void test('Demo corpus - documents: real PDFs and Word files with text; everything else as in the bench corpus', async () => {
    const dirR = path.join(tmp, 'real');
    await generateCorpus({ messages: N, seed: SEED, format: 'maildir', dir: dirR, documents: 'real' });
    const real = readMaildir(dirR);
    const opaque = readMaildir(dirA);
    assert.deepEqual(
      real.map((m) => m.name),
      opaque.map((m) => m.name),
    );
    const isDocument = (ct: string) =>
      ct.startsWith('application/pdf') || ct.includes('wordprocessingml.document');
    let documents = 0;
    for (let i = 0; i < real.length; i++) {
      const parts = leaves(real[i]!.raw);
      const docs = parts.filter((p) => isDocument((p.headers.get('content-type')?.[0] ?? '').toLowerCase()));
      if (docs.length === 0) {
        // Not one number drawn differently: a message without a document is the same message.
        assert.ok(real[i]!.raw.equals(opaque[i]!.raw), `message ${i} differs though it holds no document`);
        continue;
      }
      for (const part of docs) {
        documents++;
        const ct = (part.headers.get('content-type')?.[0] ?? '').toLowerCase();
        const name = param(part.headers.get('content-disposition')?.[0] ?? '', 'filename');
        const r = await extractText(decodeBase64(part.body), { name, contentType: ct }, { ocr: false });
        assert.deepEqual([r.flags, r.error ?? null], [[], null], `${name}: ${r.error}`);
        assert.ok((r.text ?? '').split(/\s+/).length > 100, `${name}: ${r.text?.slice(0, 80)}`);
        if (/^(kontrakt|faktura|utkast)/.test(name ?? ''))
          assert.match(r.text ?? '', / og /, 'Norwegian text');
      }
    }
    assert.ok(documents >= 5, `${documents} documents`);
  });
});
