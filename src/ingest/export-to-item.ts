import type {
  Attachment,
  ExportAttachment,
  ExportIdentity,
  ExportRecord,
  Identity,
  Item,
} from '../model/index.js';
import { contentId, sha256Hex } from '../model/index.js';
import { detectLanguage } from '../extract/lang-detect.js';
import { extractLinks, extractMentions } from '../extract/links.js';
import { normalizeUrl } from '../extract/normalize-url.js';
import type { EmailOutcome } from './email-to-item.js';
import { oneLineLabel } from '../model/text/acting-characters.js';

/** The id of a platform message or post: the platform and its own id (DESIGN.md, "The record"). */
export function exportItemId(platform: string, nativeId: string): string {
  return contentId(['export', platform.toLowerCase(), nativeId]);
}

/** The id of a DM, chat or channel conversation: the platform and its own conversation id. */
export function exportConversationId(platform: string, nativeId: string): string {
  return contentId(['conversation', platform.toLowerCase(), nativeId]);
}

/**
 * Turns what a platform-export reader read into the record of DESIGN.md. The id hashes the
 * platform and the platform's own message id, so the same DM read from two exports (his and
 * hers) is one item with two locations. Links are the export's own (t.co already expanded by
 * the reader) plus any the text shows, normalised; language is detected from the text.
 */
export function exportToItem(rec: ExportRecord): EmailOutcome {
  const d = rec.draft;
  if (d.nativeId === '')
    return { ok: false, reason: 'the record has no id of its own; it is kept in quarantine' };
  const flags = [...d.flags];
  const attachments: Attachment[] = [];
  for (const a of d.attachments) {
    const att = attachment(a);
    if (att) attachments.push(att);
    else flags.push(`media-not-in-export:${a.member ?? a.name ?? 'unnamed'}`);
  }
  const links = new Set<string>();
  for (const l of d.links) {
    const n = normalizeUrl(l);
    if (n !== null) links.add(n);
  }
  for (const l of extractLinks(d.text, null)) links.add(l);
  const mentions = new Set(d.mentions.map((m) => m.replace(/^@/, '').toLowerCase()));
  for (const m of extractMentions(d.text)) mentions.add(m);

  const item: Item = {
    id: exportItemId(d.platform, d.nativeId),
    kind: d.kind,
    platform: d.platform.toLowerCase(),
    visibility: d.visibility,
    sentAt: d.sentAt,
    tzOffset: d.tzOffset,
    dateSource: d.dateSource,
    from: d.from ? identity(d.from) : null,
    to: d.to.map(identity),
    cc: [],
    bcc: [],
    subject: null,
    text: d.text,
    html: null,
    lang: detectLanguage(d.text),
    links: [...links],
    mentions: [...mentions],
    attachments,
    messageId: null,
    inReplyTo: null,
    references: [],
    conversationId: d.conversation ? exportConversationId(d.platform, d.conversation.nativeId) : null,
    replyTo: d.replyToNativeId === null ? null : exportItemId(d.platform, d.replyToNativeId),
    // Flags quote the export (a member name, a Telegram signature): one line each.
    flags: flags.map(oneLineLabel),
    location: { ...rec.location, sha256: sha256Hex(rec.bytes) },
  };
  return { ok: true, item };
}

function identity(e: ExportIdentity): Identity {
  return {
    platform: e.platform.toLowerCase(),
    address: e.address,
    name: e.name,
    handle: e.handle === null ? null : e.handle.replace(/^@/, ''),
  };
}

/** A file the export holds becomes an attachment; one it only names does not (it is flagged). */
function attachment(a: ExportAttachment): Attachment | null {
  if (a.sha256 === null || a.size === null) return null;
  return {
    name: a.name,
    contentType: a.contentType,
    size: a.size,
    sha256: a.sha256,
    disposition: 'attachment',
    contentId: null,
    text: null,
  };
}
