import { createHash } from 'node:crypto';
import type { EmailLimits } from './email-limits.js';
import type { EmailAddress, ParsedAttachment, ParsedEmail } from './email-types.js';
import type { MimeNode } from './mime-tree.js';
import type { HeaderField } from './parse-header-block.js';
import { resolveEmailLimits } from './email-limits.js';
import { buildMimeTree } from './mime-tree.js';
import { filenameOf, isInlineMedia, selectBodyParts } from './select-body-parts.js';
import { readOtherwiseThanBefore } from './decode-charset.js';
import { bodyPartText, bodyReadOtherwiseThanBefore, decodeTextPart, decodeTransfer } from './decode-part.js';
import { decodeEncodedWords } from './decode-encoded-words.js';
import { hasShownElsewhere, htmlToText } from './html-to-text.js';
import { headerInBodyCharset } from './header-in-body-charset.js';
import { parseAddressList, UNOBFUSCATED } from './parse-address-list.js';
import { parseDate } from './parse-date.js';
import { parseMessageIds } from './parse-message-ids.js';
import { openTnefParts } from './tnef-attachments.js';
import { withoutPgpArmor } from '../../model/text/pgp-armor.js';
import { oneLineLabel } from '../../model/text/acting-characters.js';
import { contentTypeFor } from '../export/export-media.js';
import { cmsKind, isPkcs7Mime, signedContent } from './smime.js';
import {
  decodeUuencodedPart,
  isUuencodeEncoding,
  takeUuencodedFiles,
  type UuencodedFile,
} from './uuencode.js';

/**
 * Parses one RFC 5322 / MIME message. Never throws on any input bytes (only on invalid
 * `options`), always terminates, and holds at most a bounded multiple of the input in memory:
 * every limit that trips, and every repair or guess made, is listed in `flags`.
 *
 * Bodies and attachments follow RFC 8621 §4.1.4 (see select-body-parts.ts). An attached
 * message (message/rfc822, message/global) is listed as one attachment holding its whole
 * transfer-decoded bytes, and is also opened: its own attachments follow it in the list (its
 * text and HTML body parts do not, they are inside the message attachment). Attachments
 * therefore appear in document order, depth first.
 */
export function parseEmail(raw: Uint8Array, options?: Partial<EmailLimits>): ParsedEmail {
  const limits = resolveEmailLimits(options);
  const flags = new Set<string>();
  const buf = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  const root = buildMimeTree(buf, limits, flags);
  // An opaque-signed S/MIME message holds the message itself (smime.ts): its parts are the body.
  const signed = openSignedMessage(root, limits, flags);
  const body = signed?.root ?? root;

  // Raw 8-bit header text in the charset the body declares (fields as before kept, for the id).
  const header = headerInBodyCharset(root, flags);
  const first = (key: string, fields = header.fields): string | null => {
    for (const f of fields) if (f.key === key) return f.value;
    return null;
  };
  const addresses = (key: string, all: boolean, fields = header.fields, asBefore = false): EmailAddress[] => {
    const out: EmailAddress[] = [];
    for (const f of fields) {
      if (f.key !== key) continue;
      out.push(...parseAddressList(f.value, asBefore ? new Set() : flags, asBefore));
      if (!all) break;
    }
    return out;
  };

  const subjectRaw = first('subject');
  const dateRaw = first('date');
  let date: ParsedEmail['date'] = null;
  if (dateRaw !== null) {
    const d = parseDate(dateRaw);
    if (d === null) flags.add('date-unparsed');
    else {
      if (d.zoneInvalid) flags.add('date-zone-invalid');
      date = { utc: d.utc, offsetMinutes: d.offsetMinutes };
      if (d.zoneUnsigned) {
        flags.add('date-zone-unsigned');
        date.utcAsBefore = d.zoneUnsigned.utcAsBefore;
      }
    }
  }
  const messageIdRaw = first('message-id');
  const inReplyToRaw = first('in-reply-to');
  const referencesRaw = first('references');

  const selection = selectBodyParts(body);
  const textParts = selection.textBody.filter(isTextBody);
  const htmlParts = selection.htmlBody.filter((n) => isTextBody(n) && n.subtype === 'html');
  /** The body's text and HTML (`asBefore`: as innsyn read them before, for the id). */
  const readBody = (into: Set<string>, asBefore: boolean) => {
    const written = textParts.map((n) => bodyPartText(n, into, asBefore, selection.htmlAlternatives.get(n)));
    // Files uuencoded into a plain text body leave it and join the attachments (uuencode.ts).
    const uuFiles: UuencodedFile[] = [];
    const texts = written.map((t, k) => {
      if ((textParts[k] as MimeNode).subtype === 'html') return t;
      const taken = takeUuencodedFiles(t, limits.maxParts, into);
      uuFiles.push(...taken.files);
      return taken.text;
    });
    let text = lf(joinTexts(texts));
    const html =
      htmlParts.length > 0 ? lf(joinTexts(htmlParts.map((n) => decodeTextPart(n, into, asBefore)))) : null;
    if (html !== null && text.trim() === '' && !textParts.some((n) => n.subtype === 'html')) {
      // A blank text/plain alternative beside real HTML (some mobile and web mailers send one):
      // the HTML is the message, so search it.
      const fromHtml = htmlToText(html, !asBefore);
      if (fromHtml !== '') {
        text = fromHtml;
        into.add('text-from-html');
      }
    }
    return { written, uuFiles, text, html };
  };
  const { written, uuFiles, html, text: bodyText } = readBody(flags, false);
  let text = bodyText;
  // Read otherwise than before (bare UTF-16 little-endian, charset labels known since; the text
  // of <noscript> and inline SVG, where the text comes from the HTML; a list footer after base64,
  // a plain alternative that is HTML): the text as before, for the id.
  const textFromHtml = flags.has('text-from-html') || textParts.some((n) => n.subtype === 'html');
  const before =
    readOtherwiseThanBefore(flags) ||
    bodyReadOtherwiseThanBefore(flags) ||
    (textFromHtml && html !== null && hasShownElsewhere(html))
      ? readBody(new Set(), true)
      : null;
  // Inline OpenPGP: encrypted when nothing but armor is left of the text (a mail that only
  // quotes an encrypted block is readable, and not flagged).
  if (text.includes('-----BEGIN PGP MESSAGE-----') && withoutPgpArmor(text).trim() === '')
    flags.add('pgp-encrypted');
  if (uuFiles.length > 0) flags.add('uuencoded-files');

  // TNEF (winmail.dat): its attachments join the message's, its body stands in for a missing one.
  const tnef = openTnefParts(
    [
      ...collectAttachments(body, selection, flags),
      ...uuFiles.map(uuAttachment),
      ...(signed ? signed.signatures : []),
    ],
    flags,
  );
  let htmlOut = html;
  if (tnef.body !== null) {
    if (text.trim() === '' && tnef.body.text.trim() !== '') {
      text = lf(tnef.body.text);
      flags.add('text-from-tnef');
    }
    htmlOut ??= tnef.body.html === null ? null : lf(tnef.body.html);
  }
  // The text as innsyn read it before, where it reads it otherwise now (TNEF's body standing in
  // for a blank one then as now).
  let textBefore: string | null = null;
  if (before !== null && before.text !== bodyText) {
    const tnefText = tnef.body !== null && tnef.body.text.trim() !== '' ? lf(tnef.body.text) : null;
    textBefore = before.text.trim() === '' && tnefText !== null ? tnefText : before.text;
  }

  const subject = subjectRaw === null ? null : decodeEncodedWords(subjectRaw, flags);
  const from = addresses('from', false);
  // Some mailers write several To/Cc/Bcc fields; RFC 5322 allows one, but none should be lost.
  const to = addresses('to', true);
  const cc = addresses('cc', true);
  return {
    headers: header.fields.map(headerOut),
    subject,
    // After the addresses: their flags tell whether they were read otherwise.
    headersAsBefore: headersAsBefore(header.before, subject),
    from,
    sender: addresses('sender', false),
    replyTo: addresses('reply-to', false),
    to,
    cc,
    bcc: addresses('bcc', true),
    date,
    messageId: messageIdRaw === null ? null : (parseMessageIds(messageIdRaw)[0] ?? null),
    inReplyTo: inReplyToRaw === null ? [] : parseMessageIds(inReplyToRaw),
    references: referencesRaw === null ? [] : parseMessageIds(referencesRaw),
    text,
    // Before innsyn opened opaque-signed mail its text was empty; before it read uuencode, as
    // written; before it sniffed the order of bare UTF-16, big-endian.
    textAsWritten: signed ? '' : uuFiles.length > 0 ? lf(joinTexts(before?.written ?? written)) : textBefore,
    html: htmlOut,
    attachments: tnef.attachments,
    // A flag may quote the input (a charset label): never a line break or control character.
    flags: [...flags].map(oneLineLabel),
  };

  /** Subject, senders and recipients as innsyn read them before, where it reads them otherwise now (for the id). */
  function headersAsBefore(
    fields: HeaderField[] | null,
    subjectNow: string | null,
  ): ParsedEmail['headersAsBefore'] {
    const raw = first('subject', fields ?? header.fields);
    const subjectThen = raw === null ? null : decodeEncodedWords(raw, new Set(), true);
    if (fields === null && subjectThen === subjectNow && !flags.has(UNOBFUSCATED)) return null;
    return {
      subject: subjectThen,
      from: addresses('from', false, fields ?? header.fields, true),
      to: addresses('to', true, fields ?? header.fields, true),
      cc: addresses('cc', true, fields ?? header.fields, true),
    };
  }
}

/**
 * Line ends as LF: the same message stored with CRLF (Maildir, .eml from Windows) and with LF
 * (mbox) must give the same text, which the item id hashes.
 */
function lf(s: string): string {
  return s.includes('\r') ? s.replace(/\r\n?/g, '\n') : s;
}

function isTextBody(n: MimeNode): boolean {
  return n.type === 'text' && (n.subtype === 'plain' || n.subtype === 'html');
}

function headerOut(f: HeaderField): { name: string; value: string } {
  return { name: f.name, value: f.value };
}

/** Body parts joined so that each starts on its own line. */
function joinTexts(texts: string[]): string {
  if (texts.length === 1) return texts[0] as string;
  let out = '';
  for (const t of texts) {
    if (out !== '' && !out.endsWith('\n')) out += '\n';
    out += t;
  }
  return out;
}

/**
 * Every leaf that is not a body part of its message, depth first in document order, descending
 * into attached messages through an explicit stack.
 */
function collectAttachments(
  root: MimeNode,
  rootSelection: ReturnType<typeof selectBodyParts>,
  flags: Set<string>,
): ParsedAttachment[] {
  const out: ParsedAttachment[] = [];
  const stack: Array<{ list: Array<{ node: MimeNode; shown: boolean }>; i: number }> = [
    { list: attachmentLeaves(root, rootSelection), i: 0 },
  ];
  while (stack.length > 0) {
    const top = stack[stack.length - 1] as { list: Array<{ node: MimeNode; shown: boolean }>; i: number };
    if (top.i >= top.list.length) {
      stack.pop();
      continue;
    }
    const { node, shown } = top.list[top.i++] as { node: MimeNode; shown: boolean };
    out.push(attachmentOut(node, shown, flags));
    if (node.message)
      stack.push({ list: attachmentLeaves(node.message, selectBodyParts(node.message)), i: 0 });
  }
  return out;
}

/** The leaves of one message (not descending into attached messages) that are not its text or HTML body. */
function attachmentLeaves(
  root: MimeNode,
  sel: ReturnType<typeof selectBodyParts>,
): Array<{ node: MimeNode; shown: boolean }> {
  const body = new Set<MimeNode>();
  const shown = new Set<MimeNode>();
  for (const n of sel.textBody) (isTextBody(n) ? body : shown).add(n);
  for (const n of sel.htmlBody) (isTextBody(n) ? body : shown).add(n);
  const out: Array<{ node: MimeNode; shown: boolean }> = [];
  const stack: MimeNode[] = [root];
  while (stack.length > 0) {
    const n = stack.pop() as MimeNode;
    if (n.children !== null) {
      for (let k = n.children.length - 1; k >= 0; k--) stack.push(n.children[k] as MimeNode);
    } else if (!body.has(n)) {
      out.push({ node: n, shown: shown.has(n) });
    }
  }
  return out;
}

/**
 * The message inside an opaque-signed S/MIME message (a top-level `application/pkcs7-mime`
 * SignedData, signed again and again up to MAX_SIGNED_LAYERS deep), as a tree whose parts stand
 * in for the body, with each signature structure as an attachment; null for any other message.
 * Flags `smime-opened`, or `smime-encrypted` for an encrypted one (nothing to read without the
 * key), `smime-unreadable` for bytes that are no CMS structure. A SignedData with nothing inside
 * (certificates sent alone, `.p7c`) stays an attachment, unflagged.
 */
function openSignedMessage(
  root: MimeNode,
  limits: EmailLimits,
  flags: Set<string>,
): { root: MimeNode; signatures: ParsedAttachment[] } | null {
  let node = root;
  const signatures: ParsedAttachment[] = [];
  for (let layer = 0; layer < MAX_SIGNED_LAYERS; layer++) {
    if (!isPkcs7Mime(node.type, node.subtype, filenameOf(node))) {
      if (node.type === 'multipart' && node.subtype === 'encrypted') flags.add('pgp-encrypted');
      break;
    }
    const der = decodeTransfer(node, flags);
    const kind = cmsKind(der);
    if (kind === 'enveloped-data' || kind === 'auth-enveloped-data') flags.add('smime-encrypted');
    else if (kind === 'other') flags.add('smime-unreadable');
    const content = kind === 'signed-data' ? signedContent(der) : null;
    if (
      content === null ||
      !/\S/.test(Buffer.from(content.buffer, content.byteOffset, content.byteLength).toString('latin1'))
    )
      break;
    signatures.push(attachmentOut(node, false, flags, der));
    node = buildMimeTree(Buffer.from(content.buffer, content.byteOffset, content.byteLength), limits, flags);
    // Its header is a body's, read as it is (no charset of its own to try): flag what it fell back to.
    for (const f of node.fields) for (const x of f.raw8?.flags ?? []) flags.add(x);
  }
  if (signatures.length === 0) return null;
  flags.add('smime-opened');
  return { root: node, signatures };
}

/** Opaque signatures opened one inside the other, at most ("triply signed" test mails exist). */
const MAX_SIGNED_LAYERS = 8;

/** A file uuencoded into a text body, as an attachment. */
function uuAttachment(f: UuencodedFile): ParsedAttachment {
  return {
    filename: f.name,
    contentType: contentTypeFor(f.name),
    disposition: 'attachment',
    contentId: null,
    size: f.content.length,
    sha256: createHash('sha256').update(f.content).digest('hex'),
    content: f.content,
  };
}

/** `decoded`: the part's bytes when the caller has already undone its transfer encoding. */
function attachmentOut(
  node: MimeNode,
  shown: boolean,
  flags: Set<string>,
  decoded?: Uint8Array,
): ParsedAttachment {
  // A uuencoded part is decoded once: its bytes, and the name on its `begin` line for a part
  // whose header names none.
  const uu =
    decoded === undefined && isUuencodeEncoding(node.encoding)
      ? decodeUuencodedPart(node.buf.subarray(node.bodyStart, node.bodyEnd))
      : null;
  const content = decoded ?? uu?.content ?? decodeTransfer(node, flags);
  const cid = node.fields.find((f) => f.key === 'content-id')?.value ?? null;
  let disposition: 'attachment' | 'inline';
  if (node.disposition === 'attachment' || node.disposition === 'inline') disposition = node.disposition;
  // Undeclared: inline when the body shows it (RFC 8621), or when it is an image, sound or video
  // with a Content-ID, which is how multipart/related embeds pictures in HTML (RFC 2387).
  else disposition = shown || (cid !== null && isInlineMedia(node)) ? 'inline' : 'attachment';
  return {
    filename: filenameOf(node) ?? uu?.name ?? null,
    contentType: `${node.type}/${node.subtype}`,
    disposition,
    contentId: cid === null ? null : cid.replace(/^\s*<|>\s*$/g, '').trim() || null,
    size: content.length,
    sha256: createHash('sha256').update(content).digest('hex'),
    content,
  };
}
