import { writeFileSync } from 'node:fs';
import { csvRow } from '../../export/csv-row.js';
import { InnsynError } from '../../model/index.js';
import { formatQueryError } from '../../query/index.js';
import { MAX_BATCH_TERMS, runBatchSearch, type BatchRow } from '../../store/index.js';
import { EXIT, type Command } from '../command.js';
import { readTermList } from './batch-terms.js';

export const batchCommand: Command = {
  name: 'batch',
  summary:
    'Search a list of names or terms at once (one per line, or a CSV column), each with the same filters: hits per term, as a table or CSV.',
  usage:
    'innsyn batch FILE|- [--filter QUERY] [--exact] [--column NAME|N] [--csv | --out FILE.csv] [--db FILE] [--json]\n' +
    `  Each line (or row) is a query of its own (at most ${MAX_BATCH_TERMS}); --exact makes each an exact phrase.\n` +
    '  A .csv/.tsv file (or --column) is read as CSV: --column NAME by its header, --column N by number (default 1, no header).',
  access: 'read',
  options: {
    filter: { type: 'string', default: '' },
    exact: { type: 'boolean', default: false },
    column: { type: 'string' },
    csv: { type: 'boolean', default: false },
    out: { type: 'string' },
  },
  async run({ positionals, values, store, json, out }) {
    if (positionals.length !== 1)
      throw new InnsynError('usage', 'give one FILE with the terms (or - for standard input)');
    const file = positionals[0] as string;
    const filter = String(values.filter ?? '');
    const column = typeof values.column === 'string' ? values.column : undefined;
    const terms = readTermList(file, column === undefined ? {} : { column });
    const progress = out.isTTY && !json;
    let result;
    try {
      result = await runBatchSearch(store, terms, {
        filter,
        exact: values.exact === true,
        ...(progress
          ? { onProgress: (done, total) => process.stderr.write(`\r${done}/${total} terms`) }
          : {}),
      });
    } catch (e) {
      if (e instanceof InnsynError && e.code === 'bad-query') {
        if (json) out.json({ error: { code: e.code, message: e.message, column: e.column } });
        else out.error(formatQueryError(filter, e));
        return EXIT.usage;
      }
      throw e;
    } finally {
      if (progress) process.stderr.write('\r\u001b[K');
    }
    const csv = (): string =>
      csvRow(['term', 'hits', 'first', 'last', 'query', 'error']) +
      result.rows.map((r) => csvRow([r.term, r.hits, r.first, r.last, r.query, r.error])).join('');
    if (typeof values.out === 'string') {
      writeFileSync(values.out, csv());
      if (json)
        out.json({ file: values.out, filter: result.filter, exact: result.exact, terms: result.rows.length });
      else
        out.line(`${result.rows.length} terms searched; ${summary(result.rows)}; written to ${values.out}`);
      return EXIT.ok;
    }
    if (json) {
      out.json({ ...result });
      return EXIT.ok;
    }
    if (values.csv === true) {
      process.stdout.write(csv());
      return EXIT.ok;
    }
    const width = Math.max(4, ...result.rows.map((r) => String(r.hits ?? '-').length));
    out.line(
      `${result.rows.length} terms${result.filter ? `, each with ${result.filter}` : ''}: ${summary(result.rows)}`,
    );
    for (const r of result.rows) {
      const hits = String(r.hits ?? '-').padStart(width);
      const span = r.first && r.last ? `  ${r.first.slice(0, 10)}..${r.last.slice(0, 10)}` : '';
      out.line(`${hits}  ${r.term}${span}${r.error ? `  (${r.error})` : ''}`);
    }
    return EXIT.ok;
  },
};

function summary(rows: BatchRow[]): string {
  const found = rows.filter((r) => (r.hits ?? 0) > 0).length;
  const failed = rows.filter((r) => r.error !== null).length;
  return `${found} found something${failed ? `, ${failed} could not be searched` : ''}`;
}
