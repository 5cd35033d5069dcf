import type { OutlookAttachment, OutlookItem } from './outlook-item.js';

/**
 * A PST item's raw record. A PST keeps an item as a node of property tables spread over blocks
 * of the file, not as bytes that can be cut out and shown, so innsyn keeps what it read: the
 * item as JSON (every field of OutlookItem, attachment bytes in base64), tagged with this format
 * name and version. The location names the PST, the folder path and the node id, which is where
 * libpff, pffexport or Outlook find the original.
 */
export const PST_ITEM_FORMAT = 'innsyn-pst-item';
export const PST_ITEM_VERSION = 1;

interface JsonAttachment extends Omit<OutlookAttachment, 'data' | 'embedded'> {
  embedded: boolean;
  /** Base64 of the bytes; null when they were over a limit. */
  data: string | null;
}

interface JsonItem extends Omit<OutlookItem, 'attachments' | 'rtfCompressed'> {
  format: typeof PST_ITEM_FORMAT;
  version: number;
  /** The folder path and node id, as in the location (repeated so the record stands alone). */
  folder: string;
  nodeId: number;
  rtfCompressed: string | null;
  attachments: JsonAttachment[];
}

export function encodePstItem(item: OutlookItem, folder: string, nodeId: number): Uint8Array {
  const json: JsonItem = {
    format: PST_ITEM_FORMAT,
    version: PST_ITEM_VERSION,
    folder,
    nodeId,
    ...item,
    rtfCompressed: item.rtfCompressed === null ? null : Buffer.from(item.rtfCompressed).toString('base64'),
    attachments: item.attachments.map((a) => ({
      ...a,
      data:
        a.data === null
          ? null
          : Buffer.from(a.data.buffer, a.data.byteOffset, a.data.byteLength).toString('base64'),
    })),
  };
  return Buffer.from(JSON.stringify(json, null, 1), 'utf8');
}

/** The item back from its record; throws an Error saying what is wrong for anything else. */
export function decodePstItem(bytes: Uint8Array): OutlookItem {
  const json = JSON.parse(
    Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'),
  ) as Partial<JsonItem>;
  if (json.format !== PST_ITEM_FORMAT || typeof json.version !== 'number')
    throw new Error(`not an ${PST_ITEM_FORMAT} record`);
  if (json.version > PST_ITEM_VERSION)
    throw new Error(
      `${PST_ITEM_FORMAT} version ${json.version} is newer than this innsyn reads (${PST_ITEM_VERSION})`,
    );
  if (
    typeof json.messageClass !== 'string' ||
    !Array.isArray(json.attachments) ||
    !Array.isArray(json.recipients)
  )
    throw new Error(`${PST_ITEM_FORMAT} record without message class, recipients or attachments`);
  const fromBase64 = (s: string | null | undefined): Uint8Array | null =>
    typeof s === 'string' ? new Uint8Array(Buffer.from(s, 'base64')) : null;
  return {
    messageClass: json.messageClass,
    subject: json.subject ?? null,
    sender: json.sender ?? null,
    representing: json.representing ?? null,
    recipients: json.recipients,
    submitTime: json.submitTime ?? null,
    deliveryTime: json.deliveryTime ?? null,
    creationTime: json.creationTime ?? null,
    modificationTime: json.modificationTime ?? null,
    transportHeaders: json.transportHeaders ?? null,
    messageId: json.messageId ?? null,
    inReplyTo: json.inReplyTo ?? null,
    references: json.references ?? null,
    body: json.body ?? null,
    html: json.html ?? null,
    rtfCompressed: fromBase64(json.rtfCompressed),
    attachments: json.attachments.map((a) => ({ ...a, data: fromBase64(a.data) })),
    start: json.start ?? null,
    end: json.end ?? null,
    details: Array.isArray(json.details) ? json.details : [],
    flags: Array.isArray(json.flags) ? json.flags : [],
  };
}
