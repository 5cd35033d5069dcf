import type { AttachmentSpec } from './attachments.js';
import { type Lang, toHtml } from './body-text.js';
import type { Correspondent } from './correspondents.js';
import {
  type Charset,
  base64Lines,
  charsetBytes,
  encodedWords,
  foldHeader,
  isAscii,
  isLatin1,
  quotedPrintable,
  rfc5322Date,
} from './mime-encode.js';
import type { Prng } from './prng.js';

/** Everything decided about one message before it is encoded. */
export interface MessageSpec {
  index: number;
  messageId: string;
  /** UTC instant, and the sender's zone in minutes east of UTC. */
  ms: number;
  tzOffset: number;
  from: Correspondent;
  to: Correspondent[];
  cc: Correspondent[];
  subject: string;
  inReplyTo: string | null;
  references: string[];
  lang: Lang;
  /** The plain-text body (own text plus quoted parent), already wrapped. */
  plain: string;
  /** What the HTML alternative shows, or null for text-only mail. */
  html: { paragraphs: string[]; quoted: string | null } | null;
  attachments: AttachmentSpec[];
}

type Cte = '7bit' | '8bit' | 'quoted-printable' | 'base64';

/** A display name as a phrase: plain, quoted (RFC 5322 specials), or RFC 2047 encoded words. */
function encodeName(rng: Prng, name: string): string {
  if (isAscii(name)) {
    return /[(),.:;<>@[\]\\"']/.test(name) ? `"${name.replace(/["\\]/g, (c) => `\\${c}`)}"` : name;
  }
  const r = rng.float();
  // RFC 6532 raw UTF-8 in headers: rare in leaked dumps, but it is there (newer Gmail, Exchange).
  if (r < 0.04) return `"${name}"`;
  const charset: Charset = r < 0.3 && isLatin1(name) ? 'iso-8859-1' : 'utf-8';
  return encodedWords(name, charset, rng.chance(0.5) ? 'B' : 'Q').join(' ');
}

function mailbox(rng: Prng, p: Correspondent): string {
  // A few senders have no display name at all.
  if (rng.chance(0.05)) return p.address;
  return `${encodeName(rng, p.name)} <${p.address}>`;
}

function encodeSubject(rng: Prng, subject: string): string {
  if (isAscii(subject) && !rng.chance(0.05)) return subject;
  const r = rng.float();
  if (r < 0.04) return subject; // raw UTF-8 (RFC 6532)
  const charset: Charset = r < 0.2 && isLatin1(subject) ? 'iso-8859-1' : 'utf-8';
  return encodedWords(subject, charset, r < 0.6 ? 'Q' : 'B').join(' ');
}

/** A MIME entity: its header lines (each ending "\n") and its body chunks. */
interface Entity {
  headers: string;
  body: (string | Buffer)[];
}

function encodeBody(bytes: Buffer, cte: Cte): string | Buffer {
  if (cte === 'quoted-printable') return quotedPrintable(bytes) + (bytes.at(-1) === 10 ? '' : '\n');
  if (cte === 'base64') return base64Lines(bytes);
  return bytes;
}

function pickTextEncoding(rng: Prng, lang: Lang, text: string): { charset: Charset; cte: Cte } {
  const r = rng.float();
  if (lang === 'en') {
    const cte: Cte = r < 0.7 ? '7bit' : r < 0.9 ? 'quoted-printable' : 'base64';
    // A Norwegian name in an English mail makes 7bit a lie: real clients switch to 8bit.
    return { charset: 'utf-8', cte: cte === '7bit' && !isAscii(text) ? '8bit' : cte };
  }
  const charset: Charset = rng.chance(0.25) && isLatin1(text) ? 'iso-8859-1' : 'utf-8';
  return { charset, cte: r < 0.3 ? '8bit' : r < 0.8 ? 'quoted-printable' : 'base64' };
}

function textEntity(
  rng: Prng,
  subtype: 'plain' | 'html',
  content: string | ((charset: Charset) => string),
  lang: Lang,
): Entity {
  // The HTML's own <meta charset> must agree with the MIME charset, so HTML is rendered after
  // the charset is chosen (the choice only needs to know whether the text is Latin-1-safe).
  const probe = typeof content === 'string' ? content : content('utf-8');
  const { charset, cte } = pickTextEncoding(rng, lang, probe);
  const text = typeof content === 'string' ? content : content(charset);
  const flowed = subtype === 'plain' && cte !== 'base64' && rng.chance(0.2) ? '; format=flowed' : '';
  return {
    headers: `Content-Type: text/${subtype}; charset="${charset}"${flowed}\nContent-Transfer-Encoding: ${cte}\n`,
    body: [encodeBody(charsetBytes(text, charset), cte)],
  };
}

function filenameParams(rng: Prng, filename: string): { name: string; disposition: string } {
  if (isAscii(filename)) return { name: `name="${filename}"`, disposition: `filename="${filename}"` };
  const encoded = encodedWords(filename, 'utf-8', 'B').join(' ');
  // Thunderbird writes RFC 2231 for the disposition; Outlook and Gmail put RFC 2047 words in
  // quotes (not allowed by RFC 2047 §5, universal in practice). Readers must take both.
  if (rng.chance(0.5)) {
    const pct = Array.from(Buffer.from(filename, 'utf8'), (b) =>
      /[A-Za-z0-9._-]/.test(String.fromCharCode(b))
        ? String.fromCharCode(b)
        : `%${b.toString(16).toUpperCase().padStart(2, '0')}`,
    ).join('');
    return { name: `name="${encoded}"`, disposition: `filename*=utf-8''${pct}` };
  }
  return { name: `name="${encoded}"`, disposition: `filename="${encoded}"` };
}

function attachmentEntity(rng: Prng, a: AttachmentSpec): Entity {
  const cte: Cte = a.text && rng.chance(0.4) ? 'quoted-printable' : 'base64';
  const { name, disposition } = filenameParams(rng, a.filename);
  const charset = a.text ? '; charset="utf-8"' : '';
  return {
    headers:
      `Content-Type: ${a.contentType}${charset};\n ${name}\n` +
      `Content-Disposition: attachment;\n ${disposition}\nContent-Transfer-Encoding: ${cte}\n`,
    body: [encodeBody(a.bytes, cte)],
  };
}

function multipart(rng: Prng, subtype: 'alternative' | 'mixed', parts: Entity[], index: number): Entity {
  // Boundaries in the styles of JavaMail and Gmail; the index keeps them unique per message.
  const boundary = rng.chance(0.5)
    ? `----=_Part_${index}_${rng.hex(10)}`
    : `000000000000${rng.hex(12)}${index.toString(16)}`;
  const body: (string | Buffer)[] = [];
  if (subtype === 'mixed') body.push('This is a multi-part message in MIME format.\n');
  for (const p of parts) {
    body.push(`\n--${boundary}\n`, p.headers, '\n', ...p.body);
  }
  body.push(`\n--${boundary}--\n`);
  return { headers: `Content-Type: multipart/${subtype};\n boundary="${boundary}"\n`, body };
}

const MAILERS = [
  null,
  null,
  'X-Mailer: Microsoft Outlook 16.0',
  'X-Mailer: Apple Mail (2.3654.120.0.1.13)',
  'X-Mailer: iPhone Mail (19H12)',
  'User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:102.0) Gecko/20100101 Thunderbird/102.4.0',
  'User-Agent: Mutt/2.2.9 (2022-11-12)',
];

/** A documentation-range IPv4 address (RFC 5737): never a real host. */
function docIp(rng: Prng): string {
  return `${rng.pick(['192.0.2', '198.51.100', '203.0.113'])}.${rng.range(1, 254)}`;
}

/** The raw bytes of the message, LF line endings as in a Unix maildir. */
export function buildMessage(rng: Prng, m: MessageSpec): Buffer {
  const h: string[] = [];
  const rcpt = m.to[0] ?? m.from;
  const hopDate = rfc5322Date(m.ms + rng.range(1, 30) * 1000, 0);
  const relay = `mail-${rng.hex(6)}.${m.from.domain}`;
  h.push(`Return-Path: <${m.from.address}>\n`);
  h.push(
    `Received: from ${relay} (${relay} [${docIp(rng)}])\n` +
      `\tby mx${rng.range(1, 4)}.${rcpt.domain} with ESMTPS id ${rng.hex(16)}\n\tfor <${rcpt.address}>; ${hopDate}\n`,
  );
  h.push(
    `Received: from [${docIp(rng)}] by smtp.${m.from.domain} with ESMTPSA id ${rng.hex(12)};\n\t${rfc5322Date(m.ms, 0)}\n`,
  );
  const tzComment = m.tzOffset === 0 && rng.chance(0.3) ? ' (UTC)' : '';
  h.push(`Date: ${rfc5322Date(m.ms, m.tzOffset)}${tzComment}\n`);
  h.push(foldHeader('From', mailbox(rng, m.from)));
  h.push(foldHeader('To', m.to.map((p) => mailbox(rng, p)).join(', ')));
  if (m.cc.length > 0) h.push(foldHeader('Cc', m.cc.map((p) => mailbox(rng, p)).join(', ')));
  h.push(foldHeader('Subject', encodeSubject(rng, m.subject)));
  h.push(`Message-ID: ${m.messageId}\n`);
  if (m.inReplyTo !== null) h.push(`In-Reply-To: ${m.inReplyTo}\n`);
  if (m.references.length > 0) h.push(foldHeader('References', m.references.join(' ')));
  const mailer = rng.pick(MAILERS);
  if (mailer !== null) h.push(`${mailer}\n`);
  if (rng.chance(0.3)) h.push(`Content-Language: ${m.lang === 'no' ? 'nb-NO' : 'en-US'}\n`);
  h.push('MIME-Version: 1.0\n');

  let entity = textEntity(rng, 'plain', m.plain, m.lang);
  const html = m.html;
  if (html !== null)
    entity = multipart(
      rng,
      'alternative',
      [entity, textEntity(rng, 'html', (cs) => toHtml(html.paragraphs, html.quoted, cs), m.lang)],
      m.index,
    );
  if (m.attachments.length > 0) {
    entity = multipart(
      rng,
      'mixed',
      [entity, ...m.attachments.map((a) => attachmentEntity(rng, a))],
      m.index,
    );
  }
  const chunks: Buffer[] = [Buffer.from(h.join('') + entity.headers + '\n', 'utf8')];
  for (const c of entity.body) chunks.push(typeof c === 'string' ? Buffer.from(c, 'utf8') : c);
  return Buffer.concat(chunks);
}
