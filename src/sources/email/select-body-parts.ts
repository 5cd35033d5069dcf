import type { MimeNode } from './mime-tree.js';

/**
 * Which parts of a message are its text body, its HTML body and its attachments: the
 * algorithm of RFC 8621 §4.1.4 (JMAP), which is what mail clients converge on, run over an
 * explicit stack instead of recursion.
 *
 * - In multipart/alternative the text/plain part goes to the text body, text/html to the HTML
 *   body; when an alternative has only one of them, it serves both.
 * - Outside alternatives, inline text/plain, text/html and inline images/audio/video go to both
 *   bodies in order (a mixed message with text, image, text shows all three).
 * - A part with `Content-Disposition: attachment`, or a filename where it is not the first part
 *   of a multipart/related, is an attachment; so is every other media type, including
 *   message/rfc822 and multiparts that were not opened.
 */
export interface BodySelection {
  textBody: MimeNode[];
  htmlBody: MimeNode[];
  /** Leaves that RFC 8621 lists as attachments. */
  attachments: MimeNode[];
  /**
   * The text/html parts a text/plain body part stands beside in its multipart/alternative: what
   * to read instead when the "plain" text is HTML source (html-to-text.ts, isPlainlyHtml).
   */
  htmlAlternatives: Map<MimeNode, MimeNode[]>;
}

interface Frame {
  parts: MimeNode[];
  i: number;
  multipartType: string;
  inAlternative: boolean;
  textBody: MimeNode[] | null;
  htmlBody: MimeNode[] | null;
  textLength: number;
  htmlLength: number;
}

export function filenameOf(node: MimeNode): string | null {
  return node.dispositionParams.get('filename') ?? node.params.get('name') ?? null;
}

export function isInlineMedia(node: MimeNode): boolean {
  return node.type === 'image' || node.type === 'audio' || node.type === 'video';
}

export function selectBodyParts(root: MimeNode): BodySelection {
  const textBody: MimeNode[] = [];
  const htmlBody: MimeNode[] = [];
  const attachments: MimeNode[] = [];
  const htmlAlternatives = new Map<MimeNode, MimeNode[]>();
  const stack: Frame[] = [frame([root], 'mixed', false, textBody, htmlBody)];
  while (stack.length > 0) {
    const f = stack[stack.length - 1] as Frame;
    if (f.i >= f.parts.length) {
      stack.pop();
      finishAlternative(f, htmlAlternatives);
      continue;
    }
    const k = f.i++;
    const part = f.parts[k] as MimeNode;
    if (part.children !== null) {
      const sub = part.subtype;
      stack.push(frame(part.children, sub, f.inAlternative || sub === 'alternative', f.textBody, f.htmlBody));
      continue;
    }
    const isText = part.type === 'text' && (part.subtype === 'plain' || part.subtype === 'html');
    const isInline =
      part.disposition !== 'attachment' &&
      (isText || isInlineMedia(part)) &&
      (k === 0 || (f.multipartType !== 'related' && (isInlineMedia(part) || filenameOf(part) === null)));
    if (!isInline) {
      attachments.push(part);
      continue;
    }
    if (f.multipartType === 'alternative') {
      if (isText && part.subtype === 'plain') f.textBody?.push(part);
      else if (isText) f.htmlBody?.push(part);
      else attachments.push(part);
      continue;
    }
    if (f.inAlternative) {
      if (isText && part.subtype === 'plain') f.htmlBody = null;
      if (isText && part.subtype === 'html') f.textBody = null;
    }
    f.textBody?.push(part);
    f.htmlBody?.push(part);
    if ((!f.textBody || !f.htmlBody) && isInlineMedia(part)) attachments.push(part);
  }
  return { textBody, htmlBody, attachments, htmlAlternatives };
}

function frame(
  parts: MimeNode[],
  multipartType: string,
  inAlternative: boolean,
  textBody: MimeNode[] | null,
  htmlBody: MimeNode[] | null,
): Frame {
  return {
    parts,
    i: 0,
    multipartType,
    inAlternative,
    textBody,
    htmlBody,
    textLength: textBody ? textBody.length : -1,
    htmlLength: htmlBody ? htmlBody.length : -1,
  };
}

/**
 * An alternative that held only HTML lends it to the text body, and only text to the HTML body;
 * one that held one text/plain part and HTML notes the HTML as the plain part's alternative.
 */
function finishAlternative(f: Frame, htmlAlternatives: Map<MimeNode, MimeNode[]>): void {
  if (f.multipartType !== 'alternative' || !f.textBody || !f.htmlBody) return;
  if (f.textLength === f.textBody.length && f.htmlLength !== f.htmlBody.length) {
    f.textBody.push(...f.htmlBody.slice(f.htmlLength));
  } else if (f.htmlLength === f.htmlBody.length && f.textLength !== f.textBody.length) {
    f.htmlBody.push(...f.textBody.slice(f.textLength));
  } else if (f.textBody.length === f.textLength + 1) {
    const plain = f.textBody[f.textLength] as MimeNode;
    const html = f.htmlBody.slice(f.htmlLength).filter((n) => n.type === 'text' && n.subtype === 'html');
    if (plain.type === 'text' && plain.subtype === 'plain' && html.length > 0)
      htmlAlternatives.set(plain, html);
  }
}
