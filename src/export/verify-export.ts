import { createHash } from 'node:crypto';
import path from 'node:path';
import { InnsynError, isInnsynError } from '../model/index.js';
import { openExportContainer, type FoundEntry } from './export-entries.js';
import { checkManifest, MANIFEST_PATH, type ManifestCheck } from './manifest.js';

/**
 * Largest manifest.json verify reads: it is parsed whole. An item with a few locations takes
 * about 400 bytes of it, so this is an export of some 600,000 items; a larger "manifest" is not
 * one innsyn wrote for a case a person can check.
 */
export const MAX_MANIFEST_BYTES = 256 * 1024 * 1024;

export interface VerifyReport {
  export: string;
  container: 'dir' | 'zip';
  /** True when the manifest is sound and every file it lists is there, unchanged, and nothing else is. */
  ok: boolean;
  manifest: {
    /** sha256 of manifest.json: the export's fingerprint, to compare with the one noted at export. */
    sha256: string | null;
    size: number | null;
    version: number | null;
    created: string | null;
    innsyn: string | null;
    query: string | null;
    items: number | null;
    /** What is wrong with it (missing, not JSON, structure); empty when sound. */
    problems: string[];
  };
  /** Files the manifest lists. */
  files: number;
  /** Of those, found with the same size and sha256. */
  intact: number;
  changed: Array<{
    path: string;
    reason: string;
    expected: Expected;
    found: { size: number; sha256: string | null };
  }>;
  missing: Array<{ path: string; expected: Expected }>;
  /** Found but not listed (also a second zip entry of one name). Their bytes are not read. */
  added: Array<{ path: string; size: number; reason?: string }>;
  /** The container itself could not be read to the end (a damaged zip); what was found is reported. */
  errors: string[];
  seconds: number;
}

interface Expected {
  size: number;
  sha256: string;
}

/**
 * Checks an export (folder or zip) against its manifest: reads and checks manifest.json, then
 * every entry, hashing each listed file whose size matches, and names every file that changed,
 * is missing or was added. Never throws for what it finds in the export (that is the report);
 * throws InnsynError 'usage' when `target` is not a folder or a zip.
 */
export async function verifyExport(
  target: string,
  options: { onProgress?: (p: { files: number; bytes: number; total: number }) => void } = {},
): Promise<VerifyReport> {
  const started = Date.now();
  const container = await openExportContainer(target);
  const report: VerifyReport = {
    export: path.resolve(target),
    container: container.kind,
    ok: false,
    manifest: {
      sha256: null,
      size: null,
      version: null,
      created: null,
      innsyn: null,
      query: null,
      items: null,
      problems: [],
    },
    files: 0,
    intact: 0,
    changed: [],
    missing: [],
    added: [],
    errors: [],
    seconds: 0,
  };
  const finish = (): VerifyReport => {
    report.ok =
      report.manifest.problems.length === 0 &&
      report.errors.length === 0 &&
      report.changed.length === 0 &&
      report.missing.length === 0 &&
      report.added.length === 0;
    report.seconds = (Date.now() - started) / 1000;
    return report;
  };

  const check = await readManifest(container, report);
  if (!check?.usable) return finish();
  Object.assign(report.manifest, check.summary);
  report.manifest.problems.push(...check.problems);
  report.files = check.files.size;

  const seen = new Set<string>();
  let hashedFiles = 0;
  let hashedBytes = 0;
  try {
    for await (const e of container.entries()) {
      if (e.path === MANIFEST_PATH && !seen.has(e.path)) {
        seen.add(e.path);
        continue;
      }
      const expected = check.files.get(e.path);
      if (!expected) {
        report.added.push({ path: e.path, size: e.size });
        continue;
      }
      if (seen.has(e.path)) {
        report.added.push({ path: e.path, size: e.size, reason: 'a second entry of this name' });
        continue;
      }
      seen.add(e.path);
      const result = await compare(e, expected);
      if (result === null) report.intact++;
      else {
        const { size, sha256 } = expected;
        report.changed.push({
          path: e.path,
          reason: result.reason,
          expected: { size, sha256 },
          found: result.found,
        });
      }
      hashedFiles++;
      hashedBytes += e.size;
      options.onProgress?.({ files: hashedFiles, bytes: hashedBytes, total: check.files.size });
    }
  } catch (e) {
    if (isInnsynError(e) && e.code === 'limit-exceeded') throw e;
    report.errors.push(
      `the ${container.kind === 'zip' ? 'zip' : 'folder'} could not be read to the end: ${message(e)}`,
    );
  }
  for (const f of check.files.values()) {
    if (!seen.has(f.path))
      report.missing.push({ path: f.path, expected: { size: f.size, sha256: f.sha256 } });
  }
  return finish();
}

async function readManifest(
  container: Awaited<ReturnType<typeof openExportContainer>>,
  report: VerifyReport,
): Promise<ManifestCheck | null> {
  let bytes: Buffer | string | null;
  try {
    bytes = await container.read(MANIFEST_PATH, MAX_MANIFEST_BYTES);
  } catch (e) {
    report.manifest.problems.push(`${MANIFEST_PATH} cannot be read: ${message(e)}`);
    return null;
  }
  if (bytes === null) {
    report.manifest.problems.push(
      `${MANIFEST_PATH} is missing: not an innsyn export, or an export that did not finish`,
    );
    return null;
  }
  if (typeof bytes === 'string') {
    report.manifest.problems.push(`${MANIFEST_PATH} is ${bytes}`);
    return null;
  }
  report.manifest.size = bytes.length;
  report.manifest.sha256 = createHash('sha256').update(bytes).digest('hex');
  let doc: unknown;
  try {
    doc = JSON.parse(bytes.toString('utf8'));
  } catch (e) {
    report.manifest.problems.push(`${MANIFEST_PATH} is not valid JSON: ${message(e)}`);
    return null;
  }
  const check = checkManifest(doc);
  if (!check.usable) {
    report.manifest.problems.push(...check.problems);
    return null;
  }
  return check;
}

/** Null when the entry has the expected size and hash; else why not, and what was found. */
async function compare(
  e: FoundEntry,
  expected: Expected,
): Promise<{ reason: string; found: { size: number; sha256: string | null } } | null> {
  if (e.unreadable !== null) return { reason: `is ${e.unreadable}`, found: { size: e.size, sha256: null } };
  if (e.size !== expected.size) {
    return {
      reason: `size is ${e.size} bytes, the manifest says ${expected.size}`,
      found: { size: e.size, sha256: null },
    };
  }
  const hash = createHash('sha256');
  let size = 0;
  try {
    for await (const chunk of await e.open()) {
      hash.update(chunk as Buffer);
      size += (chunk as Buffer).length;
    }
  } catch (err) {
    return { reason: `cannot be read: ${message(err)}`, found: { size: e.size, sha256: null } };
  }
  const sha256 = hash.digest('hex');
  if (sha256 === expected.sha256 && size === expected.size) return null;
  return { reason: 'its bytes differ (sha256)', found: { size, sha256 } };
}

function message(e: unknown): string {
  return e instanceof InnsynError || e instanceof Error ? e.message : String(e);
}
