import type { EmailAddress } from './email-types.js';
import { decodeEncodedWords } from './decode-encoded-words.js';
import { isEscapable } from './quoted-pair.js';

/**
 * An address-list header (From, To, Cc, Reply-To, ...) per RFC 5322 §3.4, with its obsolete
 * forms and what real mail does wrong:
 * - groups (`Friends: a@x, b@y;`), listed flat with their group name; an empty group is kept
 *   as one entry so that `Undisclosed recipients:;` is not lost;
 * - comments anywhere; a bare `addr (Name)` takes the comment as its name;
 * - RFC 2047 encoded words in names, also inside quoted strings (forbidden, but common);
 * - `;` as a list separator outside a group (Outlook's habit);
 * - a missing `>`, a name after the address, `Name addr@x` with no angle brackets;
 * - a lone word with no `@` is a name, not an address (`From: Whomever`), unless a comment
 *   names it (`root (Cron Daemon)`);
 * - a backslash before a letter or digit is kept (`"DOMAIN\\user"`, see isEscapable);
 * - Mailman's public archives (pipermail) write `user at example.org (Name)` to keep addresses
 *   from spammers: read as `user@example.org` with its name (flag `address-unobfuscated`), as
 *   HyperKitty does when it imports them; `asBefore` (for ids) reads them as innsyn did before
 *   2026-11-28, as a name without an address.
 */

type TokKind = 'word' | 'quoted' | 'comment' | 'special';

interface Tok {
  kind: TokKind;
  text: string;
  /** White space came before this token. */
  space: boolean;
}

/** Most addresses returned from one header: a header bounded by maxHeaderBytes can still list ~100k. */
const MAX_ADDRESSES = 10_000;

export function parseAddressList(
  value: string,
  flags: Set<string> = new Set(),
  asBefore = false,
): EmailAddress[] {
  const toks = tokenize(value);
  const out: EmailAddress[] = [];
  let group: string | null = null;
  let groupCount = 0;
  let phrase: Tok[] = [];
  let comments: string[] = [];
  let angle: string[] | null = null;
  let inAngle = false;

  const flush = (): void => {
    const mb = mailbox(phrase, comments, angle, flags, asBefore);
    if (mb && out.length < MAX_ADDRESSES) {
      out.push({ name: mb.name, address: mb.address, group });
      groupCount++;
    }
    phrase = [];
    comments = [];
    angle = null;
    inAngle = false;
  };

  for (const t of toks) {
    if (inAngle) {
      if (t.kind === 'special' && t.text === '>') inAngle = false;
      else if (t.kind === 'quoted') (angle as string[]).push(`"${t.text}"`);
      else if (t.kind !== 'comment') (angle as string[]).push(t.text);
      continue;
    }
    if (t.kind === 'comment') {
      comments.push(t.text);
      continue;
    }
    if (t.kind !== 'special') {
      phrase.push(t);
      continue;
    }
    switch (t.text) {
      case '<':
        inAngle = true;
        angle = [];
        break;
      case '>':
        break;
      case ',':
        flush();
        break;
      case ':':
        if (
          group === null &&
          angle === null &&
          !phrase.some((p) => p.kind === 'word' && p.text.includes('@'))
        ) {
          group = decodeEncodedWords(phraseText(phrase), flags).trim();
          groupCount = 0;
          phrase = [];
          comments = [];
        } else {
          phrase.push({ kind: 'word', text: ':', space: t.space });
        }
        break;
      case ';':
        flush();
        if (group !== null) {
          if (groupCount === 0 && out.length < MAX_ADDRESSES) out.push({ name: null, address: null, group });
          group = null;
        }
        break;
    }
  }
  flush();
  if (group !== null && groupCount === 0 && out.length < MAX_ADDRESSES)
    out.push({ name: null, address: null, group });
  return out;
}

function mailbox(
  phrase: Tok[],
  comments: string[],
  angle: string[] | null,
  flags: Set<string>,
  asBefore: boolean,
): { name: string | null; address: string | null } | null {
  const commentName = (): string | null => {
    const c = comments.map((x) => decodeEncodedWords(x, flags).trim()).filter((x) => x !== '');
    return c.length > 0 ? c.join(' ') : null;
  };
  if (angle !== null) {
    const unobfuscated = asBefore ? null : atAddress(angle);
    if (unobfuscated !== null) flags.add(UNOBFUSCATED);
    let address = unobfuscated ?? angle.join('').trim();
    // Obsolete source route (`<@relay1,@relay2:user@host>`, RFC 5322 §4.4): keep the mailbox.
    if (address.startsWith('@')) {
      const colon = address.indexOf(':');
      if (colon >= 0) address = address.slice(colon + 1);
    }
    const name = cleanName(decodeEncodedWords(phraseText(phrase), flags)) || commentName();
    return { name, address: address || null };
  }
  if (phrase.length === 0) {
    const name = commentName();
    return name ? { name, address: null } : null;
  }
  const unobfuscated =
    asBefore || !phrase.every((t) => t.kind === 'word') ? null : atAddress(phrase.map((t) => t.text));
  if (unobfuscated !== null) {
    flags.add(UNOBFUSCATED);
    return { name: commentName(), address: unobfuscated };
  }
  // A bare addr-spec: tokens glued together, or apart only around '.' and '@' (obsolete CFWS
  // inside an addr-spec, RFC 5322 §4.4: `jdoe@test . example`).
  const glued = phrase.every((t, k) => k === 0 || !t.space || dotOrAtJoin(phrase[k - 1] as Tok, t));
  const joined = phrase.map((t) => (t.kind === 'quoted' ? `"${t.text}"` : t.text)).join('');
  if (glued && joined.includes('@')) return { name: commentName(), address: joined };
  // RFC 822's `user (Full Name)` for a local user: a single word with a comment.
  if (phrase.length === 1 && (phrase[0] as Tok).kind === 'word' && comments.length > 0) {
    const name = commentName();
    if (name !== null) return { name, address: (phrase[0] as Tok).text };
  }
  // `Name addr@x` with the brackets left out: the last word holding '@' is the address.
  let at = -1;
  for (let k = phrase.length - 1; k >= 0; k--) {
    const t = phrase[k] as Tok;
    if (t.kind === 'word' && t.text.includes('@')) {
      at = k;
      break;
    }
  }
  if (at >= 0) {
    const rest = phrase.filter((_, k) => k !== at);
    const name = cleanName(decodeEncodedWords(phraseText(rest), flags)) || commentName();
    return { name, address: (phrase[at] as Tok).text };
  }
  const name = cleanName(decodeEncodedWords(phraseText(phrase), flags));
  return name ? { name, address: null } : null;
}

/** The flag of an address written `user at example.org` (pipermail), read as `user@example.org`. */
export const UNOBFUSCATED = 'address-unobfuscated';

const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+$/;
const DOMAIN =
  /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}$/;

/** `user`, `at`, `example.org` as three words: `user@example.org`; else null. */
function atAddress(words: string[]): string | null {
  if (words.length !== 3 || words[1] !== 'at') return null;
  const [local, , domain] = words as [string, string, string];
  return LOCAL_PART.test(local) && DOMAIN.test(domain) ? `${local}@${domain}` : null;
}

function dotOrAtJoin(a: Tok, b: Tok): boolean {
  if (a.kind !== 'word' || b.kind !== 'word') return false;
  const x = a.text[a.text.length - 1];
  const y = b.text[0];
  return x === '.' || x === '@' || y === '.' || y === '@';
}

/** The display phrase: words as written, one space wherever the header had white space. */
function phraseText(phrase: Tok[]): string {
  let s = '';
  for (let k = 0; k < phrase.length; k++) {
    const t = phrase[k] as Tok;
    if (k > 0 && t.space) s += ' ';
    s += t.text;
  }
  return s;
}

function cleanName(name: string): string | null {
  const n = name.replace(/\s+/g, ' ').trim();
  return n === '' ? null : n;
}

function tokenize(s: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  let space = false;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a) {
      space = true;
      i++;
      continue;
    }
    if (c === 0x22 /* " */) {
      let text = '';
      let chunk = ++i;
      while (i < s.length && s.charCodeAt(i) !== 0x22) {
        if (s.charCodeAt(i) === 0x5c && i + 1 < s.length && isEscapable(s.charCodeAt(i + 1))) {
          text += s.slice(chunk, i);
          chunk = i + 1;
          i += 2;
          continue;
        }
        i++;
      }
      text += s.slice(chunk, i);
      i++;
      toks.push({ kind: 'quoted', text, space });
    } else if (c === 0x28 /* ( */) {
      // A comment; nested parentheses are part of its text, a backslash quotes the next character.
      let depth = 1;
      let text = '';
      i++;
      while (i < s.length) {
        const ch = s[i] as string;
        if (ch === '\\' && i + 1 < s.length && isEscapable(s.charCodeAt(i + 1))) {
          text += s[i + 1];
          i += 2;
          continue;
        }
        i++;
        if (ch === '(') depth++;
        else if (ch === ')' && --depth === 0) break;
        text += ch;
      }
      toks.push({ kind: 'comment', text, space });
    } else if (c === 0x3c || c === 0x3e || c === 0x2c || c === 0x3b || c === 0x3a) {
      toks.push({ kind: 'special', text: s[i] as string, space });
      i++;
    } else {
      const start = i;
      while (i < s.length) {
        const d = s.charCodeAt(i);
        if (
          d === 0x20 ||
          d === 0x09 ||
          d === 0x0d ||
          d === 0x0a ||
          d === 0x22 ||
          d === 0x28 ||
          d === 0x3c ||
          d === 0x3e ||
          d === 0x2c ||
          d === 0x3b ||
          d === 0x3a
        )
          break;
        i++;
      }
      toks.push({ kind: 'word', text: s.slice(start, i), space });
    }
    space = false;
  }
  return toks;
}
