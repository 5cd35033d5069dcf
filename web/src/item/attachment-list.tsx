import type { Attachment } from '../api/api-types.js';
import { attachmentUrl } from '../api/api-client.js';
import { AttachmentStatus, AttachmentTextPanel } from '../attachments/attachment-extraction.js';
import { attachmentName } from '../attachments/attachment-name.js';
import type { AttachmentInfo } from '../attachments/attachment-types.js';
import { useI18n } from '../i18n/i18n.js';
import { formatBytes } from '../i18n/format.js';

/**
 * Attachments as downloads only. Rendering one (a PDF, an image, an Office file) in the browser
 * would run a parser on hostile bytes and might load remote content; the server also sends
 * Content-Disposition: attachment and nosniff. What innsyn read from each (`infos`: its type,
 * whether its text was read, and the text itself on demand, as plain text) is shown under it.
 */
export function AttachmentList({
  itemId,
  attachments,
  infos,
  showText,
}: {
  /** The item they belong to: each downloads under its name in it. */
  itemId: string;
  attachments: Attachment[];
  infos?: AttachmentInfo[];
  /** The sha256 of the attachment whose text the search matched: shown open, scrolled to. */
  showText?: string | undefined;
}) {
  const { t, locale } = useI18n();
  if (attachments.length === 0) return null;
  return (
    <section class="panel" id="attachments" aria-labelledby="att-title" data-testid="attachments">
      <h2 id="att-title">
        {t.attachmentsTitle} <span class="count">{attachments.length}</span>
      </h2>
      <p class="note">{t.attachmentNote}</p>
      <ul class="attachments">
        {attachments.map((a, i) => {
          const name = attachmentName(a.name, t.attachmentNoName);
          const info = infos?.[i]?.sha256 === a.sha256 ? infos[i] : undefined;
          return (
            <li key={`${a.sha256}${i}`} class="att-item" data-testid="attachment">
              <a
                href={attachmentUrl(a.sha256, { item: itemId, index: i })}
                download={a.name ?? ''}
                rel="noreferrer"
                aria-label={t.attachmentDownload(name)}
                data-testid="attachment-link"
              >
                {name}
              </a>
              <span class="att-meta">
                {a.contentType} · {formatBytes(a.size, locale)}
                {a.disposition === 'inline' ? ` · ${t.attachmentInline}` : ''}
              </span>
              <code class="att-sha" title={a.sha256}>
                {a.sha256.slice(0, 12)}…
              </code>
              {info ? <AttachmentStatus info={info} /> : null}
              {info ? <AttachmentTextPanel info={info} initiallyOpen={info.sha256 === showText} /> : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
