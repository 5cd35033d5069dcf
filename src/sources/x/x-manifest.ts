import { findAssignment } from './js-assignment.js';
import { JsonElements, parseJsonSlice } from '../export/json-elements.js';
import { asArray, asObject, idField, str } from './json-values.js';

/**
 * data/manifest.js (`window.__THAR_CONFIG = {…}`, 2019 on) declares who the archive belongs to
 * and, per data type, its files and how many records each holds:
 * `dataTypes.tweets.files = [{fileName: 'data/tweets.js', globalName: 'YTD.tweets.part0', count: '2045'}]`.
 * The count is the number of top-level array elements (for DMs: conversations, not messages).
 * The old archive's data/js/tweet_index.js plays the same part (`tweet_count` per month file).
 */
export interface DeclaredFile {
  /** The manifest's data type ('tweets', 'directMessages'); for the old archive 'tweets'. */
  dataType: string;
  /** The file as the manifest names it, relative to the archive root ('data/tweets.js'). */
  fileName: string;
  /** Declared record count, or null when the manifest gives none (or not a number). */
  count: number | null;
}

export interface Manifest {
  owner: { accountId: string | null; userName: string | null; displayName: string | null } | null;
  generatedAt: string | null;
  /** isPartialArchive: the platform left data out, so files may be missing. */
  partial: boolean | null;
  files: DeclaredFile[];
}

function count(v: unknown): number | null {
  const n =
    typeof v === 'number' ? v : typeof v === 'string' && /^\d{1,12}$/.test(v.trim()) ? Number(v) : NaN;
  return Number.isSafeInteger(n) ? n : null;
}

function parseAssigned(
  bytes: Uint8Array,
  maxDepth: number,
): { ok: true; value: unknown } | { ok: false; problem: string } {
  const a = findAssignment(bytes);
  if (!a.ok) return a;
  const s = new JsonElements(bytes, { maxDepth, depthLimitName: 'maxJsonDepth' }).valueEnd(a.valueStart);
  if (!s.ok) return { ok: false, problem: `${s.problem} (at byte ${s.at})` };
  const p = parseJsonSlice(bytes, a.valueStart, s.end);
  return p.ok ? { ok: true, value: p.value } : { ok: false, problem: p.problem };
}

/** manifest.js, or a problem saying why it cannot be read. */
export function parseManifest(
  bytes: Uint8Array,
  maxDepth: number,
): { ok: true; manifest: Manifest } | { ok: false; problem: string } {
  const p = parseAssigned(bytes, maxDepth);
  if (!p.ok) return p;
  const root = asObject(p.value);
  if (root === null) return { ok: false, problem: 'its value is not a JSON object' };
  const user = asObject(root.userInfo);
  const info = asObject(root.archiveInfo);
  const files: DeclaredFile[] = [];
  const types = asObject(root.dataTypes);
  for (const [dataType, v] of Object.entries(types ?? {})) {
    for (const f of asArray(asObject(v)?.files)) {
      const fileName = str(asObject(f), 'fileName');
      if (fileName !== null) files.push({ dataType, fileName, count: count(asObject(f)?.count) });
    }
  }
  const partial = info?.isPartialArchive;
  return {
    ok: true,
    manifest: {
      owner:
        user === null
          ? null
          : {
              accountId: idField(user, 'accountId'),
              userName: str(user, 'userName'),
              displayName: str(user, 'displayName'),
            },
      generatedAt: str(info, 'generationDate'),
      partial: typeof partial === 'boolean' ? partial : null,
      files,
    },
  };
}

/** The old archive's data/js/tweet_index.js: `var tweet_index = [{file_name, tweet_count, …}]`. */
export function parseGrailbirdIndex(
  bytes: Uint8Array,
  maxDepth: number,
): { ok: true; manifest: Manifest } | { ok: false; problem: string } {
  const p = parseAssigned(bytes, maxDepth);
  if (!p.ok) return p;
  if (!Array.isArray(p.value)) return { ok: false, problem: 'its value is not a JSON array' };
  const files: DeclaredFile[] = [];
  for (const e of p.value) {
    const fileName = str(asObject(e), 'file_name');
    if (fileName !== null)
      files.push({ dataType: 'tweets', fileName, count: count(asObject(e)?.tweet_count) });
  }
  return { ok: true, manifest: { owner: null, generatedAt: null, partial: null, files } };
}

/** The old archive's data/js/user_details.js: `var user_details = {id, screen_name, full_name, …}`. */
export function parseGrailbirdUser(
  bytes: Uint8Array,
  maxDepth: number,
):
  | { ok: true; id: string | null; handle: string | null; name: string | null }
  | { ok: false; problem: string } {
  const p = parseAssigned(bytes, maxDepth);
  if (!p.ok) return p;
  const o = asObject(p.value);
  if (o === null) return { ok: false, problem: 'its value is not a JSON object' };
  return {
    ok: true,
    id: idField(o, 'id_str', 'id'),
    handle: str(o, 'screen_name'),
    name: str(o, 'full_name') ?? str(o, 'name'),
  };
}
