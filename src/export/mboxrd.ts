/**
 * One message in mboxrd form (RFC 4155 and its appendix): a "From " separator line, the message
 * with every line that starts with zero or more '>' and then "From " given one more '>', and a
 * blank line. Readers that undo mboxrd quoting (ours: sources/containers/mboxrd-unescape.ts,
 * mutt, Thunderbird, Python's mailbox) get the message's bytes back exactly; unlike mboxo, the
 * quoting is reversible.
 *
 * One change is unavoidable: a message whose last line has no line ending gets one, since the
 * separator of the next message must start a line.
 */

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const NL = 0x0a;
const CR = 0x0d;
const GT = 0x3e;
const FROM_ = Buffer.from('From ');

/**
 * The separator line: `From <sender> <asctime date in UTC>`, the shape every mbox writer uses
 * (`From djtjr@example.org Fri Jun  3 14:36:00 2016`). The sender is the envelope address: only
 * printable ASCII without blanks is kept (it is one token), MAILER-DAEMON when nothing is left;
 * a message without a date gets the Unix epoch, since readers want a date there.
 */
export function mboxFromLine(sender: string | null, sentAt: string | null): string {
  const who = (sender ?? '').replace(/[^\x21-\x7e]/g, '') || 'MAILER-DAEMON';
  let d = sentAt === null ? new Date(0) : new Date(sentAt);
  if (Number.isNaN(d.getTime())) d = new Date(0);
  const two = (n: number): string => String(n).padStart(2, '0');
  const date =
    `${WEEKDAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ` +
    `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} ${d.getUTCFullYear()}`;
  return `From ${who} ${date}`;
}

/** The message with mboxrd quoting: each line matching /^>*From / gets one more '>'. */
export function escapeMboxrd(raw: Uint8Array): Buffer {
  const bytes = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  const pieces: Buffer[] = [];
  let copied = 0;
  for (let line = 0; line < bytes.length;) {
    let at = line;
    while (at < bytes.length && bytes[at] === GT) at++;
    if (bytes.subarray(at, at + FROM_.length).equals(FROM_)) {
      pieces.push(bytes.subarray(copied, line), Buffer.from('>'));
      copied = line;
    }
    const next = bytes.indexOf(NL, at);
    if (next < 0) break;
    line = next + 1;
  }
  if (pieces.length === 0) return bytes;
  pieces.push(bytes.subarray(copied));
  return Buffer.concat(pieces);
}

/**
 * The bytes of one mbox entry: separator line, quoted message, a line ending when the message
 * lacks a last one, and the blank line that precedes the next separator. Line endings follow the
 * message's own (CRLF when its first line ends in CRLF).
 */
export function mboxrdEntry(raw: Uint8Array, sender: string | null, sentAt: string | null): Buffer {
  const firstNl = raw.indexOf(NL);
  const eol = firstNl > 0 && raw[firstNl - 1] === CR ? '\r\n' : '\n';
  const body = escapeMboxrd(raw);
  const ends = body.length > 0 && body[body.length - 1] === NL;
  return Buffer.concat([
    Buffer.from(`${mboxFromLine(sender, sentAt)}${eol}`, 'latin1'),
    body,
    Buffer.from(`${ends ? '' : eol}${eol}`, 'latin1'),
  ]);
}
