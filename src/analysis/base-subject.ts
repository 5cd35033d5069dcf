/**
 * The part of a Subject that stays the same across a conversation, for JWZ's "group the root
 * set by subject" step: reply and forward prefixes and mailing-list tags stripped, whitespace
 * collapsed, case folded.
 */
export interface BaseSubject {
  /** Normalised subject; '' when nothing is left (such roots are never grouped). */
  base: string;
  /** A reply or forward prefix was stripped ("Re:", "SV:", "AW:", "Fwd:", ...). */
  isReply: boolean;
}

/**
 * Subjects longer than this are compared on their first this-many characters. Stops a crafted
 * multi-megabyte Subject from being copied, case-folded and hashed per root; real subjects are a
 * line (RFC 5322 §2.1.1 caps a line at 998 characters).
 */
export const MAX_SUBJECT_CHARS = 1000;

/**
 * Reply and forward markers as mail clients write them, compared case-insensitively. Outlook
 * translates them: Norwegian and Danish write "SV:" (svar) and "VS:" (videresend), Swedish "SV:"
 * and "VB:", German "AW:" (Antwort) and "WG:" (weitergeleitet), Dutch "Antw:" and "Doorst:",
 * French "RE :" (with a space) and "TR:", "Réf:", Italian "R:" and "I:", Spanish "RV:",
 * Portuguese "RES:" and "ENC:", Finnish "VS:" and "VL:", Polish "Odp:" and "PD:", Chinese
 * Outlook "回复：" and "转发：" with a full-width colon. "Ref:" is common in Norwegian public
 * administration. Counters such as "Re[2]:", "Re(2):" and "Re^2:" are accepted after any of them.
 */
const PREFIX =
  /^(?:re|fwd?|sv|vs|vb|aw|wg|antw|antwort|doorst|ref|réf|tr|rv|rif|r|i|res|enc|odp|pd|vl|回复|回覆|答复|答覆|转发|轉寄|轉發)(?:\[\d{1,4}\]|\(\d{1,4}\)|\^\d{1,4})?[ \t]{0,4}[:：]/iu;

/** A leading "[list-name]" or "[PATCH v2]" tag; bounded so a stray '[' cannot make it scan far. */
const TAG = /^\[[^[\]]{0,100}\]/u;

/** A trailing "(fwd)" as old Pine and Usenet forwarding wrote it. */
const FWD_SUFFIX = /\(fwd\)$/iu;

export function baseSubject(subject: string | null): BaseSubject {
  if (subject === null) return { base: '', isReply: false };
  let s = subject.slice(0, MAX_SUBJECT_CHARS).replace(/\s+/gu, ' ').trim();
  let isReply = false;
  // Each round removes at least one character, so the loop ends; every pattern is anchored and
  // bounded, so there is no backtracking blow-up on hostile subjects.
  for (;;) {
    const tag = TAG.exec(s);
    if (tag !== null) {
      s = s.slice(tag[0].length).trimStart();
      continue;
    }
    const prefix = PREFIX.exec(s);
    if (prefix !== null) {
      s = s.slice(prefix[0].length).trimStart();
      isReply = true;
      continue;
    }
    const fwd = FWD_SUFFIX.exec(s);
    if (fwd !== null) {
      s = s.slice(0, s.length - fwd[0].length).trimEnd();
      isReply = true;
      continue;
    }
    break;
  }
  // NFKC folds full-width and compatibility forms ("ＨＥＬＬＯ", ligatures) that some clients
  // produce; ASCII is already in that form, and most subjects are ASCII.
  const folded = /[^\x00-\x7f]/u.test(s) ? s.normalize('NFKC') : s;
  return { base: folded.toLowerCase(), isReply };
}
