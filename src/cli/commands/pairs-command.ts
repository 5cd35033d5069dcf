import { InnsynError } from '../../model/index.js';
import { loadPairs } from '../../analysis/load-pairs.js';
import { DEFAULT_UNANSWERED_AFTER_SECONDS, type Pair } from '../../analysis/pairs.js';
import { durationWords, parseDuration, parseOrExplain } from '../analysis-input.js';
import { parseCount } from './parse-count.js';
import { type Command } from '../command.js';

export const pairsCommand: Command = {
  name: 'pairs',
  summary:
    'Who writes to whom: messages each way, who starts, reply rates and latencies, requests left unanswered.',
  usage:
    'innsyn pairs [QUERY] [--person KEY [--with KEY]] [--unanswered-after 7d] [--limit N] [--db FILE] [--json]',
  access: 'read',
  options: {
    person: { type: 'string' },
    with: { type: 'string' },
    'unanswered-after': { type: 'string' },
    limit: { type: 'string' },
  },
  async run({ store, json, out, positionals, values }) {
    const after = values['unanswered-after'];
    const unansweredAfterSeconds =
      typeof after === 'string'
        ? parseDuration('--unanswered-after', after)
        : DEFAULT_UNANSWERED_AFTER_SECONDS;
    const personKey = async (v: unknown) =>
      typeof v === 'string' ? ((await store.getPerson(v))?.key ?? v) : undefined;
    const person = await personKey(values.person);
    const other = await personKey(values.with);
    if (other !== undefined && person === undefined) throw new InnsynError('usage', '--with needs --person');
    // --json: every pair unless --limit says otherwise; on a terminal the first 20.
    const limit =
      typeof values.limit === 'string'
        ? parseCount(values.limit, '--limit', 1, 1_000_000)
        : json
          ? undefined
          : 20;
    const query = parseOrExplain(positionals.join(' '));
    const { total, pairs } = await loadPairs(
      store,
      query,
      { unansweredAfterSeconds, person, with: other },
      limit,
    );
    if (json) {
      out.json({ total, pairs });
      return 0;
    }
    if (pairs.length === 0) out.line('no two people exchanged private messages in these items');
    for (const p of pairs) printPair(p, out.line);
    if (total > pairs.length) out.line(`… ${total - pairs.length} more pairs (--limit N, or --json for all)`);
    return 0;
  },
};

function printPair(p: Pair, line: (s?: string) => void): void {
  const a = p.aName ?? p.a;
  const b = p.bName ?? p.b;
  const rate = (r: number | null) => (r === null ? '-' : `${Math.round(r * 100)} %`);
  const lat = (s: Pair['replySecondsAtoB']) =>
    s === null ? 'never' : `median ${durationWords(s.median)}, fastest ${durationWords(s.min)} (${s.count}×)`;
  line(`${a}  ⇄  ${b}`);
  line(
    `  ${a} → ${b}: ${p.aToB} messages, ${p.aStarted} sessions started; ${b} answered ${rate(p.replyRateAtoB)}: ${lat(p.replySecondsAtoB)}`,
  );
  line(
    `  ${b} → ${a}: ${p.bToA} messages, ${p.bStarted} sessions started; ${a} answered ${rate(p.replyRateBtoA)}: ${lat(p.replySecondsBtoA)}`,
  );
  line(`  first ${p.firstAt ?? '-'}, last ${p.lastAt ?? '-'}`);
  const requests = p.unanswered.filter((u) => u.request);
  if (requests.length > 0) line(`  requests left unanswered (${requests.length}):`);
  for (const u of requests) {
    line(
      `    ${u.sentAt.slice(0, 16).replace('T', ' ')}  [${u.id}]  ${u.text.replace(/\s+/g, ' ').slice(0, 100)}`,
    );
  }
  line('');
}
