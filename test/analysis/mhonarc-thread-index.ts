/**
 * Reads an MHonArc "Archive by Thread" page (thread.html) into the parent of each message, as
 * the archive shows it. Test-only: the page is a trusted fixture, not hostile input.
 *
 * The page nests <ul>/<li>; each <li> of a message holds `<a name="NNNNN" href="msgNNNNN.html">`,
 * and a reply's <li> sits in a <ul> inside its parent's <li>. MHonArc threads by References and
 * In-Reply-To; where those point at a message absent from the month it may add, after an
 * `<li>&lt;Possible follow-ups&gt;</li>` marker inside a thread's <ul>, messages it joined by
 * subject alone. Those have no header-backed parent, so they are recorded as roots
 * (`parent: null`) with `followUp: true`.
 */
export interface MhonarcEntry {
  /** The number NNNNN in msgNNNNN.html: the 0-based position of the message in the month's mbox. */
  number: number;
  subject: string;
  author: string;
  /** Number of the message it hangs under, or null for a thread start and for follow-ups. */
  parent: number | null;
  followUp: boolean;
  /** Number of the top-level message of its <ul> tree (a "thread" on the page). */
  top: number;
  /**
   * Nesting level on the page, 0 for a thread start. MHonArc stops nesting at its TLEVELS
   * setting: every deeper reply is shown at the last level, under an ancestor of its real parent.
   */
  level: number;
}

const TOKEN =
  /<(\/?)(ul|li)\b[^>]*>|<a name="(\d+)"[^>]*>([\s\S]*?)<\/a><\/strong>,\s*<em>([\s\S]*?)<\/em>|&lt;Possible follow-ups&gt;/gi;

export function readMhonarcThreadIndex(html: string): MhonarcEntry[] {
  // The thread list lies between the first and the last <HR>; before it is navigation.
  const body = html.slice(html.indexOf('<HR>'), html.lastIndexOf('<HR>'));
  const entries: MhonarcEntry[] = [];
  const levels: Array<{ owner: number | null; top: number | null; followUps: boolean }> = [];
  const openItems: Array<number | null> = [];
  for (const m of body.matchAll(TOKEN)) {
    const [, close, tag, num, subject, author] = m;
    if (tag !== undefined) {
      const t = tag.toLowerCase();
      if (t === 'ul' && close === '') {
        const owner = openItems.at(-1) ?? null;
        const top = levels.length === 0 ? null : (levels.at(-1)!.top ?? owner);
        levels.push({ owner, top: owner === null ? null : top, followUps: false });
      } else if (t === 'ul') levels.pop();
      else if (close === '') openItems.push(null);
      else openItems.pop();
    } else if (num !== undefined) {
      const ul = levels.at(-1);
      if (ul === undefined) throw new Error(`message ${num} outside any <ul>`);
      const n = Number(num);
      openItems[openItems.length - 1] = n;
      entries.push({
        number: n,
        subject: decodeEntities(subject ?? ''),
        author: decodeEntities(author ?? ''),
        parent: ul.followUps ? null : ul.owner,
        followUp: ul.followUps,
        top: ul.top ?? n,
        level: levels.length - 1,
      });
    } else {
      const ul = levels.at(-1);
      if (ul !== undefined) ul.followUps = true;
    }
  }
  return entries;
}

function decodeEntities(s: string): string {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCharCode(Number(d)))
    .replace(/&amp;/g, '&');
}
