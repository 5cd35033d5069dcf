import { useEffect, useRef, useState } from 'preact/hooks';
import { useApi } from '../api/use-api.js';
import { formatNumber } from '../i18n/format.js';
import { lastSearch } from '../router/last-search.js';
import { attachmentName } from './attachment-name.js';
import { useAttachmentMessages, typeName, type AttachmentMessages } from './attachment-messages.js';
import type { AttachmentExtraction, AttachmentInfo } from './attachment-types.js';
import { getAttachmentText } from './attachments-api.js';
import { queryOfSearch, textRuns } from './text-runs.js';
import './attachments.css';

/** What reading an attachment gave, in one line: type, status, OCR, flags. */
export function AttachmentStatus({ info }: { info: AttachmentInfo }) {
  const { m, locale } = useAttachmentMessages();
  const x = info.extraction;
  const ocr = x ? ocrLabel(x, m, locale) : null;
  const flags = x ? x.flags.filter((f) => f !== 'ocr' && f !== 'ocr-needed') : [];
  return (
    <span class="att-status" data-testid="attachment-status" data-status={x?.status ?? 'none'}>
      <span class="att-type" data-testid="attachment-type">
        {typeName(m, info.type)}
      </span>
      <span class={`att-read is-${x?.status ?? 'none'}`}>{statusText(x, m, locale)}</span>
      {ocr ? (
        <span class="att-ocr" title={ocr.title} data-testid="attachment-ocr">
          {ocr.label}
        </span>
      ) : null}
      {flags.length > 0 && x?.status !== 'failed' ? (
        <span class="att-flags" title={m.flags}>
          {flags.join(', ')}
        </span>
      ) : null}
    </span>
  );
}

function statusText(x: AttachmentExtraction | null, m: AttachmentMessages, locale: string): string {
  if (!x) return m.notRead;
  switch (x.status) {
    case 'text':
      return m.textRead(
        formatNumber(x.chars, locale),
        x.pages === null ? null : formatNumber(x.pages, locale),
        x.pages ?? 0,
      );
    case 'empty':
      return m.empty;
    case 'ocr-needed':
      return m.ocrNeeded;
    case 'unsupported':
      return m.unsupported;
    case 'failed':
      return m.failed(x.error ?? x.flags.join(', '));
  }
}

function ocrLabel(
  x: AttachmentExtraction,
  m: AttachmentMessages,
  locale: string,
): { label: string; title: string } | null {
  const confidence = x.ocrConfidence === null ? null : formatNumber(Math.round(x.ocrConfidence), locale);
  if (x.method === 'ocr') return { label: m.ocr, title: m.ocrTitle(confidence) };
  if (x.flags.includes('ocr')) return { label: m.partlyOcr, title: m.ocrTitle(confidence) };
  return null;
}

/**
 * The text read from an attachment, on demand: a disclosure that loads it when opened, shows it
 * as plain text (text nodes in a <pre>, never markup) with the words of the last search marked
 * by the server, and labels text read by OCR as such.
 */
export function AttachmentTextPanel({
  info,
  initiallyOpen = false,
}: {
  info: AttachmentInfo;
  initiallyOpen?: boolean;
}) {
  const { m } = useAttachmentMessages();
  const [open, setOpen] = useState(initiallyOpen);
  const panel = useRef<HTMLDetailsElement>(null);
  // Opened from a search that matched this file: bring it into view once.
  useEffect(() => {
    if (initiallyOpen) panel.current?.scrollIntoView({ block: 'start' });
  }, [initiallyOpen]);
  if (info.extraction?.status !== 'text') return null;
  const name = attachmentName(info.name, info.sha256.slice(0, 12));
  return (
    <details
      ref={panel}
      open={initiallyOpen}
      class="att-text-panel"
      data-testid="attachment-text-panel"
      onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}
    >
      <summary data-testid="attachment-text-toggle">{m.showText}</summary>
      {open ? <LoadedText sha256={info.sha256} name={name} ocr={info.extraction.method === 'ocr'} /> : null}
    </details>
  );
}

function LoadedText({ sha256, name, ocr }: { sha256: string; name: string; ocr: boolean }) {
  const { m, locale } = useAttachmentMessages();
  const q = queryOfSearch(lastSearch());
  const { data, error, loading } = useApi(`${sha256}\n${q}`, (signal) =>
    getAttachmentText(sha256, q, signal),
  );
  if (error) return <p class="att-text-note is-error">{m.loadFailed(error.message)}</p>;
  if (loading || !data) return <p class="att-text-note">{m.loading}</p>;
  if (data.text === null) return <p class="att-text-note">{m.noText}</p>;
  const runs = textRuns(data.text, data.marks);
  const marked = data.marks.length;
  return (
    <figure class="att-text" aria-label={m.textTitle(name)}>
      <figcaption class="att-text-note">
        {ocr ? (
          <strong class="att-ocr" data-testid="attachment-text-ocr">
            {m.ocr}
          </strong>
        ) : null}{' '}
        {ocr ? m.ocrNote : m.textNote}
        {marked > 0 ? ` ${m.marked(formatNumber(marked, locale), marked)}` : ''}
        {' · '}
        {data.holderCount > 1 ? m.heldBy(formatNumber(data.holderCount, locale)) : m.heldByOne}
      </figcaption>
      <pre class="att-text-body" data-testid="attachment-text" tabIndex={0}>
        {runs.map((r, i) => (r.mark ? <mark key={i}>{r.text}</mark> : r.text))}
      </pre>
    </figure>
  );
}
