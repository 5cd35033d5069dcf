import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAddressList } from '../../../src/sources/email/parse-address-list.js';

const pairs = (s: string) => parseAddressList(s).map((a) => [a.name, a.address, a.group]);

test('Addresses - name-addr, addr-spec, quoted names with escapes and commas', () => {
  assert.deepEqual(pairs('"Doe, John \\"JD\\"" <jd@x.no>, plain@x.no, Kari Nordmann <kari@x.no>'), [
    ['Doe, John "JD"', 'jd@x.no', null],
    [null, 'plain@x.no', null],
    ['Kari Nordmann', 'kari@x.no', null],
  ]);
});

test('Addresses - groups are listed flat with their name; an empty group is kept', () => {
  assert.deepEqual(pairs('Team: a@x.no, B <b@x.no>;, c@x.no, Undisclosed recipients:;'), [
    [null, 'a@x.no', 'Team'],
    ['B', 'b@x.no', 'Team'],
    [null, 'c@x.no', null],
    [null, null, 'Undisclosed recipients'],
  ]);
});

test('Addresses - comments: dropped from names, used as the name of a bare address', () => {
  assert.deepEqual(pairs('jdoe@x.no (John Doe), Pete(his) <pete(acct)@x.no(host)>, root (Cron Daemon)'), [
    ['John Doe', 'jdoe@x.no', null],
    ['Pete', 'pete@x.no', null],
    ['Cron Daemon', 'root', null],
  ]);
});

test('Addresses - encoded words in names, also inside quotes', () => {
  assert.deepEqual(pairs('=?utf-8?q?J=C3=B8rn?= <j@x.no>, "=?iso-8859-1?q?=C5se?=" <a@x.no>'), [
    ['Jørn', 'j@x.no', null],
    ['Åse', 'a@x.no', null],
  ]);
});

test('Addresses - real-world breakage: ; separators, missing >, no brackets, source route, Windows backslash', () => {
  assert.deepEqual(pairs('a@x.no; b@x.no'), [
    [null, 'a@x.no', null],
    [null, 'b@x.no', null],
  ]);
  assert.deepEqual(pairs('Kari <kari@x.no'), [['Kari', 'kari@x.no', null]]);
  assert.deepEqual(pairs('Kari Nordmann kari@x.no'), [['Kari Nordmann', 'kari@x.no', null]]);
  assert.deepEqual(pairs('<@relay.x.no:kari@x.no>'), [[null, 'kari@x.no', null]]);
  assert.deepEqual(pairs('"CORP\\kari" <kari@x.no>'), [['CORP\\kari', 'kari@x.no', null]]);
  assert.deepEqual(pairs('Whomever'), [['Whomever', null, null]]);
  assert.deepEqual(pairs(''), []);
});

test('Addresses - a comment nested 100k deep does not recurse', () => {
  const s = `${'('.repeat(100_000)}x${')'.repeat(100_000)} a@x.no`;
  assert.deepEqual(pairs(s), [[`${'('.repeat(99_999)}x${')'.repeat(99_999)}`, 'a@x.no', null]]);
});
