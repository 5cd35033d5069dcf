import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { MAX_RTF_GROUP_DEPTH, rtfToText } from '../../../src/sources/email/rtf-to-text.js';
import { sharedPath } from '../../helpers/shared.js';

const rtf = (s: string): Uint8Array => Buffer.from(s, 'latin1');
const text = (s: string, flags = new Set<string>()): string => rtfToText(rtf(s), flags).text;

void describe('RTF to text', () => {
  void it("RTF - \\'xx bytes in the document's code page (\\ansicpg)", () => {
    assert.equal(text("{\\rtf1\\ansi\\ansicpg1252 bl\\'e5b\\'e6r \\'f8l\\'85}"), 'blåbær øl…');
    assert.equal(text("{\\rtf1\\ansi\\ansicpg1251 \\'cf\\'f0\\'e8\\'e2\\'e5\\'f2}"), 'Привет');
  });

  void it("RTF - a font's charset overrides the document's code page", () => {
    const s =
      '{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\fswiss Arial;}{\\f1\\fnil\\fcharset204 Arial Cyr;}}' +
      "\\f0 caf\\'e9 {\\f1 \\'e4\\'e0}}";
    assert.equal(text(s), 'café да');
  });

  void it('RTF - double-byte characters: escaped runs, and a trail byte written as a plain character', () => {
    // "日本" in Shift_JIS is 93 FA 96 7B: the last byte is '{' and must be escaped; 'ア' is 83 41 ('A').
    const s = "{\\rtf1\\ansi\\ansicpg932 \\'93\\'fa\\'96\\{ \\'83A}";
    assert.equal(text(s), '日本 ア');
  });

  void it('RTF - \\uN with its \\ucN fallback skipped, negative N and surrogate pairs', () => {
    assert.equal(text('{\\rtf1\\uc1 \\u26085?\\u26412?}'), '日本');
    assert.equal(text("{\\rtf1\\uc2 \\u-3913\\'81\\'40!}"), '\uf0b7!');
    assert.equal(text('{\\rtf1\\uc1 \\u-10179?\\u-8694?}'), '😊');
    assert.equal(text('{\\rtf1\\uc0 caf\\u233 }'), 'café');
  });

  void it('RTF - paragraphs, tabs and special characters', () => {
    assert.equal(
      text('{\\rtf1 one\\par two\\line three\\tab four\\emdash\\~\\ldblquote x\\rdblquote}'),
      'one\ntwo\nthree\tfour—\u00a0“x”',
    );
  });

  void it('RTF - tables, pictures, fields and unknown \\* destinations are not text; field results are', () => {
    const s =
      '{\\rtf1{\\fonttbl{\\f0 Times;}}{\\colortbl;\\red0\\green0\\blue0;}{\\stylesheet{\\s0 Normal;}}' +
      '{\\info{\\title Secret title}}{\\*\\generator Riched20;}{\\pict\\pngblip 89504e47}' +
      'see {\\field{\\*\\fldinst HYPERLINK "http://x.example"}{\\fldrslt the site}} now{\\*\\unknowndest hidden}}';
    assert.equal(text(s), 'see the site now');
  });

  void it('RTF - encapsulated HTML (\\fromhtml1): \\htmltag destinations kept, \\htmlrtf regions dropped', () => {
    const s =
      '{\\rtf1\\ansi\\fbidis\\ansicpg1252\\deff0\\fromhtml1{\\fonttbl{\\f0\\fswiss Arial;}}' +
      '{\\*\\htmltag19 <html>}{\\*\\htmltag50 <body>}\\htmlrtf {\\htmlrtf0 ' +
      "{\\*\\htmltag64 <p>}Hei p\\'e5 deg\\htmlrtf\\par\\htmlrtf0 {\\*\\htmltag72 </p>}" +
      '{\\*\\htmltag64 <p>}<b>not a tag</b> &amp;{\\*\\htmltag72 </p>}\\htmlrtf }\\htmlrtf0 ' +
      '{\\*\\htmltag58 </body>}{\\*\\htmltag27 </html>}}';
    const r = rtfToText(rtf(s), new Set());
    assert.equal(r.html, '<html><body><p>Hei på deg</p><p><b>not a tag</b> &amp;</p></body></html>');
    assert.equal(r.text, 'Hei på deg\n\nnot a tag &');
  });

  void it('RTF - damage is flagged, never thrown: unbalanced braces, bad escapes, nesting past the limit', () => {
    const flags = new Set<string>();
    // A bad \'xx drops the escape and keeps what follows as text.
    assert.equal(text("{\\rtf1 a}}b{c\\'zz", flags), 'abczz');
    assert.ok(flags.has('rtf-unbalanced') && flags.has('rtf-bad-escape'), [...flags].join());
    const deep = new Set<string>();
    const nested = `{\\rtf1 ${'{'.repeat(MAX_RTF_GROUP_DEPTH + 50)}deep${'}'.repeat(MAX_RTF_GROUP_DEPTH + 50)} end}`;
    assert.equal(text(nested, deep), 'deep end');
    assert.ok(deep.has('limit:rtf-depth'));
  });

  void it('RTF - a million bytes of text take linear time', () => {
    const big = `{\\rtf1\\ansicpg932 ${"abc\\'82\\'a0 ".repeat(100_000)}}`;
    const t = performance.now();
    const out = text(big);
    assert.equal(out.length, 500_000 - 1);
    assert.ok(performance.now() - t < 3000, `${performance.now() - t} ms`);
  });

  const corpus = sharedPath('corpora/kenjiuno-msgreader/test');
  void it(
    'RTF - the corpus RTF bodies (msgreader decompressed) read as their plain bodies',
    { skip: corpus.skip },
    () => {
      // NAME.rtf is msgreader's expected decompressed RTF of NAME.msg, NAME.json its PidTagBody.
      const norm = (s: string): string => s.replace(/\s+/g, ' ').trim();
      let compared = 0;
      for (const name of [
        'test1',
        'sent',
        'sent2',
        'A memo',
        'A schedule',
        'msgInMsg',
        'msgInMsgInMsg',
        'nonUnicodeCP932',
        'nonUnicodeMail',
        'Subject',
      ]) {
        const body = (
          JSON.parse(readFileSync(path.join(corpus.path, `${name}.json`), 'utf8')) as { body: string }
        ).body;
        const r = rtfToText(readFileSync(path.join(corpus.path, `${name}.rtf`)), new Set());
        assert.equal(norm(r.text), norm(body), name);
        compared++;
      }
      assert.equal(compared, 10);
    },
  );
});
