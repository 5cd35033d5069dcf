import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_ECHO_WINDOW_SECONDS } from '../../analysis/echoes.js';
import { computeEchoSet } from '../../api/echo-set.js';
import { innsynVersion } from '../../api/innsyn-version.js';
import { InnsynError } from '../../model/index.js';
import type { QueryNode } from '../../query/index.js';
import {
  buildReport,
  checkBaseUrl,
  checkTimeZone,
  isReportLang,
  REPORT_LANGS,
  type ReportProblem,
  type ReportSummary,
} from '../../report/index.js';
import { parseDuration, parseOrExplain } from '../analysis-input.js';
import { EXIT, type Command, type Output } from '../command.js';

/** Problems printed by item in the text report (all are in --json and in the report itself). */
const PRINTED_PROBLEMS = 20;

export const reportCommand: Command = {
  name: 'report',
  summary:
    'Story timeline of the matches of a query as one self-contained HTML file (printable to PDF): times in a zone and in UTC, who wrote to whom, the texts, echoes, permalinks and hashes.',
  usage:
    'innsyn report QUERY --out FILE.html [--tz Europe/Oslo] [--lang en|nb] [--title T] [--base-url URL] [--window 7d] [--db FILE] [--json]\n' +
    '  --all instead of QUERY reports every item; --tz defaults to this computer’s zone; permalinks are\n' +
    '  printed as <base-url>/item/<id>, relative (/item/<id>) without --base-url',
  access: 'read',
  options: {
    out: { type: 'string' },
    tz: { type: 'string' },
    lang: { type: 'string', default: 'en' },
    title: { type: 'string', default: '' },
    'base-url': { type: 'string' },
    window: { type: 'string' },
    all: { type: 'boolean', default: false },
  },
  async run({ positionals, values, store, json, out }) {
    const target = typeof values.out === 'string' && values.out.trim() !== '' ? values.out : null;
    if (target === null) throw new InnsynError('usage', 'name the file to write with --out FILE.html');
    const lang = String(values.lang);
    if (!isReportLang(lang)) {
      throw new InnsynError('usage', `--lang takes one of ${REPORT_LANGS.join(', ')}, not '${lang}'`);
    }
    const timeZone = checkTimeZone(
      typeof values.tz === 'string' ? values.tz : Intl.DateTimeFormat().resolvedOptions().timeZone,
    );
    const baseUrl = typeof values['base-url'] === 'string' ? checkBaseUrl(values['base-url']) : null;
    const echoWindowSeconds =
      typeof values.window === 'string'
        ? parseDuration('--window', values.window)
        : DEFAULT_ECHO_WINDOW_SECONDS;
    const queryText = positionals.join(' ').trim();
    if (values.all === true && queryText !== '')
      throw new InnsynError('usage', 'give a QUERY or --all, not both');
    if (values.all !== true && queryText === '') {
      throw new InnsynError(
        'usage',
        'name what the report holds with a QUERY (as for innsyn search, e.g. tag:story), or --all for every item',
      );
    }
    const query: QueryNode | null = parseOrExplain(queryText);
    const file = path.resolve(target);
    if (await exists(file)) {
      throw new InnsynError(
        'usage',
        `${file} already exists: name a new file (a report is never overwritten)`,
      );
    }

    const created = new Date();
    const echoes = await computeEchoSet(store, echoWindowSeconds);
    const report = await buildReport(
      store,
      query,
      {
        title: String(values.title ?? ''),
        queryText,
        timeZone,
        lang,
        baseUrl,
        created,
        innsynVersion: innsynVersion(),
        echoWindowSeconds,
      },
      echoes,
    );
    const written = await writeFileOnce(file, report.chunks());
    const doc = {
      out: file,
      query: queryText,
      created: created.toISOString(),
      timeZone,
      lang,
      baseUrl,
      ...summaryCounts(report.summary),
      bytes: written.bytes,
      sha256: written.sha256,
      problems: report.summary.problems,
      problemCount: report.summary.problemCount,
    };
    if (json) out.json({ report: doc });
    else printReport(doc, report.summary, out);
    return report.summary.problemCount > 0 ? EXIT.failed : EXIT.ok;
  },
};

function summaryCounts(s: ReportSummary) {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    items: s.counts.items,
    private: s.counts.private,
    public: s.counts.public,
    undated: s.counts.undated,
    first: iso(s.counts.first),
    last: iso(s.counts.last),
    echoes: s.counts.echoes,
    people: s.people,
  };
}

/**
 * Writes the chunks to FILE.partial and renames it to FILE when complete (an existing FILE is
 * never overwritten; a failure leaves nothing behind), hashing the bytes as they go.
 */
async function writeFileOnce(
  file: string,
  chunks: AsyncIterable<string>,
): Promise<{ bytes: number; sha256: string }> {
  const partial = `${file}.partial`;
  const out = createWriteStream(partial, { flags: 'wx' });
  out.on('error', () => {}); // surfaced by the next write or the close
  const hash = createHash('sha256');
  let bytes = 0;
  try {
    for await (const chunk of chunks) {
      if (out.errored) throw out.errored;
      const b = Buffer.from(chunk, 'utf8');
      hash.update(b);
      bytes += b.length;
      if (!out.write(b)) await once(out, 'drain');
    }
    await new Promise<void>((resolve, reject) =>
      out.end((err?: Error | null) => (err ? reject(err) : resolve())),
    );
    if (out.errored) throw out.errored;
    if (await exists(file)) {
      throw new InnsynError(
        'usage',
        `${file} appeared while the report was written and was left alone: write it again under another name`,
      );
    }
    await rename(partial, file);
  } catch (e) {
    out.destroy();
    await rm(partial, { force: true });
    throw e;
  }
  return { bytes, sha256: hash.digest('hex') };
}

async function exists(p: string): Promise<boolean> {
  return (await stat(p).catch(() => null)) !== null;
}

function printReport(
  doc: ReturnType<typeof summaryCounts> & {
    out: string;
    query: string;
    timeZone: string;
    bytes: number;
    sha256: string;
  },
  summary: ReportSummary,
  out: Output,
): void {
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  out.line(
    `wrote the story timeline of ${plural(doc.items, 'item', 'items')} matching ${doc.query === '' ? '(all)' : `'${doc.query}'`} ` +
      `to ${doc.out} (${doc.private} private, ${doc.public} public, ${plural(doc.echoes, 'echo', 'echoes')}, ` +
      `${plural(doc.people, 'person', 'people')}; times in ${doc.timeZone} and UTC; ${(doc.bytes / 1024).toFixed(0)} KB)`,
  );
  out.line(`report sha256 ${doc.sha256}`);
  out.line('  (keep this value with the report: it shows the file was not changed)');
  printProblems(summary.problems, summary.problemCount, out);
}

function printProblems(problems: ReportProblem[], count: number, out: Output): void {
  if (count === 0) return;
  out.line(`${count} item${count === 1 ? '' : 's'} could not be checked (listed at the end of the report):`);
  for (const p of problems.slice(0, PRINTED_PROBLEMS)) out.line(`  #${p.n} ${p.id}  ${p.code}`);
  if (count > PRINTED_PROBLEMS) out.line(`  … ${count - PRINTED_PROBLEMS} more`);
}
