import type { ExtractContext } from './extract-context.js';
import { EXTRACT_FLAGS } from './extract-result.js';
import { localName, readXmlMember, StopReading } from './xml-member.js';
import type { ZipPackage } from './zip-package.js';

/** The ODF kinds, by the `mimetype` member every OpenDocument package starts with (ODF 1.3 part 2 §3.3). */
export const ODF_MIMETYPES: Record<string, 'odt' | 'ods' | 'odp'> = {
  'application/vnd.oasis.opendocument.text': 'odt',
  'application/vnd.oasis.opendocument.text-template': 'odt',
  'application/vnd.oasis.opendocument.text-master': 'odt',
  'application/vnd.oasis.opendocument.spreadsheet': 'ods',
  'application/vnd.oasis.opendocument.spreadsheet-template': 'ods',
  'application/vnd.oasis.opendocument.presentation': 'odp',
  'application/vnd.oasis.opendocument.presentation-template': 'odp',
};

/** Largest repeat count honoured for a non-empty cell or row (ODF writes runs of equal cells as one). */
const MAX_REPEAT = 1000;

/**
 * The text of an OpenDocument text, spreadsheet or presentation, streamed from content.xml:
 * paragraphs and headings as lines (`text:s`, `text:tab` and `text:line-break` honoured,
 * deleted tracked changes left out), spreadsheets as one line a row with tab-separated
 * cells under each sheet's name (repeated non-empty cells and rows written out, counted
 * against maxCells; empty repeats, often 16,384 of them, ignored), presentation pages
 * (with their notes) as blocks, up to maxPages.
 */
export async function readOdf(
  zip: ZipPackage,
  kind: 'odt' | 'ods' | 'odp',
  ctx: ExtractContext,
): Promise<void> {
  const sink = ctx.sink;
  // Elements whose content is not text of the document.
  const skipped = new Set([
    'tracked-changes',
    'sequence-decls',
    'variable-decls',
    'user-field-decls',
    'forms',
    'note-citation',
  ]);
  let skipDepth = 0;
  let pages = 0;
  let tables = 0;
  let cells = 0;
  // Spreadsheet state: the row being built, the cell being read, repeats.
  let row: string[] | null = null;
  let rowRepeat = 1;
  let cell: string | null = null;
  let cellRepeat = 1;

  const out = (s: string): void => {
    if (cell !== null) cell += s;
    else if (!sink.push(s)) throw new StopReading();
  };
  const endParagraph = (): void => {
    if (cell !== null) cell += cell === '' ? '' : ' ';
    else out('\n');
  };

  await readXmlMember(zip, 'content.xml', {
    open(tag, a) {
      const n = localName(tag);
      if (skipDepth > 0 || skipped.has(n)) {
        skipDepth++;
        return;
      }
      switch (n) {
        case 's':
          out(' '.repeat(Math.min(Math.max(1, Number(a['text:c'] ?? 1) || 1), 100)));
          break;
        case 'tab':
          out('\t');
          break;
        case 'line-break':
          out('\n');
          break;
        case 'page':
          // draw:page, a slide of a presentation.
          if (tag === 'draw:page') {
            if (++pages > ctx.limits.maxPages) {
              ctx.flags.add(EXTRACT_FLAGS.pageLimit);
              throw new StopReading();
            }
            ctx.deadline.check(`at page ${pages}`);
          }
          break;
        case 'table':
          if (tag === 'table:table' && kind === 'ods') {
            if (++tables > ctx.limits.maxSheets) {
              ctx.flags.add(EXTRACT_FLAGS.sheetLimit);
              throw new StopReading();
            }
            ctx.deadline.check(`at sheet ${tables}`);
            out(`${a['table:name'] ?? ''}\n`);
          }
          break;
        case 'table-row':
          row = [];
          rowRepeat = Math.min(Math.max(1, Number(a['table:number-rows-repeated'] ?? 1) || 1), MAX_REPEAT);
          break;
        case 'table-cell':
        case 'covered-table-cell':
          cell = '';
          cellRepeat = Math.min(
            Math.max(1, Number(a['table:number-columns-repeated'] ?? 1) || 1),
            MAX_REPEAT,
          );
          break;
      }
    },
    text(t) {
      if (skipDepth > 0) return;
      out(t);
    },
    close(tag) {
      const n = localName(tag);
      if (skipDepth > 0) {
        skipDepth--;
        return;
      }
      switch (n) {
        case 'p':
        case 'h':
          endParagraph();
          break;
        case 'table-cell':
        case 'covered-table-cell': {
          const text = (cell ?? '').trim();
          cell = null;
          if (text === '' || row === null) break;
          for (let i = 0; i < cellRepeat; i++) {
            row.push(text.replace(/[\t\n]+/g, ' '));
            if (++cells >= ctx.limits.maxCells) {
              ctx.flags.add(EXTRACT_FLAGS.cellLimit);
              writeRow(1);
              throw new StopReading();
            }
          }
          break;
        }
        case 'table-row':
          writeRow(rowRepeat);
          break;
        case 'page':
        case 'table':
          out('\n\n');
          break;
      }
    },
  });
  if (kind === 'odp') ctx.pages = Math.min(pages, ctx.limits.maxPages);
  else if (kind === 'ods') ctx.pages = Math.min(tables, ctx.limits.maxSheets);

  function writeRow(times: number): void {
    const r = row;
    row = null;
    if (r === null || r.length === 0) return;
    const line = r.join('\t') + '\n';
    for (let i = 0; i < times; i++) {
      if (kind === 'ods' && i > 0 && (cells += r.length) >= ctx.limits.maxCells) {
        ctx.flags.add(EXTRACT_FLAGS.cellLimit);
        throw new StopReading();
      }
      if (!sink.push(line)) throw new StopReading();
    }
  }
}
