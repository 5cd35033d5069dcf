import type { AnalysisItem } from '../../../src/analysis/analysis-item.js';
import type { ExportIdentity } from '../../../src/model/export-record.js';
import { folderTree } from '../../../src/sources/export/export-tree.js';
import { openXArchive } from '../../../src/sources/x/index.js';

/**
 * The seed scenario's X archive as AnalysisItems, mapped the way the brief fixes it for these
 * tests: person key `x:<account id>`, sentAt = Date.parse of the export's date, the draft's own
 * id as item id, conversation = the export's conversation id.
 */
export async function seedXItems(archivePath: string): Promise<AnalysisItem[]> {
  const key = (i: ExportIdentity): string => `x:${i.address}`;
  const items: AnalysisItem[] = [];
  for await (const rec of openXArchive(await folderTree(archivePath)).records()) {
    if (rec.type !== 'export') throw new Error(`seed archive unreadable: ${rec.reason}`);
    const d = rec.draft;
    const sentAt = d.sentAt === null ? null : Date.parse(d.sentAt);
    items.push({
      id: d.nativeId,
      kind: d.kind,
      platform: d.platform,
      visibility: d.visibility,
      sentAt: sentAt === null || Number.isNaN(sentAt) ? null : sentAt,
      from: d.from === null ? null : key(d.from),
      to: d.to.map(key),
      text: d.text,
      lang: null,
      links: d.links,
      mentions: d.mentions.map((m) => m.toLowerCase()),
      attachments: d.attachments.flatMap((a) => (a.sha256 === null ? [] : [a.sha256])),
      conversationId: d.conversation?.nativeId ?? null,
      replyTo: d.replyToNativeId,
    });
  }
  return items;
}
