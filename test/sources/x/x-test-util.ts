import type { ExportRecord } from '../../../src/model/export-record.js';
import type { UnreadableInput } from '../../../src/model/raw-record.js';
import { memoryTree, type ExportTree } from '../../../src/sources/export/export-tree.js';

export async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const r of it) out.push(r);
  return out;
}

export function exportsOf(records: readonly (ExportRecord | UnreadableInput)[]): ExportRecord[] {
  return records.filter((r): r is ExportRecord => r.type === 'export');
}

export function unreadablesOf(records: readonly (ExportRecord | UnreadableInput)[]): UnreadableInput[] {
  return records.filter((r): r is UnreadableInput => r.type === 'unreadable');
}

/** A YTD data file as X writes it: `window.YTD.<name>.part<N> = [ … ]`, pretty-printed. */
export function ytd(name: string, elements: readonly unknown[], part = 0): string {
  return `window.YTD.${name}.part${part} = ${JSON.stringify(elements, null, 2)}`;
}

export const OWNER = { accountId: '1000001', username: 'OwnerHandle', accountDisplayName: 'The Owner' };

export function account(): string {
  return ytd('account', [
    { account: { ...OWNER, email: '', createdVia: 'web', createdAt: '2010-01-01T00:00:00.000Z' } },
  ]);
}

export function tweet(id: string, fields: Record<string, unknown> = {}): { tweet: Record<string, unknown> } {
  return {
    tweet: {
      id_str: id,
      id,
      created_at: 'Wed Oct 12 12:46:00 +0000 2016',
      full_text: `tweet ${id}`,
      entities: { hashtags: [], symbols: [], user_mentions: [], urls: [] },
      ...fields,
    },
  };
}

export function dm(
  id: string,
  senderId: string,
  recipientId: string,
  text: string,
  createdAt = '2016-10-12T12:31:00.000Z',
): unknown {
  return {
    messageCreate: { recipientId, reactions: [], urls: [], text, mediaUrls: [], senderId, id, createdAt },
  };
}

/** A tree of the given data files under `prefix` ('' or 'twitter-…/'). */
export function archive(files: Record<string, string | Uint8Array>, prefix = ''): ExportTree {
  const withPrefix: Record<string, string | Uint8Array> = {};
  for (const [k, v] of Object.entries(files)) withPrefix[prefix + k] = v;
  return memoryTree('/cases/archive.zip', withPrefix);
}

const memberCache = new WeakMap<ExportTree, Map<string, Promise<Uint8Array>>>();

/** The bytes of `member` at a record's location (the raw can be cut out again); members read once per tree. */
export async function sliceOf(tree: ExportTree, r: ExportRecord | UnreadableInput): Promise<Uint8Array> {
  let cache = memberCache.get(tree);
  if (cache === undefined) memberCache.set(tree, (cache = new Map()));
  const member = r.location.member!;
  let all = cache.get(member);
  if (all === undefined) cache.set(member, (all = tree.read(member)));
  return (await all).subarray(r.location.offset, r.location.offset + r.location.length);
}
