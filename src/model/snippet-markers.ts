/**
 * Snippets are plain text with each match between these two characters (Unicode private-use
 * code points U+E000 and U+E001). Not «»: Norwegian quotes speech «like this», so guillemets
 * in a message would read as matches. The store strips these two characters from the text
 * before it marks matches, so a message cannot fake a match. (web/src/ui/split-snippet.ts
 * repeats them: the UI imports no code from the server.)
 */
export const MATCH_START = '\uE000';
export const MATCH_END = '\uE001';

/** For a terminal or a log: the matches between «», as a reader expects. */
export function snippetForDisplay(snippet: string, start = '«', end = '»'): string {
  return snippet.split(MATCH_START).join(start).split(MATCH_END).join(end);
}
