/**
 * Message text cut into runs of quoted (`> `) and own lines, so that the quoted history of an
 * email can be dimmed and the new words stand out.
 */

/**
 * Characters of text rendered in the page at most. A message body can be tens of megabytes
 * (a pasted log, a base64 blob that was not decoded); the raw tab and its download have all.
 */
export const MAX_TEXT_CHARS = 1_000_000;

export interface TextSegment {
  quoted: boolean;
  text: string;
}

/** RFC 3676 §4.5: quoted lines start with '>' (some clients indent them). */
const QUOTED = /^[ \t]*>/;

export function quotedSegments(text: string): TextSegment[] {
  const out: TextSegment[] = [];
  let start = 0;
  let current: boolean | null = null;
  let at = 0;
  while (at <= text.length) {
    const nl = text.indexOf('\n', at);
    const end = nl < 0 ? text.length : nl + 1;
    const quoted = QUOTED.test(text.slice(at, Math.min(end, at + 64)));
    if (current !== null && quoted !== current) {
      out.push({ quoted: current, text: text.slice(start, at) });
      start = at;
    }
    current = quoted;
    if (nl < 0) break;
    at = end;
  }
  if (current !== null && start < text.length) out.push({ quoted: current, text: text.slice(start) });
  return out;
}
