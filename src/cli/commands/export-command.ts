import path from 'node:path';
import { innsynVersion } from '../../api/innsyn-version.js';
import {
  exportEvidence,
  exportMbox,
  openDirSink,
  openZipSink,
  type EvidenceExportReport,
  type ExportProblem,
  type ManifestDatabase,
  type MboxExportReport,
} from '../../export/index.js';
import { InnsynError } from '../../model/index.js';
import { formatQueryError, parseQuery, type QueryNode } from '../../query/index.js';
import { printableSpec, type Store } from '../../store/index.js';
import { countProgress } from '../count-progress.js';
import { EXIT, JSON_SCHEMA_VERSION, type Command, type Output } from '../command.js';

const FORMATS = ['evidence', 'mbox'] as const;
/** Problems printed by name in the text report (all are in --json and the manifest). */
const PRINTED_PROBLEMS = 20;

export const exportCommand: Command = {
  name: 'export',
  summary:
    'Evidence export of the matches of a query (folder or zip): original bytes, attachments, items.csv, items.jsonl, manifest.json with every sha256; or an mbox of the emails.',
  usage:
    'innsyn export QUERY --out DIR|FILE.zip [--db FILE] [--json]\n' +
    '       innsyn export QUERY --format mbox --out FILE.mbox [--db FILE] [--json]\n' +
    '  --all instead of QUERY exports every item; check an export with innsyn verify',
  access: 'read',
  options: {
    out: { type: 'string' },
    format: { type: 'string', default: 'evidence' },
    all: { type: 'boolean', default: false },
  },
  async run({ positionals, values, store, dbPath, json, out }) {
    const format = values.format as (typeof FORMATS)[number];
    if (!FORMATS.includes(format)) {
      throw new InnsynError(
        'usage',
        `--format takes one of ${FORMATS.join(', ')}, not '${String(values.format)}'`,
      );
    }
    const target = typeof values.out === 'string' && values.out.trim() !== '' ? values.out : null;
    if (target === null) {
      throw new InnsynError(
        'usage',
        format === 'mbox'
          ? 'name the file to write with --out FILE.mbox'
          : 'name where to write with --out DIR or --out FILE.zip',
      );
    }
    const queryText = positionals.join(' ').trim();
    if (values.all === true && queryText !== '')
      throw new InnsynError('usage', 'give a QUERY or --all, not both');
    if (values.all !== true && queryText === '') {
      throw new InnsynError(
        'usage',
        'name what to export with a QUERY (as for innsyn search), or --all for every item',
      );
    }
    let query: QueryNode | null = null;
    if (queryText !== '') {
      try {
        query = parseQuery(queryText);
      } catch (e) {
        if (e instanceof InnsynError && e.code === 'bad-query') {
          if (json) out.json({ error: { code: e.code, message: e.message, column: e.column } });
          else out.error(formatQueryError(queryText, e));
          return EXIT.usage;
        }
        throw e;
      }
    }

    const total = (await store.search(query, { limit: 0, offset: 0, sort: 'date' })).total;
    const bar = countProgress(out.isTTY && !json, 'items');
    const onProgress = (p: { items: number; bytes: number }): void => bar.update(p.items, total, p.bytes);
    try {
      if (format === 'mbox') {
        const report = await exportMbox(store, query, target, { queryText, onProgress });
        bar.done();
        if (json) out.json({ export: report });
        else printMbox(report, out);
        return report.problemCount > 0 ? EXIT.failed : EXIT.ok;
      }
      const sink = /\.zip$/i.test(target) ? await openZipSink(target) : await openDirSink(target);
      const report = await exportEvidence(store, query, sink, {
        queryText,
        innsynVersion: innsynVersion(),
        itemDocumentVersion: JSON_SCHEMA_VERSION,
        created: createdTime(),
        database: await describeDatabase(store, dbPath),
        // Temporary files beside the export, on the disk the reporter chose for it.
        spoolDir: path.dirname(sink.target),
        onProgress,
      });
      bar.done();
      if (json) out.json({ export: report });
      else printEvidence(report, out);
      return report.counts.problems > 0 ? EXIT.failed : EXIT.ok;
    } finally {
      bar.done();
    }
  },
};

/**
 * The `created` time of the manifest: now, or SOURCE_DATE_EPOCH when set (the reproducible-builds
 * convention, whole seconds since 1970), so that two exports of the same query are byte-identical.
 */
function createdTime(): Date {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  if (epoch === undefined || epoch === '') return new Date();
  if (!/^\d{1,12}$/.test(epoch)) {
    throw new InnsynError('usage', `SOURCE_DATE_EPOCH must be whole seconds since 1970, not '${epoch}'`);
  }
  return new Date(Number(epoch) * 1000);
}

/** The database as the manifest names it: the file, or a URL without its password. */
async function describeDatabase(store: Store, dbPath: string): Promise<ManifestDatabase> {
  const stats = await store.stats();
  return { path: printableSpec(dbPath), items: stats.items, sources: stats.sources };
}

function printEvidence(r: EvidenceExportReport, out: Output): void {
  const c = r.counts;
  out.line(
    `exported ${c.items} item${c.items === 1 ? '' : 's'} matching ${r.query === '' ? '(all)' : `'${r.query}'`} to ${r.out} ` +
      `(${r.container}): ${c.files} files and the manifest, ${(c.bytes / 1048576).toFixed(1)} MB, ` +
      `${c.attachments} attachment${c.attachments === 1 ? '' : 's'}` +
      (c.attachmentsUnavailable > 0
        ? ` (${c.attachmentsUnavailable} more recorded but not held by the database)`
        : ''),
  );
  out.line(`manifest.json sha256 ${r.manifest.sha256}`);
  out.line("  (the export's fingerprint: note it down; innsyn verify checks every file and shows it again)");
  printProblems(r.problems, c.problems, out);
}

function printMbox(r: MboxExportReport, out: Output): void {
  out.line(
    `wrote ${r.messages} email${r.messages === 1 ? '' : 's'} matching '${r.query}' to ${r.out} (mboxrd, oldest first, ` +
      `${(r.bytes / 1048576).toFixed(1)} MB, sha256 ${r.sha256})`,
  );
  if (r.skipped > 0) {
    out.line(
      `${r.skipped} other match${r.skipped === 1 ? ' is' : 'es are'} not email and not in it (use the evidence export)`,
    );
  }
  printProblems(r.problems, r.problemCount, out);
}

function printProblems(problems: ExportProblem[], count: number, out: Output): void {
  if (count === 0) return;
  out.line(`finished with ${count} problem${count === 1 ? '' : 's'} (listed in the manifest and in --json):`);
  for (const p of problems.slice(0, PRINTED_PROBLEMS)) out.line(`  ${p.code}  ${p.message}`);
  if (count > PRINTED_PROBLEMS) out.line(`  … ${count - PRINTED_PROBLEMS} more`);
}
