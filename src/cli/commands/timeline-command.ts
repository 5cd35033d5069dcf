import { timeline, type TimelineBucket } from '../../analysis/timeline.js';
import { InnsynError } from '../../model/index.js';
import { loadAnalysis } from '../analysis-input.js';
import { type Command } from '../command.js';

const BUCKETS: TimelineBucket[] = ['hour', 'day', 'week', 'month'];

export const timelineCommand: Command = {
  name: 'timeline',
  summary: 'Every item on one time axis: private and public apart, per person, per hour, day, week or month.',
  usage: 'innsyn timeline [QUERY] [--bucket hour|day|week|month] [--db FILE] [--json]',
  access: 'read',
  options: { bucket: { type: 'string' } },
  async run({ store, json, out, positionals, values }) {
    const bucket = (values.bucket ?? 'day') as TimelineBucket;
    if (!BUCKETS.includes(bucket)) {
      throw new InnsynError(
        'usage',
        `--bucket takes one of ${BUCKETS.join(', ')}, not '${String(values.bucket)}'`,
      );
    }
    const { items, persons } = await loadAnalysis(store, positionals.join(' '), {
      text: false,
      only: 'senders',
    });
    const t = timeline(items, { bucket });
    if (json) {
      out.json({ timeline: t });
      return 0;
    }
    const name = new Map(persons.map((p) => [p.key, p.name ?? p.handles[0] ?? p.key]));
    for (const row of t.buckets) {
      if (row.private === 0 && row.public === 0) continue;
      const who = Object.entries(row.byPerson)
        .sort((x, y) => y[1].private + y[1].public - (x[1].private + x[1].public))
        .slice(0, 4)
        .map(([k, c]) => `${name.get(k) ?? k} ${c.private + c.public}`)
        .join(', ');
      out.line(
        `${row.start.slice(0, bucket === 'hour' ? 13 : 10)}  private ${row.private}  public ${row.public}  ${who}`,
      );
    }
    if (t.undated > 0) out.line(`(${t.undated} items without a date are not on the axis)`);
    return 0;
  },
};
