/**
 * Hostile input: parseEmail must never throw, never hang and stay fast on anything. Three sources:
 * - every mail-like file of three other parsers' test suites (flanker, postal-mime, mailparser),
 *   as they are and mutated (truncated, bytes flipped, line ends converted) by a seeded generator;
 * - generated attacks: 10,000-deep nesting, 100,000 header fields, 100,000 parts, huge fields, and
 *   inputs built to make a careless parser quadratic;
 * - random bytes.
 * Each parse is timed against PER_MESSAGE_BUDGET_MS.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { sharedPath } from '../../helpers/shared.js';
import { parseEmail } from '../../../src/sources/email/index.js';
import type { ParsedEmail } from '../../../src/sources/email/index.js';
import { seededRandom as rng } from '../../helpers/seeded-random.js';

/** The brief's bound for one message; real messages take well under a millisecond. */
const PER_MESSAGE_BUDGET_MS = 2000;

const corpora = ['corpora/flanker', 'corpora/postal-mime/test', 'corpora/mailparser/test'].map((c) =>
  sharedPath(c),
);

/** Extensions that are never mail (the suites' own code and data). */
const NOT_MAIL =
  /\.(js|mjs|cjs|ts|py|json|md|yml|yaml|html?|png|jpe?g|gif|pdf|zip|gz|msg|docx?|xlsx?|pem|key|sh)$/i;
/** First line of something mail-like: a header field or an mbox From_ line. */
const MAIL_START = /^(From |[!-9;-~]+[ \t]*:)/;

function mailFiles(root: string): string[] {
  const out: string[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const dir = stack.pop() as string;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) stack.push(p);
      else if (!NOT_MAIL.test(e.name) && e.name !== 'LICENSE' && e.name !== 'PROVENANCE.md') {
        if (e.name.endsWith('.eml') || MAIL_START.test(readFileSync(p).subarray(0, 200).toString('latin1')))
          out.push(p);
      }
    }
  }
  return out.sort();
}

function timedParse(
  bytes: Uint8Array,
  what: string,
  options?: Parameters<typeof parseEmail>[1],
): ParsedEmail {
  const t0 = performance.now();
  let parsed: ParsedEmail;
  try {
    parsed = parseEmail(bytes, options);
  } catch (e) {
    assert.fail(`parseEmail threw on ${what}: ${(e as Error).stack ?? String(e)}`);
  }
  const ms = performance.now() - t0;
  assert.ok(ms < PER_MESSAGE_BUDGET_MS, `${what} took ${ms.toFixed(0)} ms`);
  return parsed;
}

function mutations(bytes: Buffer, seed: number): Array<[string, Buffer]> {
  const r = rng(seed);
  const out: Array<[string, Buffer]> = [];
  out.push(['crlf', Buffer.from(bytes.toString('latin1').replace(/\r?\n/g, '\r\n'), 'latin1')]);
  out.push(['cr-only', Buffer.from(bytes.toString('latin1').replace(/\r?\n/g, '\r'), 'latin1')]);
  for (let k = 0; k < 3; k++) out.push([`truncated-${k}`, bytes.subarray(0, Math.floor(r() * bytes.length))]);
  for (let k = 0; k < 3; k++) {
    const m = Buffer.from(bytes);
    const flips = 1 + Math.floor(r() * 32);
    for (let f = 0; f < flips && m.length > 0; f++) {
      const at = Math.floor(r() * m.length);
      // Flip to characters that matter to a MIME parser more often than to random bytes.
      const pick = '\n\r-:;="<>()?=\\ \t\x00\xff';
      m[at] = r() < 0.6 ? pick.charCodeAt(Math.floor(r() * pick.length)) : Math.floor(r() * 256);
    }
    out.push([`flipped-${k}`, m]);
  }
  return out;
}

for (const corpus of corpora) {
  test(
    `Hostile - every mail-like file of ${path.basename(path.dirname(corpus.path))}/${path.basename(corpus.path)} parses, and its mutations too`,
    { skip: corpus.skip },
    () => {
      const files = mailFiles(corpus.path);
      assert.ok(files.length > 0, `no mail-like files found under ${corpus.path}`);
      let n = 0;
      files.forEach((file, i) => {
        const bytes = readFileSync(file);
        const rel = path.relative(corpus.path, file);
        timedParse(bytes, rel);
        n++;
        for (const [how, m] of mutations(bytes, i + 1)) {
          timedParse(m, `${rel} (${how})`);
          n++;
        }
      });
      console.log(`${files.length} mail-like files, ${n} parses`);
    },
  );
}

test('Hostile - 10,000-deep nested multipart finishes fast and is flagged limit:depth', () => {
  const depth = 10_000;
  const parts: string[] = [];
  // Boundaries where none is a prefix of another (RFC 2046 §5.1.1 matches prefixes).
  for (let d = 0; d < depth; d++)
    parts.push(`Content-Type: multipart/mixed; boundary="=_${d}_="\n\n--=_${d}_=\n`);
  parts.push('Content-Type: text/plain\n\ninnermost\n');
  for (let d = depth - 1; d >= 0; d--) parts.push(`--=_${d}_=--\n`);
  const p = timedParse(Buffer.from(parts.join('')), 'deep multipart');
  assert.ok(p.flags.includes('limit:depth'));
  assert.equal(p.attachments.length, 1, 'the part past the depth limit is kept whole as one attachment');
});

test('Hostile - 10,000-deep nested message/rfc822 finishes fast and is flagged limit:depth', () => {
  const one = 'Subject: level\nContent-Type: message/rfc822\n\n';
  const p = timedParse(Buffer.from(`${one.repeat(10_000)}Subject: bottom\n\nbottom text\n`), 'deep rfc822');
  assert.ok(p.flags.includes('limit:depth'));
});

test('Hostile - 100,000 header fields: first 5000 kept, flagged limit:headers', () => {
  const fields = Array.from({ length: 100_000 }, (_, i) => `X-H${i}: value ${i}`).join('\n');
  const p = timedParse(Buffer.from(`Subject: many\n${fields}\n\nbody\n`), '100k headers');
  assert.ok(p.flags.includes('limit:headers'));
  assert.equal(p.headers.length, 5000);
  assert.equal(p.subject, 'many');
  assert.equal(p.text, 'body\n');
});

test('Hostile - 100,000 parts: flagged limit:parts, time stays linear', () => {
  const p = timedParse(
    Buffer.from(
      `Content-Type: multipart/mixed; boundary="b"\n\n${'--b\nContent-Type: application/x-a\n\nx\n'.repeat(100_000)}--b--\n`,
    ),
    '100k parts',
  );
  assert.ok(p.flags.includes('limit:parts'));
  assert.ok(p.attachments.length < 2000);
});

test('Hostile - a 5 MB header field and a 5 MB line with no break', () => {
  const big = timedParse(
    Buffer.from(`Subject: ${'x'.repeat(5_000_000)}\nFrom: a@x.no\n\nbody\n`),
    'huge field',
  );
  assert.ok(big.flags.includes('limit:header-bytes'));
  const line = timedParse(Buffer.from('x'.repeat(5_000_000)), 'one long line');
  assert.deepEqual(line.headers, []);
  const folded = timedParse(
    Buffer.from(`Subject: a\n${' x\n'.repeat(1_000_000)}\nbody\n`),
    'huge folded field',
  );
  assert.ok(folded.flags.includes('limit:header-bytes'));
});

test('Hostile - inputs built to be quadratic stay fast', () => {
  const cases: Array<[string, string]> = [
    ['subject of unclosed encoded words', `Subject: ${'=?utf-8?q?a '.repeat(100_000)}\n\nx\n`],
    ['address of 100k angle brackets', `From: ${'<'.repeat(100_000)}\nTo: ${'"a, '.repeat(50_000)}\n\nx\n`],
    ['address of 100k comments', `From: ${'(a) '.repeat(100_000)}x@y\n\nx\n`],
    ['content-type of 100k parameters', `Content-Type: text/plain; ${'a*1*=b; '.repeat(100_000)}\n\nx\n`],
    [
      '32 open multiparts and 100k almost-delimiters',
      `${Array.from({ length: 32 }, (_, d) => `Content-Type: multipart/mixed; boundary="bb${d}"\n\n--bb${d}\n`).join('')}\n${'--bb\n'.repeat(100_000)}`,
    ],
    [
      'html of 100k unclosed tags',
      `Content-Type: text/html\n\n${'<a href="'.repeat(50_000)}${'<title>'.repeat(50_000)}\n`,
    ],
    ['base64 of junk', `Content-Transfer-Encoding: base64\n\n${'!@#$%^&*'.repeat(200_000)}\n`],
    [
      'quoted-printable of lone =',
      `Content-Transfer-Encoding: quoted-printable\n\n${'='.repeat(1_000_000)}\n`,
    ],
    ['stray lines in a header', `Subject: s\n${'junk line\n'.repeat(100_000)}To: a@x\n\nx\n`],
  ];
  for (const [what, s] of cases) {
    const t0 = performance.now();
    timedParse(Buffer.from(s, 'latin1'), what);
    console.log(`${what}: ${(performance.now() - t0).toFixed(0)} ms`);
  }
});

test('Hostile - random bytes', () => {
  const r = rng(42);
  for (let k = 0; k < 20; k++) {
    const b = Buffer.alloc(1 + Math.floor(r() * 200_000));
    for (let i = 0; i < b.length; i++) b[i] = Math.floor(r() * 256);
    timedParse(b, `random ${k}`);
  }
});
