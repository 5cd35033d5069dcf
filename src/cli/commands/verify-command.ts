import { verifyExport, type VerifyReport } from '../../export/index.js';
import { InnsynError } from '../../model/index.js';
import { countProgress } from '../count-progress.js';
import { EXIT, type Command, type Output } from '../command.js';

/** Changed, missing or added files printed by name in the text report (all are in --json). */
const PRINTED_FILES = 50;

export const verifyCommand: Command = {
  name: 'verify',
  summary:
    'Check an evidence export (folder or zip) against its manifest: names every file that changed, is missing or was added.',
  usage: 'innsyn verify EXPORT [--json]   (exit 0: intact; 1: something changed; 2: usage)',
  access: 'none',
  options: {},
  async run({ positionals, json, out }) {
    if (positionals.length !== 1) {
      throw new InnsynError('usage', 'name one export: the folder or the .zip that innsyn export wrote');
    }
    const bar = countProgress(out.isTTY && !json, 'files');
    let report: VerifyReport;
    try {
      report = await verifyExport(positionals[0] as string, {
        onProgress: (p) => bar.update(p.files, p.total, p.bytes),
      });
    } finally {
      bar.done();
    }
    if (json) out.json({ verify: report });
    else printReport(report, out);
    return report.ok ? EXIT.ok : EXIT.failed;
  },
};

function printReport(r: VerifyReport, out: Output): void {
  const m = r.manifest;
  out.line(`export:   ${r.export} (${r.container})`);
  if (m.sha256) out.line(`manifest: sha256 ${m.sha256}`);
  if (m.created) {
    out.line(
      `          written ${m.created} by innsyn ${shown(m.innsyn ?? '?')}, ${m.items ?? '?'} items, ${r.files} files, ` +
        `query ${m.query === '' ? '(all)' : JSON.stringify(m.query)}`,
    );
  }
  for (const p of m.problems.slice(0, PRINTED_FILES)) out.line(`MANIFEST ${p}`);
  for (const e of r.errors) out.line(`ERROR    ${e}`);
  let printed = 0;
  const line = (text: string): void => {
    if (printed++ < PRINTED_FILES) out.line(text);
  };
  for (const c of r.changed) line(`CHANGED  ${shown(c.path)}: ${c.reason}`);
  for (const x of r.missing) line(`MISSING  ${shown(x.path)}`);
  for (const a of r.added)
    line(`ADDED    ${shown(a.path)} (${a.size} bytes${a.reason ? `, ${a.reason}` : ''})`);
  if (printed > PRINTED_FILES)
    out.line(`… ${printed - PRINTED_FILES} more (innsyn verify --json lists them all)`);
  if (r.ok) {
    out.line(`intact: all ${r.files} files match the manifest, and nothing was added`);
    return;
  }
  const parts = [
    m.problems.length ? 'the manifest is not sound' : '',
    r.errors.length ? 'the container is damaged' : '',
    r.changed.length ? `${r.changed.length} changed` : '',
    r.missing.length ? `${r.missing.length} missing` : '',
    r.added.length ? `${r.added.length} added` : '',
  ].filter(Boolean);
  out.line(`NOT INTACT: ${parts.join(', ')}${r.files ? ` (of ${r.files} files listed)` : ''}`);
}

/** A name from a possibly tampered export, printed so that control characters cannot rewrite the terminal. */
function shown(p: string): string {
  return /[\p{Cc}\p{Cf}]/u.test(p) ? JSON.stringify(p) : p;
}
