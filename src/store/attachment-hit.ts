import type { Attachment } from '../model/index.js';
import { MATCH_START } from '../model/snippet-markers.js';
import { analyzeText } from '../model/text/analyzer.js';
import type { AttachmentTextSource } from './attachment-texts.js';
import { hasHighlights, type Highlights } from './query-highlights.js';
import { makeSnippet } from './snippet.js';
import type { AttachmentHit } from './store.js';

/**
 * The first attachment, in the item's order, whose text holds a word the query looks for
 * (`h`: queryHighlights(query, 'attachment')), with a snippet of it; undefined when none does.
 * Called for a result whose own text shows no match, so that a hit inside a PDF is shown as
 * one. Each text is scanned as far as makeSnippet scans (MAX_SNIPPET_SCAN_CHARS).
 */
export function attachmentHit(
  attachments: readonly Attachment[],
  lang: string | null,
  h: Highlights,
  texts: AttachmentTextSource,
): AttachmentHit | undefined {
  if (!hasHighlights(h)) return undefined;
  const seen = new Set<string>();
  for (const a of attachments) {
    if (seen.has(a.sha256)) continue;
    seen.add(a.sha256);
    const found = a.text !== null ? { text: a.text, lang } : texts(a.sha256);
    if (!found || found.text === '') continue;
    const snippet = makeSnippet(found.text, h, (run) => analyzeText(run, found.lang ?? lang));
    if (snippet.includes(MATCH_START)) return { sha256: a.sha256, name: a.name, snippet };
  }
  return undefined;
}
