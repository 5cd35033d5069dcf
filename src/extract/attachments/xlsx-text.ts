import type { ExtractContext } from './extract-context.js';
import { EXTRACT_FLAGS } from './extract-result.js';
import { localName, readRelationships, readXmlMember, StopReading } from './xml-member.js';
import type { ZipPackage } from './zip-package.js';

/**
 * The text of an Excel workbook (ECMA-376 SpreadsheetML), streamed: each sheet under its
 * name, one line a row, cells separated by tabs, up to maxSheets sheets and maxCells
 * non-empty cells. Values as stored: numbers and dates as their raw numbers (a date is a
 * serial day count whose format lives in the styles, which are not read), booleans as
 * TRUE/FALSE, formulas by their cached value.
 *
 * Not exceljs: its streaming reader writes every worksheet that precedes the shared strings
 * to a temporary file (Excel itself stores the sheets first), which would put leaked content
 * on disk, and its in-memory reader builds an object per cell with no bound.
 */
export async function readXlsx(zip: ZipPackage, ctx: ExtractContext): Promise<void> {
  const workbook = (await officeDocumentPart(zip)) ?? 'xl/workbook.xml';
  const folder = workbook.replace(/[^/]*$/, '');
  const sheets: { name: string; rid: string }[] = [];
  await readXmlMember(zip, workbook, {
    open(tag, a) {
      if (localName(tag) === 'sheet') sheets.push({ name: a.name ?? '', rid: relationshipId(a) ?? '' });
    },
  });
  ctx.pages = sheets.length;
  const rels = await readRelationships(zip, `${folder}_rels/${workbook.slice(folder.length)}.rels`);
  let sharedPart = `${folder}sharedStrings.xml`;
  for (const r of rels.values()) if (r.type.endsWith('/sharedStrings')) sharedPart = r.target;
  const shared = await readSharedStrings(zip, sharedPart, ctx);

  if (sheets.length > ctx.limits.maxSheets) ctx.flags.add(EXTRACT_FLAGS.sheetLimit);
  const budget = { cells: 0 };
  for (const sheet of sheets.slice(0, ctx.limits.maxSheets)) {
    const part = rels.get(sheet.rid)?.target;
    if (part === undefined || !zip.has(part)) continue;
    ctx.deadline.check(`at sheet "${sheet.name}"`);
    ctx.sink.push(sheet.name);
    ctx.sink.newline();
    await readSheet(zip, part, shared, ctx, budget);
    ctx.sink.newline();
    if (budget.cells >= ctx.limits.maxCells || ctx.sink.full) break;
  }
}

/** `r:id` with whatever prefix the writer bound the relationships namespace to. */
function relationshipId(a: Record<string, string>): string | undefined {
  for (const [k, v] of Object.entries(a)) if (k === 'r:id' || k.endsWith(':id')) return v;
  return undefined;
}

/** The main part named by the package relationships (`_rels/.rels`), e.g. xl/workbook.xml. */
export async function officeDocumentPart(zip: ZipPackage): Promise<string | null> {
  const rels = await readRelationships(zip, '_rels/.rels');
  for (const r of rels.values()) if (r.type.endsWith('/officeDocument')) return r.target;
  return null;
}

/**
 * The shared-string table. Its size is bounded by the zip limits; each string is kept as
 * read (rich-text runs joined, phonetic guides left out).
 */
async function readSharedStrings(zip: ZipPackage, part: string, ctx: ExtractContext): Promise<string[]> {
  const strings: string[] = [];
  let current = '';
  let inText = false;
  let inPhonetic = false;
  ctx.deadline.check('reading the shared strings');
  await readXmlMember(zip, part, {
    open(tag) {
      const n = localName(tag);
      if (n === 'si') current = '';
      else if (n === 't') inText = true;
      else if (n === 'rPh') inPhonetic = true;
    },
    text(t) {
      if (inText && !inPhonetic) current += t;
    },
    close(tag) {
      const n = localName(tag);
      if (n === 'si') strings.push(current);
      else if (n === 't') inText = false;
      else if (n === 'rPh') inPhonetic = false;
    },
  });
  return strings;
}

async function readSheet(
  zip: ZipPackage,
  part: string,
  shared: string[],
  ctx: ExtractContext,
  budget: { cells: number },
): Promise<void> {
  let row: string[] = [];
  let type = '';
  let value = '';
  let inValue = false;
  let inInline = false;
  let inPhonetic = false;
  /** Writes the row; false once the text is full. */
  const flushRow = (): boolean => {
    if (row.length > 0) {
      ctx.sink.push(row.join('\t'));
      ctx.sink.newline();
    }
    row = [];
    return !ctx.sink.full;
  };
  await readXmlMember(zip, part, {
    open(tag, a) {
      switch (localName(tag)) {
        case 'c':
          type = a.t ?? 'n';
          value = '';
          break;
        case 'v':
          inValue = true;
          break;
        case 'is':
          inInline = true;
          break;
        case 'rPh':
          inPhonetic = true;
          break;
      }
    },
    text(t) {
      if ((inValue || inInline) && !inPhonetic) value += t;
    },
    close(tag) {
      switch (localName(tag)) {
        case 'v':
          inValue = false;
          break;
        case 'is':
          inInline = false;
          break;
        case 'rPh':
          inPhonetic = false;
          break;
        case 'c': {
          const text = cellText(type, value, shared).trim();
          if (text === '') break;
          row.push(text.replace(/[\t\r\n]+/g, ' '));
          if (++budget.cells >= ctx.limits.maxCells) {
            ctx.flags.add(EXTRACT_FLAGS.cellLimit);
            flushRow();
            throw new StopReading();
          }
          break;
        }
        case 'row':
          if (!flushRow()) throw new StopReading();
          break;
      }
    },
  });
  flushRow();
}

/** A cell's text by its type (ECMA-376 part 1 §18.18.11 ST_CellType). */
function cellText(type: string, value: string, shared: string[]): string {
  switch (type) {
    case 's':
      return shared[Number(value)] ?? '';
    case 'b':
      return value === '1' ? 'TRUE' : value === '0' ? 'FALSE' : value;
    default:
      // n (number), str (formula string), inlineStr, e (error such as #N/A), d (ISO date)
      return value;
  }
}
