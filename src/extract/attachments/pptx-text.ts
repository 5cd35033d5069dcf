import type { ExtractContext } from './extract-context.js';
import { EXTRACT_FLAGS } from './extract-result.js';
import { officeDocumentPart } from './xlsx-text.js';
import { localName, readRelationships, readXmlMember, StopReading } from './xml-member.js';
import type { ZipPackage } from './zip-package.js';

/**
 * The text of a PowerPoint presentation (ECMA-376 PresentationML), slide by slide in the
 * presentation's order (not the file names'), each followed by its speaker notes, up to
 * maxPages slides. DrawingML paragraphs (`a:p`) become lines; table cells are tab-separated.
 */
export async function readPptx(zip: ZipPackage, ctx: ExtractContext): Promise<void> {
  const presentation = (await officeDocumentPart(zip)) ?? 'ppt/presentation.xml';
  const folder = presentation.replace(/[^/]*$/, '');
  const order: string[] = [];
  await readXmlMember(zip, presentation, {
    open(tag, a) {
      if (localName(tag) !== 'sldId') return;
      for (const [k, v] of Object.entries(a)) if (k.endsWith(':id')) order.push(v);
    },
  });
  const rels = await readRelationships(zip, `${folder}_rels/${presentation.slice(folder.length)}.rels`);
  let slides = order
    .map((id) => rels.get(id)?.target)
    .filter((t): t is string => t !== undefined && zip.has(t));
  if (slides.length === 0) {
    // No usable presentation part: the slide parts in the order of their numbers.
    const num = (s: string): number => Number(/(\d+)\.xml$/.exec(s)?.[1] ?? 0);
    slides = zip
      .names()
      .filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n))
      .sort((a, b) => num(a) - num(b));
  }
  ctx.pages = slides.length;
  if (slides.length > ctx.limits.maxPages) ctx.flags.add(EXTRACT_FLAGS.pageLimit);
  for (const [i, slide] of slides.slice(0, ctx.limits.maxPages).entries()) {
    ctx.deadline.check(`at slide ${i + 1}`);
    await readDrawingText(zip, slide, ctx);
    const slideFolder = slide.replace(/[^/]*$/, '');
    const slideRels = await readRelationships(
      zip,
      `${slideFolder}_rels/${slide.slice(slideFolder.length)}.rels`,
    );
    for (const r of slideRels.values())
      if (r.type.endsWith('/notesSlide')) await readDrawingText(zip, r.target, ctx);
    ctx.sink.paragraph();
    if (ctx.sink.full) return;
  }
}

/** The text runs of one slide or notes part. */
async function readDrawingText(zip: ZipPackage, part: string, ctx: ExtractContext): Promise<void> {
  let inText = false;
  await readXmlMember(zip, part, {
    open(tag) {
      const n = localName(tag);
      if (n === 't') inText = true;
      else if (n === 'br') ctx.sink.newline();
    },
    text(t) {
      if (inText && !ctx.sink.push(t)) throw new StopReading();
    },
    close(tag) {
      const n = localName(tag);
      if (n === 't') inText = false;
      else if (n === 'p') ctx.sink.newline();
      else if (n === 'tc') ctx.sink.push('\t');
    },
  });
}
