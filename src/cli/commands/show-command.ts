import { foldersOfLocations } from '../../model/folders.js';
import { identityText, InnsynError } from '../../model/index.js';
import { listItemAttachments, type AttachmentInfo } from '../../store/index.js';
import { type Command } from '../command.js';
import { resolveItemId } from './resolve-id.js';

export const showCommand: Command = {
  name: 'show',
  summary:
    'Show one item: headers, text, attachments and where every copy was found; --raw for its exact bytes.',
  usage: 'innsyn show ID [--raw] [--db FILE] [--json]',
  access: 'read',
  options: { raw: { type: 'boolean', default: false } },
  async run({ positionals, values, store, json, out }) {
    const id = await resolveItemId(store, positionals[0]);
    if (values.raw) {
      const raw = await store.getRaw(id);
      if (!raw) throw new InnsynError('not-found', `no raw source stored for ${id}`);
      await new Promise<void>((resolve, reject) =>
        process.stdout.write(raw, (err) => (err ? reject(err) : resolve())),
      );
      return 0;
    }
    const item = await store.getItem(id);
    if (!item) throw new InnsynError('not-found', `no item ${id}`);
    const locations = await store.getLocations(id);
    const attachments = await listItemAttachments(store, item);
    const folders = foldersOfLocations(locations);
    if (json) {
      out.json({ item, locations, folders, attachments });
      return 0;
    }
    const who = identityText;
    out.line(`id:       ${item.id}`);
    out.line(`kind:     ${item.platform}/${item.kind} (${item.visibility})`);
    out.line(`date:     ${item.sentAt ?? '(unknown)'} (from ${item.dateSource}${dateWarning(item.flags)})`);
    if (item.from) out.line(`from:     ${who(item.from)}`);
    if (item.to.length) out.line(`to:       ${item.to.map(who).join(', ')}`);
    if (item.cc.length) out.line(`cc:       ${item.cc.map(who).join(', ')}`);
    if (item.bcc.length) out.line(`bcc:      ${item.bcc.map(who).join(', ')}`);
    if (item.subject !== null) out.line(`subject:  ${item.subject}`);
    if (item.messageId) out.line(`msg-id:   <${item.messageId}>`);
    if (item.conversationId) out.line(`thread:   ${item.conversationId}`);
    if (item.lang) out.line(`lang:     ${item.lang}`);
    if (item.flags.length) out.line(`flags:    ${item.flags.join(', ')}`);
    if (folders.length) out.line(`folders:  ${folders.join(' · ')}`);
    out.line('');
    out.line(item.text);
    out.line('');
    for (const a of attachments) out.line(attachmentLine(a));
    if (item.links.length) out.line(`links: ${item.links.join(' ')}`);
    for (const l of locations) {
      out.line(
        `found in: ${l.path}${l.member ? ` → ${l.member}` : ''} @ byte ${l.offset} (+${l.length}) sha256:${l.sha256}` +
          (l.labels?.length ? ` labels: ${l.labels.join(', ')}` : ''),
      );
    }
    return 0;
  },
};

/** `attachment: rapport.pdf pdf application/pdf 48213 bytes sha256:… text read: 2 pages, 5,120 characters`. */
function attachmentLine(a: AttachmentInfo): string {
  const x = a.extraction;
  let read = 'not read';
  if (x) {
    const pages = x.pages === null ? '' : `${x.pages} ${x.pages === 1 ? 'page' : 'pages'}, `;
    const how = x.method === 'ocr' ? ' by OCR' : x.flags.includes('ocr') ? ' (partly by OCR)' : '';
    read =
      x.status === 'text'
        ? `text read${how}: ${pages}${x.chars.toLocaleString('en')} characters`
        : x.status === 'failed'
          ? `not readable: ${x.error ?? x.flags.join(', ')}`
          : x.status === 'ocr-needed'
            ? 'images or scanned pages: ingest again with --ocr to read them'
            : x.status;
    const flags = x.flags.filter((f) => f !== 'ocr' && f !== 'ocr-needed');
    if (flags.length > 0 && x.status !== 'failed') read += ` [${flags.join(', ')}]`;
  }
  return `attachment: ${a.name ?? '(unnamed)'} ${a.type} ${a.contentType} ${a.size} bytes sha256:${a.sha256} ${read}`;
}

/** The Date header disagreeing with the first Received header (email-to-item.ts), in words. */
function dateWarning(flags: readonly string[]): string {
  if (flags.includes('date-after-received')) return '; more than a day after the first Received header';
  if (flags.includes('date-before-received')) return '; more than 30 days before the first Received header';
  return '';
}
