/**
 * A snippet from the API is plain text with each match between U+E000 and U+E001 (see
 * src/model/snippet-markers.ts; repeated here because the UI imports no server code). It is hostile text (a
 * leaked message chose every character of it), so it is never parsed as HTML: it is cut into
 * runs that the caller renders as text nodes and <mark> elements.
 */

/** Longer than any snippet the store makes (about 200 characters); stops a huge one from a bad server. */
export const MAX_SNIPPET_CHARS = 2000;

export interface SnippetRun {
  text: string;
  match: boolean;
}

const MATCH_START = '\uE000';
const MATCH_END = '\uE001';

/**
 * The markers toggle a match; a start inside a match or an end outside one is dropped (the
 * server strips them from message text, so they never carry meaning of their own).
 */
export function splitSnippet(snippet: string): SnippetRun[] {
  const s = snippet.length > MAX_SNIPPET_CHARS ? snippet.slice(0, MAX_SNIPPET_CHARS) + '…' : snippet;
  const runs: SnippetRun[] = [];
  let buf = '';
  let inMatch = false;
  for (const ch of s) {
    if (ch === MATCH_START && !inMatch) {
      if (buf) runs.push({ text: buf, match: false });
      buf = '';
      inMatch = true;
    } else if (ch === MATCH_END && inMatch) {
      if (buf) runs.push({ text: buf, match: true });
      buf = '';
      inMatch = false;
    } else if (ch !== MATCH_START && ch !== MATCH_END) {
      buf += ch;
    }
  }
  // An unclosed match shows its text as a match: the server meant to mark it.
  if (buf) runs.push({ text: buf, match: inMatch });
  return runs;
}
