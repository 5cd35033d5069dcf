import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDate } from '../../../src/sources/email/parse-date.js';

const utc = (s: string) => parseDate(s)?.utc ?? null;

test('Dates - RFC 5322 form, UTC instant and offset', () => {
  assert.deepEqual(parseDate('Tue, 1 Jul 2003 10:52:37 +0200'), {
    utc: '2003-07-01T08:52:37.000Z',
    offsetMinutes: 120,
  });
  assert.deepEqual(parseDate('Tue, 30 Dec 1969 23:32:54 -0330'), {
    utc: '1969-12-31T03:02:54.000Z',
    offsetMinutes: -210,
  });
});

test('Dates - obsolete and real-world forms', () => {
  assert.equal(utc('1 Jul 2003 10:52:37 +0200'), '2003-07-01T08:52:37.000Z'); // no weekday
  assert.equal(utc('Wed, 27 Jun 99 04:11 +0900'), '1999-06-26T19:11:00.000Z'); // 2-digit year, no seconds
  assert.equal(utc('Sat, 1 Jan 05 00:00:00 GMT'), '2005-01-01T00:00:00.000Z'); // 2-digit year < 50
  assert.equal(utc('Fri, 21 Nov 1997 09:55:06 EST'), '1997-11-21T14:55:06.000Z');
  assert.equal(utc('Fri, 21 Nov 1997 09:55:06 PDT'), '1997-11-21T16:55:06.000Z');
  assert.equal(utc('21 Nov 1997 09:55:06 UT'), '1997-11-21T09:55:06.000Z');
  assert.equal(utc('21 Nov 1997 09:55:06 Z'), '1997-11-21T09:55:06.000Z');
  assert.equal(utc('Mon, 3 Jun 2016 10:36:00 -0400 (EDT)'), '2016-06-03T14:36:00.000Z');
  assert.equal(utc('Tue, 1 Jul 2003 (comment) 10:52:37 +0200 (CEST)'), '2003-07-01T08:52:37.000Z');
  assert.equal(utc('Tue Jul  1 10:52:37 2003'), '2003-07-01T10:52:37.000Z'); // asctime, no zone
  assert.equal(utc('1-Jul-2003 10:52:37 +0200'), '2003-07-01T08:52:37.000Z');
  assert.equal(utc('Tuesday, July 1, 2003 10:52:37 PM GMT+0200'), '2003-07-01T20:52:37.000Z');
  assert.equal(utc('2003-07-01T10:52:37+02:00'), '2003-07-01T08:52:37.000Z');
  assert.equal(utc('Thu, 10 Jul 1997 14:53:31 EST5EDT'), '1997-07-10T19:53:31.000Z');
  assert.equal(
    utc('by mx.example with SMTP id x; Mon, 10 Oct 2022 10:31:15 -0700'),
    '2022-10-10T17:31:15.000Z',
  );
});

test('Dates - what cannot be read with confidence is null', () => {
  for (const s of [
    '',
    'sometime',
    'Whenever',
    '07/01/2003 10:00',
    '32 Jan 2003 10:00:00',
    '1 Jan 2003',
    'Tue, 7 Bog 2026 19:14:51 +0000',
    '30 Feb 2003 10:00:00',
    '1 Jan 2003 25:00:00',
  ]) {
    assert.equal(parseDate(s), null, s);
  }
});

test('Dates - a numeric zone that is no offset: the zone a comment names, else UTC, marked', () => {
  // HyperKitty's test mail bad_date_tz.txt: -3000 is 30 hours.
  assert.deepEqual(parseDate('Tue, 30 Nov 1999 23:56:33 -3000 (CST)'), {
    utc: '1999-12-01T05:56:33.000Z',
    offsetMinutes: -360,
    zoneInvalid: true,
  });
  assert.deepEqual(parseDate('Tue, 30 Nov 1999 23:56:33 +9999'), {
    utc: '1999-11-30T23:56:33.000Z',
    offsetMinutes: 0,
    zoneInvalid: true,
  });
  // A valid offset wins over its comment, unmarked.
  assert.deepEqual(parseDate('Tue, 30 Nov 1999 23:56:33 -0600 (EST)'), {
    utc: '1999-12-01T05:56:33.000Z',
    offsetMinutes: -360,
  });
});

test('Dates - a zone written without its sign (0530, after the time and the year) is east of UTC, flagged; the instant as before is kept', () => {
  const d = parseDate('Mon, 12 Aug 2002 23:37:59 0530');
  assert.equal(d?.utc, '2002-08-12T18:07:59.000Z');
  assert.equal(d?.offsetMinutes, 330);
  assert.deepEqual(d?.zoneUnsigned, { utcAsBefore: '2002-08-12T23:37:59.000Z' });
  // Four digits that cannot be a zone, or that are the year (asctime), or 0000: as before.
  assert.equal(parseDate('Mon, 12 Aug 2002 23:37:59 0537')?.zoneUnsigned, undefined);
  assert.equal(parseDate('Mon Aug 12 23:37:59 2002')?.utc, '2002-08-12T23:37:59.000Z');
  assert.equal(parseDate('Mon, 12 Aug 2002 23:37:59 0000')?.zoneUnsigned, undefined);
  assert.equal(parseDate('Mon, 12 Aug 2002 23:37:59 +0530')?.zoneUnsigned, undefined);
});
