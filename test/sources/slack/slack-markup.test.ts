import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderSlackText, type MarkupLookup } from '../../../src/sources/slack/slack-markup.js';
import { slackTsToIso } from '../../../src/sources/slack/slack-message.js';

const lookup: MarkupLookup = {
  userHandle: (id) => ({ U1: 'ann', U2: 'bob' })[id] ?? null,
  channelName: (id) => ({ C1: 'general' })[id] ?? null,
};

void describe('Slack markup', () => {
  void it('Slack markup - users become @handle and are collected as mentions', () => {
    const r = renderSlackText('<@U1> and <@U2|bobby> and <@U1> again', lookup);
    assert.equal(r.text, '@ann and @bob and @ann again');
    assert.deepEqual(r.mentions, ['ann', 'bob']);
    assert.deepEqual(r.unknownUsers, []);
  });

  void it('Slack markup - unknown users keep the label Slack wrote, else their id, and are reported', () => {
    const r = renderSlackText('<@U9|zed> <@U8> <@W7|@wendy>', lookup);
    assert.equal(r.text, '@zed @U8 @wendy');
    assert.deepEqual(r.mentions, ['zed', 'U8', 'wendy']);
    assert.deepEqual(r.unknownUsers, ['U9', 'U8', 'W7']);
  });

  void it('Slack markup - channels, broadcasts, user groups and dates', () => {
    const r = renderSlackText(
      '<#C1> <#C2|random> <#C3> <!here> <!channel> <!everyone|@everyone> <!subteam^S1|@ops> ' +
        '<!date^1392734382^{date_num}|2014-02-18> <!foo>',
      lookup,
    );
    assert.equal(r.text, '#general #random #C3 @here @channel @everyone @ops 2014-02-18 <!foo>');
    assert.deepEqual(r.mentions, []);
  });

  void it('Slack markup - links with and without labels, escapes undone', () => {
    const r = renderSlackText(
      'A &lt;b&gt; &amp; <https://x.example/a?b=1&amp;c=2|the &amp; report> <http://y.example/> ' +
        '<https://z.example|z.example> <mailto:a@b.example|a@b.example> <tel:+4712345678> <https://x.example/a?b=1&amp;c=2>',
      lookup,
    );
    assert.equal(
      r.text,
      'A <b> & the & report (https://x.example/a?b=1&c=2) http://y.example/ https://z.example a@b.example +4712345678 ' +
        'https://x.example/a?b=1&c=2',
    );
    assert.deepEqual(r.links, ['https://x.example/a?b=1&c=2', 'http://y.example/', 'https://z.example']);
  });

  void it('Slack markup - a lone < or > is text, and hostile input stays linear', () => {
    assert.equal(renderSlackText('a < b > c <', lookup).text, 'a < b > c <');
    const hostile = '<'.repeat(200_000) + 'x';
    const started = Date.now();
    assert.equal(renderSlackText(hostile, lookup).text, hostile);
    assert.ok(Date.now() - started < 2000);
  });

  void it('Slack ts - UTC seconds cut to milliseconds from the string, never rounded through a float', () => {
    assert.equal(slackTsToIso('1355517523.000005'), '2012-12-14T20:38:43.000Z');
    assert.equal(slackTsToIso('1462147200.123999'), '2016-05-02T00:00:00.123Z');
    assert.equal(slackTsToIso('1462147200.9'), '2016-05-02T00:00:00.900Z');
    assert.equal(slackTsToIso('1462147200'), '2016-05-02T00:00:00.000Z');
    for (const bad of ['', 'abc', '1.2.3', '-5.0', '1e9', '999999999999999.0'])
      assert.equal(slackTsToIso(bad), null, bad);
  });
});
