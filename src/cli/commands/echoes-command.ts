import { findEchoes } from '../../analysis/echoes.js';
import { InnsynError } from '../../model/index.js';
import { durationWords, loadAnalysis, parseDuration, parseOrExplain } from '../analysis-input.js';
import { type Command } from '../command.js';

export const echoesCommand: Command = {
  name: 'echoes',
  summary:
    'Private messages followed by public posts that echo them (a link, a name, rare words, a quote, a file).',
  usage: 'innsyn echoes [PRIVATE-QUERY] [--window 7d] [--min-score S] [--limit N] [--db FILE] [--json]',
  access: 'read',
  options: { window: { type: 'string' }, 'min-score': { type: 'string' }, limit: { type: 'string' } },
  async run({ store, json, out, positionals, values }) {
    const windowSeconds =
      typeof values.window === 'string' ? parseDuration('--window', values.window) : undefined;
    const minScore = typeof values['min-score'] === 'string' ? Number(values['min-score']) : undefined;
    if (minScore !== undefined && !Number.isFinite(minScore)) {
      throw new InnsynError('usage', `--min-score takes a number, not '${String(values['min-score'])}'`);
    }
    const limit = typeof values.limit === 'string' ? Number(values.limit) : 20;
    if (!Number.isInteger(limit) || limit < 1)
      throw new InnsynError('usage', '--limit takes a whole number, 1 or more');
    // As the API: echoes are found in the whole case (rarity is the case's), and the query picks
    // the private messages whose echoes are listed.
    const { items, persons } = await loadAnalysis(store, '', { text: true });
    const query = parseOrExplain(positionals.join(' '));
    const picked =
      query === null ? null : new Set((await store.analysisItems(query, { text: false })).map((i) => i.id));
    const echoes = findEchoes(items, persons, { windowSeconds, minScore })
      .filter((e) => picked === null || picked.has(e.privateId))
      .slice(0, limit);
    const byId = new Map(items.map((i) => [i.id, i]));
    const name = new Map(persons.map((p) => [p.key, p.name ?? (p.handles[0] ? `@${p.handles[0]}` : p.key)]));
    const iso = (ms: number | null | undefined) => (ms == null ? null : new Date(ms).toISOString());
    const rows = echoes.map((e) => {
      const p = byId.get(e.privateId);
      const q = byId.get(e.publicId);
      return {
        private: { id: e.privateId, sentAt: iso(p?.sentAt), from: p?.from ?? null, to: p?.to ?? [] },
        public: { id: e.publicId, sentAt: iso(q?.sentAt), author: q?.from ?? null },
        latencySeconds: e.latencySeconds,
        evidence: e.evidence,
        score: e.score,
      };
    });
    if (json) {
      out.json({ echoes: rows });
      return 0;
    }
    if (rows.length === 0) out.line('no echoes found (try a longer --window or a lower --min-score)');
    for (const r of rows) {
      const who = (k: string | null) => (k === null ? '(unknown)' : (name.get(k) ?? k));
      out.line(
        `${r.score.toFixed(2)}  ${durationWords(r.latencySeconds)} later: ${who(r.public.author)} posted [${r.public.id}] ` +
          `after ${who(r.private.from)}'s private message [${r.private.id}]`,
      );
      for (const ev of r.evidence) out.line(`        ${ev.kind}: ${ev.detail}`);
    }
    return 0;
  },
};
