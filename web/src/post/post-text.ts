/**
 * A post's text cut into runs of plain text, links, @mentions and #tags, so the post view can
 * set them apart. Every run is rendered as text: a link is shown, never followed (opening a
 * link from the material can tell its owner who is reading).
 */

export type PostRunKind = 'text' | 'link' | 'mention' | 'tag';

export interface PostRun {
  kind: PostRunKind;
  text: string;
}

/** Characters of a post looked at; a post is short, a hostile one need not be. */
export const MAX_POST_CHARS = 100_000;

const TOKEN =
  /(https?:\/\/[^\s<>"'«»]+[^\s<>"'«».,;:!?)\]]|www\.[^\s<>"'«»]+[^\s<>"'«».,;:!?)\]])|(@[A-Za-z0-9_]{1,50})|(#[\p{L}\p{N}_]+)/gu;

export function postRuns(text: string): PostRun[] {
  const s = text.length > MAX_POST_CHARS ? `${text.slice(0, MAX_POST_CHARS)}…` : text;
  const runs: PostRun[] = [];
  let at = 0;
  for (const m of s.matchAll(TOKEN)) {
    const start = m.index;
    // An @ inside a word is an email address, not a mention.
    if (m[2] && start > 0 && /[\p{L}\p{N}_.]/u.test(s[start - 1] ?? '')) continue;
    if (start > at) runs.push({ kind: 'text', text: s.slice(at, start) });
    runs.push({ kind: m[1] ? 'link' : m[2] ? 'mention' : 'tag', text: m[0] });
    at = start + m[0].length;
  }
  if (at < s.length) runs.push({ kind: 'text', text: s.slice(at) });
  // Neighbouring text runs (after a skipped email address) are one.
  const merged: PostRun[] = [];
  for (const r of runs) {
    const last = merged[merged.length - 1];
    if (last && last.kind === 'text' && r.kind === 'text') last.text += r.text;
    else merged.push({ ...r });
  }
  return merged;
}
