import { ITEM_ROLES, ytdRoleOf, type XLayout } from './x-layout.js';
import type { DeclaredFile } from './x-manifest.js';
import type { ManifestCheck, XFileReport } from './x-report.js';

/**
 * The archive's declared record counts against what was read: one line for every file read that
 * the manifest declares (or that holds items, when there is a manifest to declare it), and one
 * for every declared file of a kind the reader reads that is missing from the tree.
 */
export function checkManifest(
  layout: XLayout,
  declared: readonly DeclaredFile[],
  files: readonly XFileReport[],
  manifest: { usable: boolean; partial: boolean | null },
): ManifestCheck[] {
  // Manifest file names are relative to the archive root ('data/tweets.js').
  const memberOf = (fileName: string): string =>
    layout.dataDir === layout.root && fileName.startsWith('data/')
      ? layout.dataDir + fileName.slice('data/'.length)
      : layout.root + fileName;
  const fileNameOf = (member: string): string =>
    layout.dataDir === layout.root
      ? `data/${member.slice(layout.root.length)}`
      : member.slice(layout.root.length);
  const declaredByMember = new Map(declared.map((d) => [memberOf(d.fileName), d]));
  const read = new Set(files.map((f) => f.member));
  const out: ManifestCheck[] = [];

  for (const f of files) {
    if (f.elements === null) continue;
    const d = declaredByMember.get(f.member);
    if (d === undefined && !(manifest.usable && ITEM_ROLES.has(f.role))) continue;
    const count = d?.count ?? null;
    const matches = count !== null && count === f.elements;
    out.push({
      file: d?.fileName ?? fileNameOf(f.member),
      member: f.member,
      dataType: d?.dataType ?? null,
      declared: count,
      read: f.elements,
      matches,
      note: matches
        ? null
        : d === undefined
          ? 'the manifest does not declare this file'
          : count === null
            ? 'the manifest gives no count for this file'
            : f.elements < count
              ? `${count - f.elements} fewer than declared: the file may be cut off or edited`
              : `${f.elements - count} more than declared: the file may have been edited or merged`,
    });
  }
  for (const d of declared) {
    if (read.has(memberOf(d.fileName))) continue;
    if (layout.generation !== 'grailbird' && ytdRoleOf(d.fileName) === null) continue;
    const partial = manifest.partial === true ? ' (the manifest says the archive is partial)' : '';
    out.push({
      file: d.fileName,
      member: null,
      dataType: d.dataType,
      declared: d.count,
      read: null,
      matches: d.count === 0,
      note:
        d.count === 0
          ? 'declared empty and absent'
          : `declared with ${d.count ?? 'no'} records but not in the archive${partial}`,
    });
  }
  return out;
}
