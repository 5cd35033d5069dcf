import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CODEC_JOINED,
  CODEC_JOINED_HTML_APART,
  CODEC_SEPARATE,
  CODEC_SEPARATE_HTML_APART,
  SEPARATE_RAW_BYTES,
  compress,
  decodeRaw,
  decodeRecord,
  decodeRecordWithoutHtml,
  encodeContent,
  type ContentRow,
  type ItemRecord,
} from '../../src/store/item-codec.js';
import type { Item } from '../../src/model/index.js';
import { makeItem } from './store-fixtures.js';

/** The record part of an item, as decodeRecord gives it back. */
function recordOf(item: Item): ItemRecord {
  return {
    tzOffset: item.tzOffset,
    dateSource: item.dateSource,
    from: item.from,
    to: item.to,
    cc: item.cc,
    bcc: item.bcc,
    text: item.text,
    html: item.html,
    links: item.links,
    mentions: item.mentions,
    attachments: item.attachments,
    flags: item.flags,
  };
}

function withoutHtml(r: ItemRecord): Omit<ItemRecord, 'html'> {
  const { html: _html, ...rest } = r;
  return rest;
}

const small = Buffer.from('From: a@example.com\r\nSubject: x\r\n\r\nbody\r\n');
const large = Buffer.alloc(SEPARATE_RAW_BYTES + 1000, 'raw bytes ');

test('every codec gives back the record, the record without its HTML and the raw bytes exactly', () => {
  const htmls: Array<[string | null, string]> = [
    [null, 'no HTML'],
    ['', 'empty HTML'],
    ['<p>Økonomi “sitat” – €</p>'.repeat(200), 'HTML'],
    ['<p>a lone surrogate \ud800 and \udfff, a pair 😀, U+0000 \u0000</p>', 'odd characters'],
  ];
  const seen = new Set<number>();
  for (const [html, what] of htmls) {
    for (const raw of [small, large]) {
      const item = makeItem({ html, text: 'Plain words, and "quotes" \\ and æøå.' });
      const row: ContentRow = encodeContent(item, raw);
      seen.add(row.codec);
      const label = `${what}, ${raw.length} raw bytes (codec ${row.codec})`;
      assert.equal(
        row.codec,
        html === null
          ? raw === small
            ? CODEC_JOINED
            : CODEC_SEPARATE
          : raw === small
            ? CODEC_JOINED_HTML_APART
            : CODEC_SEPARATE_HTML_APART,
        label,
      );
      assert.deepEqual(decodeRecord(row), recordOf(item), `${label}: the record`);
      assert.deepEqual(decodeRecordWithoutHtml(row), withoutHtml(recordOf(item)), `${label}: without HTML`);
      assert.ok(!('htmlBytes' in decodeRecord(row)) && !('html' in decodeRecordWithoutHtml(row)), label);
      assert.deepEqual(decodeRaw(row), raw, `${label}: the raw bytes`);
    }
  }
  assert.deepEqual([...seen].sort(), [1, 2, 3, 4]);
});

test('rows written before the HTML was kept apart (codecs 1 and 2 with HTML in the record) still read', () => {
  const item = makeItem({ html: '<p>old</p>' });
  const record = Buffer.from(JSON.stringify(recordOf(item)), 'utf8');
  const joined: ContentRow = {
    codec: CODEC_JOINED,
    record_len: record.length,
    data: compress(Buffer.concat([record, small])),
    raw: null,
  };
  const separate: ContentRow = {
    codec: CODEC_SEPARATE,
    record_len: record.length,
    data: compress(record),
    raw: compress(large),
  };
  for (const [row, raw] of [
    [joined, small],
    [separate, large],
  ] as const) {
    assert.deepEqual(decodeRecord(row), recordOf(item));
    assert.deepEqual(decodeRecordWithoutHtml(row), withoutHtml(recordOf(item)));
    assert.deepEqual(decodeRaw(row), raw);
  }
});

test('with the HTML apart, the record alone is a small part of the stream', () => {
  const item = makeItem({
    html: `<html><body>${'<div class="x">newsletter</div>'.repeat(3000)}</body></html>`,
  });
  const row = encodeContent(item, small);
  const html = Buffer.byteLength(JSON.stringify(item.html));
  assert.ok(row.record_len * 20 < html, `record ${row.record_len} bytes, HTML ${html}`);
});
