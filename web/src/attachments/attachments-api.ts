import { getJson } from '../api/api-client.js';
import type { AttachmentTextResponse } from './attachment-types.js';

/**
 * The text read from an attachment, with `q`'s words marked (the server marks them as search
 * snippets do, stems and all) and the first items that hold it.
 */
export function getAttachmentText(
  sha256: string,
  q: string,
  signal?: AbortSignal,
): Promise<AttachmentTextResponse> {
  const params = new URLSearchParams({ q, holders: '20' });
  return getJson<AttachmentTextResponse>(
    `/api/attachments/${encodeURIComponent(sha256)}/text?${params.toString()}`,
    signal,
  );
}
