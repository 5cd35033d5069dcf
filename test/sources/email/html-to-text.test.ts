import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hasShownElsewhere, htmlToText, isPlainlyHtml } from '../../../src/sources/email/html-to-text.js';

test('HTML to text - block elements break lines, inline ones do not, white space collapses', () => {
  assert.equal(
    htmlToText('<div>one <b>two</b>\n  three</div><p>four</p>five<br>six'),
    'one two three\n\nfour\n\nfive\nsix',
  );
  assert.equal(htmlToText('<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>'), 'a b\nc');
});

test('HTML to text - script, style, head, comments dropped; pre kept', () => {
  assert.equal(
    htmlToText(
      '<head><title>t</title><style>x{}</style></head><script>if (a<b) x()</script><!-- c -->Hi<pre>a\n  b</pre>',
    ),
    'Hi\na\n  b',
  );
});

test('HTML to text - entities: named, numeric, windows-1252 numeric, unknown kept', () => {
  assert.equal(
    htmlToText(
      '&aelig;&oslash;&aring; &amp;&lt;&gt;&quot;&#39; &#8364;&#x20AC;&#128; &euro &bogus; &copyright',
    ),
    'æøå &<>"\' €€€ € &bogus; &copyright',
  );
});

test('HTML to text - quotes in attributes, stray <, unclosed tags', () => {
  assert.equal(htmlToText('<a title="x>y">link</a> a < b <img alt=it\'s>end'), 'link a < b end');
  assert.equal(htmlToText('text <span'), 'text');
});

test('HTML to text - hostile markup stays linear', () => {
  for (const s of [
    '<a title="'.repeat(100_000),
    '<title>'.repeat(100_000),
    '<!--'.repeat(100_000),
    '<x '.repeat(100_000),
  ]) {
    const t0 = performance.now();
    htmlToText(s);
    assert.ok(performance.now() - t0 < 1500, s.slice(0, 10));
  }
});

test('HTML to text - what a mail client shows of <noscript> and inline SVG is read when asked', () => {
  const html =
    '<p>Before</p><noscript><p>Shown without scripts</p></noscript>' +
    '<svg><title>tip</title><style>text{fill:red}</style><text x="1">Label one</text><text>Label two</text>' +
    '<script>hidden()</script></svg><p>After</p>';
  assert.equal(htmlToText(html), 'Before\n\nAfter');
  assert.equal(htmlToText(html, true), 'Before\n\nShown without scripts\n\nLabel one\nLabel two\n\nAfter');
  assert.ok(hasShownElsewhere(html));
  assert.ok(hasShownElsewhere('<SVG\nwidth=1>'));
  assert.ok(!hasShownElsewhere('<p>svg and noscript as words</p><svgx>'));
});

test('HTML to text - a text that is plainly HTML: starts like a document, or most lines hold tags', () => {
  assert.ok(isPlainlyHtml('<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.0//EN">\n<HTML><BODY>Hi</BODY></HTML>'));
  assert.ok(
    isPlainlyHtml('\n  <!-- saved from url=(0022)http://internet.e-mail -->\n<html><p>Hi</p></html>'),
  );
  assert.ok(isPlainlyHtml('<head>\n<title>FC</title>\n<style>\nTABLE.subtable { border: 0 }\n</style>'));
  assert.ok(isPlainlyHtml('<TABLE cellSpacing=0><TR><TD>&nbsp;</TD></TR></TABLE>'));
  const brs = [
    'News of the week<br>',
    'First item<br>',
    'Second item<br>',
    '<b>Third</b><br>',
    'Fourth<br>',
    'Bye',
  ];
  assert.ok(isPlainlyHtml(brs.join('\n')));
});

test('HTML to text - plain text that mentions or quotes HTML is not plainly HTML', () => {
  assert.ok(!isPlainlyHtml('<html> is the root element of a page.\nThanks, Kari'));
  assert.ok(!isPlainlyHtml('Use <b>bold</b> sparingly.\nSecond line\nThird line\nFourth line'));
  const some = [
    'Hi all,',
    'the <br> tags broke',
    'in the new template:',
    '<p class="x">text</p>',
    'so I fixed it.',
  ];
  assert.ok(!isPlainlyHtml([...some, 'Line', 'Line', 'Line', '<br>', '<br>', '<br>'].join('\n')));
  assert.ok(!isPlainlyHtml('a < b and c > d\n'.repeat(20)));
  assert.ok(!isPlainlyHtml(''));
});
