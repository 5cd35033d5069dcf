import { identityText } from '../../model/index.js';
import { InnsynError, snippetForDisplay } from '../../model/index.js';
import { formatQueryError, parseQuery } from '../../query/index.js';
import type { ItemSummary } from '../../store/index.js';
import { EXIT, type Command } from '../command.js';
import { parseCount } from './parse-count.js';

const SORTS = ['relevance', 'date', 'date-asc'] as const;

export const searchCommand: Command = {
  name: 'search',
  summary: 'Search with the query language (see README): terms, "phrases", fields, dates, AND OR NOT.',
  usage: 'innsyn search QUERY [--limit N] [--offset N] [--sort relevance|date|date-asc] [--db FILE] [--json]',
  access: 'read',
  options: {
    limit: { type: 'string', default: '20' },
    offset: { type: 'string', default: '0' },
    sort: { type: 'string', default: 'relevance' },
  },
  async run({ positionals, values, store, json, out }) {
    const q = positionals.join(' ');
    // --limit 0: how many match, and no items (notmuch count).
    const limit = parseCount(values.limit, '--limit', 0, 10000);
    const offset = parseCount(values.offset, '--offset', 0, Number.MAX_SAFE_INTEGER);
    const sort = values.sort as (typeof SORTS)[number];
    if (!SORTS.includes(sort)) throw new InnsynError('usage', `--sort takes one of ${SORTS.join(', ')}`);
    let ast;
    try {
      ast = parseQuery(q);
    } catch (e) {
      if (e instanceof InnsynError && e.code === 'bad-query') {
        if (json) out.json({ error: { code: e.code, message: e.message, column: e.column } });
        else out.error(formatQueryError(q, e));
        return EXIT.usage;
      }
      throw e;
    }
    const result = await store.search(ast, { limit, offset, sort });
    if (json) {
      out.json({ query: q, total: result.total, offset, limit, items: result.items });
      return EXIT.ok;
    }
    const shown = result.items.length > 0 ? ` (${offset + 1}-${offset + result.items.length})` : '';
    out.line(`${result.total} result${result.total === 1 ? '' : 's'}${shown}`);
    for (const it of result.items) printSummary(it, out.line);
    return EXIT.ok;
  },
};

export function printSummary(it: ItemSummary, line: (s?: string) => void): void {
  const date = it.sentAt ? it.sentAt.slice(0, 16).replace('T', ' ') : '(no date)       ';
  const who = it.from ? identityText(it.from) : '(unknown)';
  const marks = `${it.starred ? ' ★' : ''}${it.hasNote ? ' ✎' : ''}${it.tags.length ? ` #${it.tags.join(' #')}` : ''}`;
  line(`${date}  ${it.id}  ${it.platform}/${it.kind}${it.hasAttachments ? ' 📎' : ''}${marks}`);
  line(`  ${who}${it.subject ? `: ${it.subject}` : ''}`);
  if (it.snippet) line(`  ${snippetForDisplay(it.snippet).replace(/\s+/g, ' ')}`);
  const hit = it.attachmentHit;
  if (hit) {
    const name = hit.name ?? `sha256:${hit.sha256.slice(0, 12)}`;
    line(`  in attachment ${name}: ${snippetForDisplay(hit.snippet).replace(/\s+/g, ' ')}`);
  }
}
