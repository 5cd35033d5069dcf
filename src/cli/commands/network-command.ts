import { writeFile } from 'node:fs/promises';
import { buildNetwork, toCsv, toGexf } from '../../analysis/network.js';
import { InnsynError } from '../../model/index.js';
import { loadAnalysis } from '../analysis-input.js';
import { type Command } from '../command.js';

const FORMATS = ['json', 'csv', 'gexf'] as const;

export const networkCommand: Command = {
  name: 'network',
  summary: 'People as nodes, messages as weighted directed edges; JSON, CSV or GEXF (opens in Gephi).',
  usage: 'innsyn network [QUERY] [--format json|csv|gexf] [--out FILE] [--db FILE]',
  access: 'read',
  options: { format: { type: 'string' }, out: { type: 'string' } },
  async run({ store, json, out, positionals, values }) {
    const format = (json ? 'json' : (values.format ?? 'json')) as (typeof FORMATS)[number];
    if (!FORMATS.includes(format)) {
      throw new InnsynError(
        'usage',
        `--format takes one of ${FORMATS.join(', ')}, not '${String(values.format)}'`,
      );
    }
    const { items, persons } = await loadAnalysis(store, positionals.join(' '), { text: false });
    const network = buildNetwork(items, persons);
    const target = typeof values.out === 'string' ? values.out : null;
    if (format === 'json') {
      if (target) await writeFile(target, `${JSON.stringify({ version: 1, network }, null, 2)}\n`);
      else out.json({ network });
    } else if (format === 'gexf') {
      const gexf = toGexf(network);
      if (target) await writeFile(target, gexf);
      else out.line(gexf.trimEnd());
    } else {
      const csv = toCsv(network);
      if (target) {
        const base = target.replace(/\.csv$/i, '');
        await writeFile(`${base}-nodes.csv`, csv.nodes);
        await writeFile(`${base}-edges.csv`, csv.edges);
      } else {
        out.line(csv.nodes.trimEnd());
        out.line('');
        out.line(csv.edges.trimEnd());
      }
    }
    if (target)
      out.error(`${network.nodes.length} people, ${network.edges.length} edges written to ${target}`);
    return 0;
  },
};
