import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { normaliseRecord } from '../../../src/ingest/normalise-record.js';
import type { RawMessage, RawRecord } from '../../../src/model/raw-record.js';
import { parseEmail } from '../../../src/sources/email/index.js';
import {
  outlookKind,
  parseOutlookRecord,
  readMsgBytes,
  type ParsedOutlook,
} from '../../../src/sources/outlook/index.js';
import { MAX_EMBEDDED_DEPTH } from '../../../src/sources/outlook/outlook-limits.js';
import { sharedPath } from '../../helpers/shared.js';
import { censusOfMsg, messagesIn, type MessageCensus } from './cfb-census.js';

/**
 * Outlook .msg files of ../shared against two independent oracles: msgreader's own expected
 * parses in the corpus (NAME.json, NAME-attachments0.json: subject, body, recipients, dates,
 * attachments; PROVENANCE.md), and a second walk of each file's compound-file directory
 * (cfb-census.ts) for how many messages and attachments it holds.
 */
const corpus = sharedPath('corpora/kenjiuno-msgreader/test');
const aleph = sharedPath('corpora/aleph-ingest-file/tests/fixtures');

interface Expected {
  messageClass?: string;
  subject?: string;
  body?: string;
  headers?: string;
  clientSubmitTime?: string;
  messageDeliveryTime?: string;
  apptStartWhole?: string;
  recipients?: Array<{
    name?: string;
    email?: string;
    smtpAddress?: string;
    recipType?: 'to' | 'cc' | 'bcc';
  }>;
  attachments?: Array<{
    fileName?: string;
    name?: string;
    contentLength?: number;
    innerMsgContent?: boolean;
  }>;
}

function records(file: string): RawRecord[] {
  return [...readMsgBytes(readFileSync(file), { path: file, member: null })];
}

function parsed(r: RawRecord | undefined): ParsedOutlook {
  assert.ok(r?.type === 'message', 'a message record');
  const p = parseOutlookRecord(r.format as 'outlook-msg', r.bytes);
  if ('problem' in p) assert.fail(p.problem);
  return p;
}

const norm = (s: string | undefined | null): string => (s ?? '').replace(/\s+/g, ' ').trim();
const iso = (s: string): string => new Date(s).toISOString();

/** What our parse must say about a message msgreader's corpus describes with `e`. */
function checkAgainst(name: string, p: ParsedOutlook, e: Expected): void {
  const kind = outlookKind(e.messageClass ?? 'IPM.Note');
  assert.equal(p.outlook.kind, kind, `${name}: kind`);
  assert.equal(p.subject ?? '', e.subject ?? '', `${name}: subject`);
  if (norm(e.body) !== '') {
    if (kind === 'email') assert.equal(norm(p.text), norm(e.body), `${name}: text`);
    else assert.ok(norm(p.text).endsWith(norm(e.body)), `${name}: text ends with the body`);
  }
  for (const type of ['to', 'cc', 'bcc'] as const) {
    const want = (e.recipients ?? [])
      .filter((r) => (r.recipType ?? 'to') === type)
      .map((r) => (r.smtpAddress ?? r.email ?? '').toLowerCase())
      .sort();
    // A contact lists its own e-mail addresses as recipients; msgreader's corpus has none.
    if (kind === 'contact') continue;
    assert.deepEqual(p[type].map((a) => (a.address ?? '').toLowerCase()).sort(), want, `${name}: ${type}`);
  }
  const atts = e.attachments ?? [];
  assert.deepEqual(
    p.attachments.map((a) => a.filename),
    atts.map((a) => (a.innerMsgContent ? `${a.name}.msg` : (a.fileName ?? a.name ?? null))),
    `${name}: attachment names`,
  );
  atts.forEach((a, i) => {
    if (!a.innerMsgContent && a.contentLength !== undefined)
      assert.equal(p.attachments[i]?.size, a.contentLength, `${name}: attachment ${i + 1} size`);
  });
  if (!e.headers) {
    const when =
      kind === 'event'
        ? e.apptStartWhole
        : kind === 'contact'
          ? undefined
          : (e.clientSubmitTime ?? e.messageDeliveryTime);
    if (when) assert.equal(p.date?.utc, iso(when), `${name}: date`);
  }
}

void describe('Outlook .msg - msgreader corpus', { skip: corpus.skip }, () => {
  const names = (): string[] =>
    readdirSync(corpus.path)
      .filter((f) => f.endsWith('.msg'))
      .map((f) => f.slice(0, -4))
      .sort();

  void it('.msg - sender, recipients, subject, dates, text and attachments match the expected parses', () => {
    let checked = 0;
    for (const name of names()) {
      const json = path.join(corpus.path, `${name}.json`);
      if (!existsSync(json)) continue;
      let expected = JSON.parse(readFileSync(json, 'utf8')) as Expected;
      if (name === 'contactAnsi') {
        // The corpus parsed this 8-bit file without a code page ("R hbg COUv a"); its strings
        // are Shift_JIS (locale 1041), and the same contact saved as Unicode is contactUnicode.
        const unicode = JSON.parse(
          readFileSync(path.join(corpus.path, 'contactUnicode.json'), 'utf8'),
        ) as Expected;
        expected = { ...expected, subject: unicode.subject };
      }
      checkAgainst(name, parsed(records(path.join(corpus.path, `${name}.msg`))[0]), expected);
      checked++;
    }
    assert.equal(checked, 32);
  });

  void it('.msg - attached messages are items of their own, matching NAME-attachments0.json', () => {
    const cases: Array<[string, string, string]> = [
      ['msgInMsg', 'attachment 1', 'msgInMsg-attachments0.json'],
      ['msgInMsgInMsg', 'attachment 1', 'msgInMsgInMsg-attachments0.json'],
      ['msgInMsgInMsg', 'attachment 1!/attachment 1', 'msgInMsgInMsg-attachments0-attachments0.json'],
      ['longerFat', 'attachment 1', 'longerFat-attachments0.json'],
    ];
    for (const [file, member, json] of cases) {
      const r = records(path.join(corpus.path, `${file}.msg`)).find((x) => x.location.member === member);
      const wrapper = JSON.parse(readFileSync(path.join(corpus.path, json), 'utf8')) as {
        innerMsgContentFields?: Expected;
      } & Expected;
      checkAgainst(`${file} ${member}`, parsed(r), wrapper.innerMsgContentFields ?? wrapper);
    }
  });

  void it('.msg - every file yields as many messages and attachments as its compound-file directory holds', () => {
    let messages = 0;
    let attachments = 0;
    for (const name of names()) {
      const file = path.join(corpus.path, `${name}.msg`);
      const census = censusOfMsg(readFileSync(file));
      const recs = records(file);
      assert.ok(
        recs.every((r) => r.type === 'message'),
        name,
      );
      assert.equal(recs.length, messagesIn(census, MAX_EMBEDDED_DEPTH), `${name}: messages`);
      // Depth first, in order: the records line up with the census walked the same way.
      const flat: MessageCensus[] = [];
      const stack = [census];
      while (stack.length > 0) {
        const c = stack.pop() as MessageCensus;
        flat.push(c);
        for (let k = c.messages.length - 1; k >= 0; k--) stack.push(c.messages[k] as MessageCensus);
      }
      recs.forEach((r, i) =>
        assert.equal(parsed(r).attachments.length, flat[i]?.attachments, `${name} #${i}: attachments`),
      );
      messages += recs.length;
      attachments += flat.reduce((n, c) => n + c.attachments, 0);
    }
    // 43 files holding 32 attached messages (Many entities.msg alone 22), 52 attachments in all.
    assert.deepEqual([messages, attachments], [75, 52]);
  });

  void it('.msg - 8-bit (non-Unicode) strings are read in the code page the message implies', () => {
    const p = parsed(records(path.join(corpus.path, 'nonUnicodeCP932.msg'))[0]);
    assert.equal(p.subject, '日本語 Non Unicode タイトル');
    assert.ok(p.flags.includes('ansi-codepage:932'), p.flags.join());
    const ansi = parsed(records(path.join(corpus.path, 'contactAnsi.msg'))[0]);
    const unicode = parsed(records(path.join(corpus.path, 'contactUnicode.msg'))[0]);
    assert.equal(ansi.text, unicode.text);
  });

  void it('.msg - calendar items, contacts and tasks are items of their own kind with their details', () => {
    const schedule = parsed(records(path.join(corpus.path, 'A schedule.msg'))[0]);
    assert.equal(schedule.outlook.kind, 'event');
    assert.equal(schedule.outlook.platform, 'outlook');
    assert.equal(schedule.outlook.dateSource, 'export');
    assert.match(
      schedule.text,
      /^Starts: 2021-10-13 09:30 UTC\nEnds: 2021-10-13 10:00 UTC\nLocation: A place\n\nA message body\.\n$/,
    );
    const contact = parsed(records(path.join(corpus.path, 'contactUnicode.msg'))[0]);
    assert.equal(contact.outlook.kind, 'contact');
    assert.deepEqual(
      contact.to.map((a) => a.address),
      ['test@example.com'],
    );
    assert.deepEqual(contact.from, []);
    assert.match(contact.text, /^Mobile phone: 080-0001-0001$/m);
    // A recurring meeting keeps its changed occurrences as attached appointments: events too.
    const lunch = records(path.join(corpus.path, 'Friday Lunch.msg')).map(parsed);
    assert.deepEqual(
      lunch.map((p) => p.outlook.kind),
      ['event', 'event', 'event'],
    );
  });

  void it('.msg - the RTF body is the text when there is no plain body', () => {
    // msgreader's corpus has no RTF-only file, so each is made from a real one by dropping its
    // plain body: what the RTF gives must be what the plain body said.
    for (const name of ['test1', 'sent2', 'nonUnicodeCP932', 'msgInMsg']) {
      const file = path.join(corpus.path, `${name}.msg`);
      const withBody = parsed(records(file)[0]);
      const body = (JSON.parse(readFileSync(path.join(corpus.path, `${name}.json`), 'utf8')) as Expected)
        .body;
      const r = records(file)[0] as RawMessage;
      const opened = parseOutlookRecordWithoutBody(r.bytes);
      assert.equal(norm(opened.text), norm(body), name);
      assert.ok(opened.flags.includes('text-from-rtf'), `${name}: ${opened.flags.join()}`);
      assert.equal(norm(withBody.text), norm(body));
    }
  });

  void it('.msg - one message read from an .eml and from the .msg Outlook made of it gets one id', () => {
    // "Attach sample eml sent" carries sample.eml as a file; "… received" carries the same mail
    // as Outlook converted it on arrival, an attached message with transport headers.
    const sent = parsed(records(path.join(corpus.path, 'Attach sample eml sent.msg'))[0]);
    const eml = sent.attachments.find((a) => a.filename === 'sample.eml')?.content;
    assert.ok(eml);
    const fromEml = normaliseRecord({
      type: 'message',
      format: 'rfc822',
      bytes: eml,
      location: { path: 'a', member: null, offset: 0, length: eml.length },
    });
    const received = records(path.join(corpus.path, 'Attach sample eml received.msg'));
    const fromMsg = normaliseRecord(received[1] as RawMessage);
    assert.ok(fromEml.ok && fromMsg.ok);
    assert.equal(fromMsg.item.id, fromEml.item.id);
    assert.equal(fromMsg.item.messageId, parseEmail(eml).messageId);
    // And one message attached in two .msg files is one item too.
    const a = normaliseRecord(records(path.join(corpus.path, 'msgInMsg.msg'))[0] as RawMessage);
    const b = normaliseRecord(records(path.join(corpus.path, 'msgInMsgInMsg.msg'))[1] as RawMessage);
    assert.ok(a.ok && b.ok);
    assert.equal(a.item.id, b.item.id);
  });

  void it('.msg - Message-ID, In-Reply-To and References come from the transport headers', () => {
    const p = parsed(records(path.join(corpus.path, 'voteNo.msg'))[0]);
    assert.match(p.messageId ?? '', /^!&!AAAAAAAAAAAYAAAAAAAAAMhvd5eG4u1FrRI13ZUKpD3C/);
    assert.ok(p.flags.includes('fields-from-transport-headers'));
    assert.ok(!p.flags.includes('tnef-bad-signature'), 'the header block alone is not parsed as a body');
  });
});

void describe('Outlook .msg - aleph fixtures', { skip: aleph.skip }, () => {
  void it('.msg - piste.msg: sender, recipient, subject and HTML newsletter text', () => {
    const p = parsed(records(path.join(aleph.path, 'piste.msg'))[0]);
    assert.equal(p.subject, 'Ab auf die Piste!');
    assert.equal(p.from[0]?.address, 'mailings@gmxnet.de');
    assert.equal(p.to.length, 1);
    assert.equal(p.date?.utc, '2010-11-28T22:42:18.000Z');
    assert.match(p.text, /GMX Magazin/);
  });

  void it('.msg - fnf.msg is an RFC 822 mail named .msg: read as mail, not as Outlook', () => {
    const bytes = readFileSync(path.join(aleph.path, 'fnf.msg'));
    assert.notEqual(bytes[0], 0xd0);
    const recs = [...readMsgBytes(bytes, { path: 'fnf.msg', member: null })];
    assert.equal(recs[0]?.type, 'unreadable');
  });
});

/** The record's .msg parsed as if it had no PidTagBody (for the RTF-only case). */
function parseOutlookRecordWithoutBody(bytes: Uint8Array): ParsedOutlook {
  // A .msg keeps the plain body in a stream named __substg1.0_1000001F (or 001E); renaming it in
  // place to an unused binary property (same length, so the file stays valid) hides it.
  const buf = Buffer.from(bytes);
  for (const tag of ['1000001F', '1000001E']) {
    const needle = Buffer.from(`__substg1.0_${tag}`, 'utf16le');
    let at = buf.indexOf(needle);
    while (at >= 0) {
      Buffer.from('__substg1.0_7FF00102', 'utf16le').copy(buf, at);
      at = buf.indexOf(needle, at + 1);
    }
  }
  const p = parseOutlookRecord('outlook-msg', buf);
  if ('problem' in p) assert.fail(p.problem);
  return p;
}
