/** Mails with attachments, written in tests (attachment texts in ingest, the API, the UI). */

/** One part of a multipart/mixed mail: base64, with a name. */
export interface Part {
  name: string;
  type: string;
  bytes: Buffer;
}

let sequence = 0;

/** An RFC 5322 mail with a text body and these attachments, as an mbox entry. */
export function mailWith(subject: string, body: string, parts: Part[]): string {
  const n = ++sequence;
  const head =
    `From sender@example.org Mon Mar  7 10:0${n % 10}:00 2016\n` +
    `From: Sender <sender@example.org>\nTo: desk@example.org\nSubject: ${subject}\n` +
    `Date: Mon, 7 Mar 2016 ${String(10 + Math.floor(n / 60)).padStart(2, '0')}:${String(n % 60).padStart(2, '0')}:00 +0100\nMessage-ID: <m${n}@example.org>\nMIME-Version: 1.0\n`;
  if (parts.length === 0) return `${head}Content-Type: text/plain; charset=utf-8\n\n${body}\n\n`;
  const boundary = `b${n}`;
  let out = `${head}Content-Type: multipart/mixed; boundary="${boundary}"\n\n--${boundary}\n`;
  out += `Content-Type: text/plain; charset=utf-8\n\n${body}\n`;
  for (const p of parts) {
    const b64 = p.bytes.toString('base64').replace(/.{76}/g, '$&\n');
    out +=
      `--${boundary}\nContent-Type: ${p.type}; name="${p.name}"\nContent-Disposition: attachment; filename="${p.name}"\n` +
      `Content-Transfer-Encoding: base64\n\n${b64}\n`;
  }
  return `${out}--${boundary}--\n\n`;
}
