/**
 * The search page's Export menu: the results of the current query as an evidence zip, as an mbox
 * of the emails, or as a story timeline report (a time zone and a language to choose). Each is a
 * plain download link to the API (docs/api.md, export routes): the browser saves the file with
 * the session cookie, nothing passes through script, and the server names the file.
 */
import { withCollection } from '../team/collection-state.js';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { LANGS, useI18n, type Lang } from '../i18n/i18n.js';
import { formatNumber } from '../i18n/format.js';
import { exportMessages } from './export-messages.js';

/** As MAX_REPORT_ITEMS in src/report/build-report.ts: the server refuses larger reports. */
export const REPORT_MAX_ITEMS = 10_000;

/** The reader's own zone, as the browser knows it; UTC when it does not say. */
function browserZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/** Every zone the browser knows, the reader's own and UTC first. */
function zoneChoices(own: string): string[] {
  let all: string[] = [];
  try {
    all = Intl.supportedValuesOf('timeZone');
  } catch {
    all = [];
  }
  return [...new Set([own, 'UTC', ...all])];
}

/** A URL of the API with its query string. */
export function exportHref(path: string, params: Record<string, string>): string {
  const search = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== ''));
  const s = search.toString();
  return withCollection(s === '' ? path : `${path}?${s}`);
}

export function ExportMenu(props: { q: string; total: number | null }) {
  const { lang, locale } = useI18n();
  const m = exportMessages(lang);
  const [open, setOpen] = useState(false);
  const own = useMemo(browserZone, []);
  const zones = useMemo(() => zoneChoices(own), [own]);
  const [zone, setZone] = useState(own);
  const [reportLang, setReportLang] = useState<Lang>(lang);
  const [title, setTitle] = useState('');
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => setReportLang(lang), [lang]);

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (root.current && e.target instanceof Node && !root.current.contains(e.target)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      e.preventDefault();
      setOpen(false);
      button.current?.focus();
    };
    document.addEventListener('mousedown', onDown);
    document.addEventListener('keydown', onKey);
    root.current?.querySelector<HTMLElement>('.export-option, select')?.focus();
    return () => {
      document.removeEventListener('mousedown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  const total = props.total ?? 0;
  const none = props.total === 0;
  const tooMany = total > REPORT_MAX_ITEMS;
  const q = props.q;
  const count = formatNumber(total, locale);

  return (
    <div class="export-menu" ref={root} data-testid="export-menu">
      <button
        ref={button}
        type="button"
        class="btn btn-small export-button"
        aria-expanded={open}
        aria-controls="export-panel"
        data-testid="export-button"
        onClick={() => setOpen((o) => !o)}
      >
        {m.button}
        <span aria-hidden="true" class="export-caret">
          ▾
        </span>
      </button>
      {open ? (
        <div id="export-panel" class="export-panel" role="group" aria-labelledby="export-heading">
          <div class="export-head">
            <h2 id="export-heading">{m.heading}</h2>
            <p class="muted" data-testid="export-scope">
              {none ? m.nothing : q.trim() === '' ? m.scopeAll(count) : m.scope(count)}
            </p>
          </div>
          <DownloadOption
            href={none ? null : exportHref('/api/export.zip', { q })}
            label={m.zip}
            note={m.zipNote}
            testId="export-zip"
          />
          <DownloadOption
            href={none ? null : exportHref('/api/export.mbox', { q })}
            label={m.mbox}
            note={m.mboxNote}
            testId="export-mbox"
          />
          <section class="export-report" aria-labelledby="export-report-heading" data-testid="export-report">
            <h3 id="export-report-heading">{m.report}</h3>
            <p class="export-note">{m.reportNote}</p>
            <div class="export-fields">
              <label>
                <span>{m.timeZone}</span>
                <select value={zone} data-testid="export-tz" onChange={(e) => setZone(e.currentTarget.value)}>
                  {zones.map((z) => (
                    <option key={z} value={z}>
                      {z}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                <span>{m.language}</span>
                <select
                  value={reportLang}
                  data-testid="export-lang"
                  onChange={(e) => setReportLang(e.currentTarget.value as Lang)}
                >
                  {LANGS.map((l) => (
                    <option key={l} value={l}>
                      {m.langNames[l]}
                    </option>
                  ))}
                </select>
              </label>
              <label class="export-title">
                <span>{m.title}</span>
                <input
                  type="text"
                  value={title}
                  maxLength={200}
                  placeholder={exportMessages(reportLang).titlePlaceholder}
                  data-testid="export-title"
                  onInput={(e) => setTitle(e.currentTarget.value)}
                />
              </label>
            </div>
            {tooMany ? (
              <p class="export-warn" data-testid="export-too-many">
                {m.reportTooMany(formatNumber(REPORT_MAX_ITEMS, locale))}
              </p>
            ) : null}
            {none || tooMany ? (
              <span class="btn btn-primary is-disabled" aria-disabled="true">
                {m.downloadReport}
              </span>
            ) : (
              <a
                class="btn btn-primary"
                href={exportHref('/api/report.html', { q, tz: zone, lang: reportLang, title: title.trim() })}
                download
                data-testid="export-report-link"
              >
                {m.downloadReport}
              </a>
            )}
          </section>
        </div>
      ) : null}
    </div>
  );
}

function DownloadOption(props: { href: string | null; label: string; note: string; testId: string }) {
  const body = (
    <>
      <strong>{props.label}</strong>
      <span class="export-note">{props.note}</span>
    </>
  );
  return props.href === null ? (
    <span class="export-option is-disabled" aria-disabled="true" data-testid={props.testId}>
      {body}
    </span>
  ) : (
    <a class="export-option" href={props.href} download data-testid={props.testId}>
      {body}
    </a>
  );
}
