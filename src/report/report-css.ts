/**
 * The report's one stylesheet, inline in its <style> element and allowed by the page's
 * Content-Security-Policy through its sha256 (render-report.ts), so nothing else can style the
 * page. System fonts only: the file loads nothing. Print: A4, a new page for every day, no item
 * header, table row or echo line cut across pages.
 */
export const REPORT_CSS = `
:root {
  color-scheme: light;
  --text: #1b2129;
  --muted: #56606b;
  --line: #d3d8de;
  --soft: #f4f6f8;
  --private: #b4570a;
  --private-soft: #fdf3ea;
  --public: #1f5fa8;
  --public-soft: #eaf1fa;
  --warn: #9b1c10;
  --warn-soft: #fdf0ee;
  --mono: ui-monospace, SFMono-Regular, Menlo, Consolas, 'DejaVu Sans Mono', 'Liberation Mono', monospace;
}
* { box-sizing: border-box; }
html {
  font: 15px/1.5 system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', 'Noto Sans', 'Liberation Sans', Arial, sans-serif;
  color: var(--text);
  background: #fff;
  -webkit-text-size-adjust: 100%;
}
body { margin: 0 auto; max-width: 62rem; padding: 2rem 1.25rem 3rem; }
h1 { font-size: 1.9rem; line-height: 1.2; margin: 0 0 0.35rem; overflow-wrap: anywhere; }
h2 { font-size: 1.3rem; margin: 2.2rem 0 0.8rem; padding-bottom: 0.3rem; border-bottom: 2px solid var(--text); }
h3 { font-size: 0.95rem; margin: 0.9rem 0 0.35rem; }
p { margin: 0.4rem 0; }
a { color: inherit; }
.lede { color: var(--muted); margin: 0 0 1.4rem; }
.muted { color: var(--muted); }
.mono, code { font-family: var(--mono); font-size: 0.86em; overflow-wrap: anywhere; }
.ctl { font-family: var(--mono); font-size: 0.8em; color: var(--warn); background: var(--warn-soft); border-radius: 2px; padding: 0 2px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 0.32rem 0.5rem; border-bottom: 1px solid var(--line); }
thead th { border-bottom: 2px solid var(--text); font-size: 0.85rem; }
tr, li { break-inside: avoid; page-break-inside: avoid; }
.summary th { width: 12rem; font-weight: 500; color: var(--muted); }
.scroll { overflow-x: auto; }
.people td:nth-child(3), .people td:nth-child(4), .people th:nth-child(3), .people th:nth-child(4) { text-align: right; white-space: nowrap; }
.contents { font-size: 0.86rem; }
.contents td:first-child { white-space: nowrap; }
.contents .when { white-space: nowrap; }
.contents tr.is-private td:first-child { border-left: 4px solid var(--private); }
.contents tr.is-public td:first-child { border-left: 4px solid var(--public); }
.day-title { break-after: avoid; page-break-after: avoid; }
.day-zone { font-weight: 400; font-size: 0.85rem; color: var(--muted); margin-left: 0.5rem; }
.entry {
  border: 1px solid var(--line);
  border-left: 6px solid var(--private);
  border-radius: 4px;
  padding: 0.8rem 1rem 0.9rem;
  margin: 0 0 1.2rem;
  break-inside: avoid;
  page-break-inside: avoid;
}
.entry.is-public { border-left-color: var(--public); }
.entry-head {
  display: flex;
  flex-wrap: wrap;
  align-items: baseline;
  gap: 0.25rem 0.9rem;
  break-inside: avoid;
  break-after: avoid;
  page-break-after: avoid;
}
.n { font-weight: 700; font-size: 1.05rem; }
.local { font-weight: 700; font-size: 1.05rem; font-variant-numeric: tabular-nums; }
.offset { font-weight: 400; color: var(--muted); font-size: 0.85rem; }
.utc { font-family: var(--mono); font-size: 0.82rem; color: var(--muted); }
.badges { margin-left: auto; font-size: 0.82rem; display: flex; gap: 0.4rem; flex-wrap: wrap; }
.badge { border-radius: 3px; padding: 0.05rem 0.4rem; border: 1px solid var(--line); white-space: nowrap; }
.badge.vis-private { background: var(--private-soft); border-color: var(--private); color: #7a3a05; font-weight: 600; }
.badge.vis-public { background: var(--public-soft); border-color: var(--public); color: #143f70; font-weight: 600; }
.who { display: grid; grid-template-columns: max-content 1fr; gap: 0.1rem 0.75rem; margin: 0.55rem 0 0.5rem; }
.who dt { color: var(--muted); }
.who dd { margin: 0; overflow-wrap: anywhere; }
.key { color: var(--muted); }
.text {
  white-space: pre-wrap;
  overflow-wrap: anywhere;
  background: var(--soft);
  border-radius: 3px;
  padding: 0.6rem 0.75rem;
  margin: 0.4rem 0 0.6rem;
  font-size: 0.97rem;
  line-height: 1.55;
}
.echoes ul { margin: 0.2rem 0 0.4rem; padding-left: 1.2rem; }
.echoes li { margin: 0.2rem 0; }
.latency { font-weight: 700; }
.echo-when { font-size: 0.86rem; color: var(--muted); }
.echo-evidence { font-size: 0.9rem; }
.out { font-style: italic; color: var(--muted); }
.details { font-size: 0.84rem; margin-top: 0.5rem; }
.details th { width: 13rem; font-weight: 500; color: var(--muted); }
.details td, .details th { padding: 0.22rem 0.4rem; }
.warn { color: var(--warn); background: var(--warn-soft); font-weight: 600; padding: 0.3rem 0.5rem; border-radius: 3px; }
.verify { break-before: page; page-break-before: always; }
.verify li { margin: 0.35rem 0; }
.foot { margin-top: 2rem; padding-top: 0.5rem; border-top: 1px solid var(--line); color: var(--muted); font-size: 0.82rem; }
@media (max-width: 640px) {
  html { font-size: 14px; }
  body { padding: 1rem 0.75rem 2rem; }
  .summary th, .details th { width: auto; }
  .summary th, .summary td, .details th, .details td { display: block; border: 0; padding: 0.1rem 0; }
  .summary tr, .details tr { display: block; border-bottom: 1px solid var(--line); padding: 0.3rem 0; }
  .badges { margin-left: 0; }
  .entry { padding: 0.6rem 0.7rem; }
}
@page {
  size: A4;
  margin: 16mm 14mm 18mm;
  @bottom-right { content: counter(page) ' / ' counter(pages); font: 8pt system-ui, sans-serif; color: #56606b; }
}
@media print {
  html { font-size: 10pt; }
  body { max-width: none; padding: 0; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .day { break-before: page; page-break-before: always; }
  .scroll { overflow: visible; }
  a { text-decoration: none; }
  h2 { break-after: avoid; page-break-after: avoid; }
}
`;
