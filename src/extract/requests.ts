/**
 * Does a message ask for something? The test behind "requests left unanswered": a question in
 * the sender's own words, or a request phrase or an imperative, in Norwegian (bokmål and
 * nynorsk) and English.
 *
 * A heuristic, meant to be read by a reporter next to the message it flags: every positive
 * answer carries `why` (the phrase, verb or question that fired), so a wrong call is visible
 * at once. It errs on the side of flagging: a missed request hides a story, a flagged
 * non-request costs one look.
 *
 * Hostile input: texts are leaked material and can be megabytes on one line. Everything here
 * is one or two linear passes; no regular expression with nested quantifiers runs on the text,
 * and the quote-header patterns only ever see lines of at most MAX_HEADER_LINE_CHARS.
 */

export interface RequestVerdict {
  request: boolean;
  /** What fired, for the reporter: 'request phrase "could you" (en)', 'question: "…?"'; null when nothing did. */
  why: string | null;
}

/**
 * Only lines this short are tested as quote headers ("On … wrote:") or forward markers. Real
 * headers are under 300 characters even with long display names; the cap keeps a 1 MB line from
 * ever reaching those patterns.
 */
export const MAX_HEADER_LINE_CHARS = 1000;

/** How much of the sentence before a '?' `why` quotes. */
const QUESTION_EXCERPT_CHARS = 100;

type CueLang = 'en' | 'no' | 'nb' | 'nn';

interface PhraseCue {
  /** Written as a person would; tokenised like the text (lower case, ':' is a token). */
  phrase: string;
  lang: CueLang;
  /** The cue does not fire when the next word is one of these ("please find attached"). */
  unlessNext?: readonly string[];
}

/**
 * Request phrases. They fire anywhere in the sender's own words and in whatever language the
 * item was detected as: language detection on a nine-word DM is unreliable, and none of these
 * phrases means anything but a request in the other language.
 *
 * Choices:
 * - Modal questions ("could you", "kan du") fire even without a '?': chat writers drop it.
 * - Suggestions count ("suggestion:", "jeg foreslår", "better if", "hadde vært fint om"): a
 *   proposal that the other side act is a request for the story (the seed's "a suggestion: urge
 *   Australia …", "far more interesting if he refuses to concede").
 * - "please find/see/note" is e-mail boilerplate for "attached is", not a request.
 * - "can you believe", "would you believe" are rhetorical.
 * - "du må" / "you must" are left out: "du må ha glemt" / "you must have forgotten" is not a
 *   request and is common; "du bør" / "you should" are kept.
 * - Nynorsk forms are listed where they differ from bokmål (gje, sei frå, ver så snill,
 *   vennlegst, eg føreslår, mogleg, takknemleg, viss); shared forms are tagged 'no'.
 */
const PHRASES: readonly PhraseCue[] = [
  // English: politeness markers
  { phrase: 'please', lang: 'en', unlessNext: ['find', 'see', 'note', 'disregard', 'ignore'] },
  { phrase: 'pls', lang: 'en' },
  { phrase: 'plz', lang: 'en' },
  { phrase: 'kindly', lang: 'en' },
  // English: modal questions
  { phrase: 'could you', lang: 'en' },
  { phrase: 'can you', lang: 'en', unlessNext: ['believe', 'imagine'] },
  { phrase: 'would you', lang: 'en', unlessNext: ['believe'] },
  { phrase: 'will you', lang: 'en' },
  { phrase: 'could u', lang: 'en' },
  { phrase: 'can u', lang: 'en' },
  { phrase: 'do you mind', lang: 'en' },
  { phrase: 'would it be possible', lang: 'en' },
  { phrase: 'is it possible to', lang: 'en' },
  { phrase: 'is there any chance', lang: 'en' },
  { phrase: 'any chance you', lang: 'en' },
  { phrase: "why don't you", lang: 'en' },
  { phrase: 'if you could', lang: 'en' },
  // English: asking for something to be sent, told or given
  { phrase: 'send me', lang: 'en' },
  { phrase: 'send us', lang: 'en' },
  { phrase: 'pass me', lang: 'en' },
  { phrase: 'pass us', lang: 'en' },
  { phrase: 'give me', lang: 'en' },
  { phrase: 'give us', lang: 'en' },
  { phrase: 'tell me', lang: 'en' },
  { phrase: 'tell us', lang: 'en' },
  { phrase: 'show me', lang: 'en' },
  { phrase: 'show us', lang: 'en' },
  { phrase: 'forward me', lang: 'en' },
  { phrase: 'forward us', lang: 'en' },
  { phrase: 'let me know', lang: 'en' },
  { phrase: 'let us know', lang: 'en' },
  { phrase: 'keep me posted', lang: 'en' },
  { phrase: 'keep us posted', lang: 'en' },
  { phrase: 'get back to me', lang: 'en' },
  { phrase: 'get back to us', lang: 'en' },
  // English: stated wishes and suggestions
  { phrase: 'need you to', lang: 'en' },
  { phrase: 'want you to', lang: 'en' },
  { phrase: 'like you to', lang: 'en' },
  { phrase: 'ask you to', lang: 'en' },
  { phrase: 'asking you to', lang: 'en' },
  { phrase: 'ask that you', lang: 'en' },
  { phrase: 'request that you', lang: 'en' },
  { phrase: 'i suggest', lang: 'en' },
  { phrase: 'we suggest', lang: 'en' },
  { phrase: 'suggestion:', lang: 'en' },
  { phrase: 'my suggestion', lang: 'en' },
  { phrase: 'our suggestion', lang: 'en' },
  { phrase: 'i propose', lang: 'en' },
  { phrase: 'we propose', lang: 'en' },
  { phrase: 'you should', lang: 'en' },
  { phrase: 'you ought to', lang: 'en' },
  { phrase: 'you need to', lang: 'en' },
  { phrase: "don't forget", lang: 'en' },
  { phrase: 'do not forget', lang: 'en' },
  { phrase: 'remember to', lang: 'en' },
  { phrase: 'make sure', lang: 'en' },
  { phrase: 'great if', lang: 'en' },
  { phrase: 'good if', lang: 'en' },
  { phrase: 'nice if', lang: 'en' },
  { phrase: 'helpful if', lang: 'en' },
  { phrase: 'better if', lang: 'en' },
  { phrase: 'best if', lang: 'en' },
  { phrase: 'more interesting if', lang: 'en' },
  { phrase: 'appreciate it if', lang: 'en' },
  { phrase: 'appreciate if', lang: 'en' },
  { phrase: 'grateful if', lang: 'en' },

  // Norwegian: modal questions (bokmål and nynorsk alike)
  { phrase: 'kan du', lang: 'no' },
  { phrase: 'kunne du', lang: 'no' },
  { phrase: 'vil du', lang: 'no' },
  { phrase: 'ville du', lang: 'no' },
  { phrase: 'kan dere', lang: 'nb' },
  { phrase: 'kunne dere', lang: 'nb' },
  { phrase: 'vil dere', lang: 'nb' },
  { phrase: 'gidder du', lang: 'no' },
  { phrase: 'orker du', lang: 'no' },
  { phrase: 'kan jeg få', lang: 'nb' },
  { phrase: 'kan eg få', lang: 'nn' },
  { phrase: 'kan vi få', lang: 'no' },
  { phrase: 'kan me få', lang: 'nn' },
  { phrase: 'kunne jeg fått', lang: 'nb' },
  { phrase: 'kunne eg fått', lang: 'nn' },
  { phrase: 'er det mulig å', lang: 'nb' },
  { phrase: 'er det mogleg å', lang: 'nn' },
  { phrase: 'har du mulighet til', lang: 'nb' },
  { phrase: 'har du moglegheit til', lang: 'nn' },
  { phrase: 'har du anledning til', lang: 'nb' },
  { phrase: 'har du høve til', lang: 'nn' },
  // Norwegian: asking for something to be sent, told or given
  { phrase: 'send meg', lang: 'no' },
  { phrase: 'send oss', lang: 'no' },
  { phrase: 'gi meg', lang: 'nb' },
  { phrase: 'gi oss', lang: 'nb' },
  { phrase: 'gje meg', lang: 'nn' },
  { phrase: 'gje oss', lang: 'nn' },
  { phrase: 'fortell meg', lang: 'nb' },
  { phrase: 'fortel meg', lang: 'nn' },
  { phrase: 'gi beskjed', lang: 'nb' },
  { phrase: 'gje beskjed', lang: 'nn' },
  { phrase: 'gi tilbakemelding', lang: 'nb' },
  { phrase: 'gje tilbakemelding', lang: 'nn' },
  { phrase: 'gi lyd', lang: 'nb' },
  { phrase: 'gje lyd', lang: 'nn' },
  { phrase: 'si fra', lang: 'nb' },
  { phrase: 'si ifra', lang: 'nb' },
  { phrase: 'sei frå', lang: 'nn' },
  { phrase: 'sei ifrå', lang: 'nn' },
  { phrase: 'ta kontakt', lang: 'no' },
  // Norwegian: politeness markers
  { phrase: 'vær så snill', lang: 'nb' },
  { phrase: 'ver så snill', lang: 'nn' },
  { phrase: 'vær snill og', lang: 'nb' },
  { phrase: 'ver snill og', lang: 'nn' },
  { phrase: 'vennligst', lang: 'nb' },
  { phrase: 'venligst', lang: 'nb' }, // a common misspelling, in real mail as often as the right one
  { phrase: 'vennlegst', lang: 'nn' },
  // Norwegian: stated wishes and suggestions
  { phrase: 'ber om', lang: 'no' },
  { phrase: 'ber deg', lang: 'no' },
  { phrase: 'ber dere', lang: 'nb' },
  { phrase: 'hadde vært fint om', lang: 'nb' },
  { phrase: 'hadde vore fint om', lang: 'nn' },
  { phrase: 'hadde vært fint hvis', lang: 'nb' },
  { phrase: 'hadde vore fint viss', lang: 'nn' },
  { phrase: 'fint om du', lang: 'no' },
  { phrase: 'fint om dere', lang: 'nb' },
  { phrase: 'fint hvis du', lang: 'nb' },
  { phrase: 'fint viss du', lang: 'nn' },
  { phrase: 'bra om du', lang: 'no' },
  { phrase: 'pris på om', lang: 'no' }, // "setter/hadde satt pris på om …"
  { phrase: 'takknemlig om', lang: 'nb' },
  { phrase: 'takknemlig hvis', lang: 'nb' },
  { phrase: 'takknemleg om', lang: 'nn' },
  { phrase: 'takknemleg viss', lang: 'nn' },
  { phrase: 'jeg foreslår', lang: 'nb' },
  { phrase: 'vi foreslår', lang: 'nb' },
  { phrase: 'eg føreslår', lang: 'nn' },
  { phrase: 'me føreslår', lang: 'nn' },
  { phrase: 'vi føreslår', lang: 'nn' },
  { phrase: 'forslag:', lang: 'no' },
  { phrase: 'du bør', lang: 'no' },
  { phrase: 'dere bør', lang: 'nb' },
  { phrase: 'ikke glem', lang: 'nb' },
  { phrase: 'ikkje gløym', lang: 'nn' },
  { phrase: 'trenger at du', lang: 'nb' },
  { phrase: 'treng at du', lang: 'nn' },
  { phrase: 'vil gjerne at du', lang: 'no' },
  { phrase: 'ønsker at du', lang: 'nb' },
  { phrase: 'ynskjer at du', lang: 'nn' },
];

/**
 * Verbs that, opening a sentence, are imperatives ("Send it tonight.", "Pass us the file").
 * Only at the start of a sentence (after . ! ? : ; a line break, or a greeting like "Hi Don,"):
 * inside a sentence "send" is as often not a request ("It would send a strong signal").
 * Unlike phrases, these go by the item's language when it is known: "ta" is "take" in
 * Norwegian and "thanks" in British English. Verbs that commonly open a sentence as a noun or
 * a name are left out ("find", Norwegian "finn", "del" = part, "se" in "se vedlegg"), and a
 * verb followed by ':' is a label ("Answer: no"), not an order.
 */
const IMPERATIVES: Readonly<Record<'en' | 'no', readonly string[]>> = {
  en: (
    'send forward share pass tell give call phone email text check confirm reply respond answer contact ' +
    'sign delete publish post leak release retweet spread comment help remember consider urge ask get keep ' +
    'read look bring meet join come stop mention explain write provide upload attach review approve arrange ' +
    'introduce invite show put drop hurry'
  ).split(' '),
  no: (
    'send videresend vidaresend gi gje fortell fortel ring sjekk bekreft stadfest svar kontakt signer slett ' +
    'publiser spre kommenter hjelp husk vurder tenk spør skriv les ta hent kom møt legg vis gjør gjer skaff ' +
    'oversend meld følg ordne last forklar'
  ).split(' '),
};

/**
 * Words that may stand before an imperative without making it sentence-inner: greetings
 * ("Hi Don, send …") and discourse words ("Ok, send …", "And send …", "Så send …").
 */
const LEADERS: ReadonlySet<string> = new Set(
  (
    'hi hello hey dear ok okay so and also then well oh yes btw ' +
    'hei hallo heisann hoi kjære morn og så ja jo altså forresten uansett elles ellers'
  ).split(' '),
);
/** At most this many words (the greeting and a name) between a leader and the comma before an imperative. */
const MAX_LEADER_WORDS = 4;

/** Characters that end a sentence for the imperative rule (and stop phrase matching by not being words). */
const SENTENCE_PUNCT: ReadonlySet<string> = new Set(['.', '!', '?', ':', ';', '\n', '…', '？', '！', '。']);

/**
 * Words (letters, marks, digits, apostrophes and hyphens) and runs of the punctuation that
 * matters. Each alternative is one character class with one quantifier: no backtracking beyond
 * the current token. A run of sentence punctuation is one token (a megabyte of '?' is one
 * token, not a million): ':' when the run opens with a colon ("suggestion:", "Answer: no"),
 * else '.'.
 */
const TOKEN = /[\p{L}\p{M}\p{N}'-]+|[.!?:;\n…？！。]+|,+/gu;

const isEdge = (ch: string | undefined): boolean => ch === "'" || ch === '-';

function tokenize(lowered: string): string[] {
  const tokens = new Tokens(lowered);
  while (tokens.at(tokens.length) !== undefined);
  return tokens.list;
}

/**
 * The tokens of a text, made as they are asked for: a request cue is usually in the first
 * lines, and the rest of a long email need not be cut into words (generated mail: 90 to 25 µs).
 */
class Tokens {
  readonly list: string[] = [];
  private done = false;

  constructor(private readonly text: string) {
    this.re = new RegExp(TOKEN.source, TOKEN.flags);
  }

  private readonly re: RegExp;

  get length(): number {
    return this.list.length;
  }

  /** Token i, or undefined past the end. */
  at(i: number): string | undefined {
    while (i >= this.list.length && !this.done) this.next();
    return this.list[i];
  }

  private next(): void {
    for (;;) {
      const m = this.re.exec(this.text);
      if (m === null) {
        this.done = true;
        return;
      }
      let t = m[0];
      const c = t.charCodeAt(0);
      if (c === 44 /* , */) {
        this.list.push(',');
        return;
      }
      if (SENTENCE_PUNCT.has(t[0] as string)) {
        this.list.push(c === 58 /* : */ ? ':' : '.');
        return;
      }
      if (isEdge(t[0]) || isEdge(t[t.length - 1])) {
        // "'lose'" → "lose", "--" → "": apostrophes and hyphens only count inside a word.
        let s = 0;
        let e = t.length;
        while (s < e && isEdge(t[s])) s++;
        while (e > s && isEdge(t[e - 1])) e--;
        t = t.slice(s, e);
        if (t === '') continue;
      }
      this.list.push(t);
      return;
    }
  }
}

interface CompiledCue {
  words: string[];
  phrase: string;
  lang: CueLang;
  unlessNext: ReadonlySet<string>;
}

/** Phrase cues by first token, for a lookup per token: matching is linear in the text. */
const CUES_BY_FIRST: ReadonlyMap<string, readonly CompiledCue[]> = (() => {
  const map = new Map<string, CompiledCue[]>();
  for (const cue of PHRASES) {
    const words = tokenize(cue.phrase.toLowerCase());
    const first = words[0];
    if (first === undefined) continue;
    const list = map.get(first) ?? [];
    list.push({ words, phrase: cue.phrase, lang: cue.lang, unlessNext: new Set(cue.unlessNext ?? []) });
    map.set(first, list);
  }
  return map;
})();

const IMPERATIVE_SETS: Readonly<Record<'en' | 'no', ReadonlySet<string>>> = {
  en: new Set(IMPERATIVES.en),
  no: new Set(IMPERATIVES.no),
};

/** Which imperative lists apply: the item's language when it is one we know, else both. */
function imperativeLangs(lang: string | null): ('en' | 'no')[] {
  const l = (lang ?? '').toLowerCase();
  if (l === 'en' || l.startsWith('en-')) return ['en'];
  if (
    l === 'no' ||
    l === 'nb' ||
    l === 'nn' ||
    l.startsWith('no-') ||
    l.startsWith('nb-') ||
    l.startsWith('nn-')
  ) {
    return ['no'];
  }
  return ['en', 'no'];
}

// ---- the sender's own words ------------------------------------------------------------------

/** Reply and forward prefixes of a subject line (English, Norwegian, German, Dutch). */
const SUBJECT_PREFIX = /^\s*(re|sv|aw|fw|fwd|vs|vb|wg|antw)\s*(\[\d+\])?\s*:/i;
/** "On Mon, 3 Oct 2016 … wrote:" / "Den 3. okt. 2016 kl. 14:20 skrev Ola <ola@x.no>:" and kin. */
const QUOTE_VERB = /(^|[\s,>"')])(wrote|writes|skrev|skreiv|schrieb|escribió|écrit)([\s:]|$)/;
/** The opening words of a quote header that a mail client may have wrapped onto two lines. */
const QUOTE_HEADER_START = /^(on|den|på|am|le|el|op)\s/;
const FORWARD_MARKER =
  /^-{2,}\s*(forwarded message|original message|videresendt melding|vidaresendt melding|opprinnelig melding|opphavleg melding|weitergeleitete nachricht|ursprüngliche nachricht)\s*-{2,}$/;
const FORWARD_INTRO =
  /^(begin forwarded message|start på videresendt melding|videresendt melding|forwarded message)\s*:?$/;
/** Outlook's rule above a quoted message. */
const OUTLOOK_RULE = /^_{10,}$/;
const HEADER_FROM = /^(from|fra|frå):\s/;
const HEADER_NEXT = /^(sent|date|to|sendt|dato|til|subject|emne):/;

function short(line: string): string | null {
  return line.length <= MAX_HEADER_LINE_CHARS ? line.trim().toLowerCase() : null;
}

function isQuoteHeader(t: string): boolean {
  // A header names a date or an address: "On Monday he wrote:" in running text is not one.
  return t.endsWith(':') && QUOTE_VERB.test(t) && (/\d/.test(t) || t.includes('@'));
}

/**
 * The sender's own words: the text without a reply-subject line, lines quoted with '>', and
 * everything from a quote header ("On … wrote:", "Den … skrev:"), a forward marker, an Outlook
 * header block or a signature delimiter ("-- ", RFC 3676 §4.3) on. Linear in the text.
 */
export function ownWords(text: string): string {
  const kept: string[] = [];
  let pos = 0;
  let lineNo = 0;
  while (pos <= text.length) {
    let nl = text.indexOf('\n', pos);
    if (nl === -1) nl = text.length;
    let line = text.slice(pos, nl);
    if (line.endsWith('\r')) line = line.slice(0, -1);
    const nextPos = nl + 1;
    const t = short(line);
    if (t !== null) {
      // A reply subject quotes the other side's words ("Re: Can we meet?"); only a first line
      // followed by more text is a subject: a one-line chat message "Re: the call, can you …" is not.
      if (lineNo === 0 && nl < text.length && SUBJECT_PREFIX.test(t)) {
        pos = nextPos;
        lineNo++;
        continue;
      }
      if (isQuoteHeader(t)) {
        // "On Mon, 3 Oct 2016 at 14:20, Ola Nordmann <" / "ola@x.no> wrote:" — drop the first half too.
        const prev = kept.length > 0 ? short(kept[kept.length - 1] as string) : null;
        if (!QUOTE_HEADER_START.test(t) && prev !== null && QUOTE_HEADER_START.test(prev)) kept.pop();
        break;
      }
      if (
        FORWARD_MARKER.test(t) ||
        FORWARD_INTRO.test(t) ||
        OUTLOOK_RULE.test(t) ||
        line === '-- ' ||
        t === '--'
      ) {
        break;
      }
      if (HEADER_FROM.test(t)) {
        let nextEnd = text.indexOf('\n', nextPos);
        if (nextEnd === -1) nextEnd = text.length;
        const next = nextPos <= text.length ? short(text.slice(nextPos, nextEnd)) : null;
        if (next !== null && HEADER_NEXT.test(next)) break;
      }
    }
    if (!line.trimStart().startsWith('>')) kept.push(line);
    pos = nextPos;
    lineNo++;
  }
  return kept.join('\n');
}

// ---- the verdict -----------------------------------------------------------------------------

/**
 * Whether `text` asks for something, and why. `lang` is the item's detected language (ISO 639-1
 * or null); it only narrows the imperative lists (see IMPERATIVES). Never throws; linear time.
 */
export function isRequest(text: string, lang: string | null): RequestVerdict {
  const own = ownWords(typeof text === 'string' ? text : '');
  if (own.trim() === '') return { request: false, why: null };

  const cue = findCue(new Tokens(own.toLowerCase().replace(/’/g, "'")), imperativeLangs(lang));
  if (cue !== null) return { request: true, why: cue };

  const question = findQuestion(own);
  if (question !== null) return { request: true, why: `question: "${question}"` };
  return { request: false, why: null };
}

function findCue(tokens: Tokens, langs: readonly ('en' | 'no')[]): string | null {
  let sentenceStart = 0; // index of the first token of the current sentence
  for (let i = 0; ; i++) {
    const tok = tokens.at(i);
    if (tok === undefined) return null;
    if (tok === '.' || tok === ':') {
      sentenceStart = i + 1;
      continue;
    }
    const cues = CUES_BY_FIRST.get(tok);
    if (cues !== undefined) {
      for (const cue of cues) {
        if (matchesAt(tokens, i, cue)) return `request phrase "${cue.phrase}" (${cue.lang})`;
      }
    }
    if (opensSentence(tokens, i, sentenceStart) && tokens.at(i + 1) !== ':') {
      for (const l of langs) {
        if (IMPERATIVE_SETS[l].has(tok)) return `imperative "${tok}" opening a sentence (${l})`;
      }
    }
  }
}

function matchesAt(tokens: Tokens, i: number, cue: CompiledCue): boolean {
  for (let k = 1; k < cue.words.length; k++) if (tokens.at(i + k) !== cue.words[k]) return false;
  const next = tokens.at(i + cue.words.length);
  return next === undefined || !cue.unlessNext.has(next);
}

/** Whether token i starts its sentence, allowing a leader before it ("Hi Don, …", "And …"). */
function opensSentence(tokens: Tokens, i: number, sentenceStart: number): boolean {
  if (i === sentenceStart) return true;
  const lead = tokens.at(sentenceStart) as string;
  if (!LEADERS.has(lead)) return false;
  // "And send …": the leader alone before the verb.
  if (i === sentenceStart + 1) return true;
  // "Hi Don, send …": leader, up to a few words, a comma, the verb.
  return tokens.at(i - 1) === ',' && i - sentenceStart - 1 <= MAX_LEADER_WORDS;
}

/**
 * The sentence up to the first '?' of the text that is not inside a link ("…/page?id=7"), or
 * null. A '?' ending a link chunk ("see http://x.no/a?") still counts: a query string needs
 * something after it.
 */
function findQuestion(own: string): string | null {
  let chunkStart = 0;
  let inUrl = false;
  for (let i = 0; i < own.length; i++) {
    const c = own.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 0xa0) {
      chunkStart = i + 1;
      inUrl = false;
      continue;
    }
    if (i === chunkStart && (c === 119 || c === 87) && own.slice(i, i + 4).toLowerCase() === 'www.')
      inUrl = true;
    if (c === 58 /* : */ && own.startsWith('//', i + 1)) inUrl = true;
    if (c === 63 /* ? */ || c === 0xff1f /* fullwidth ? */) {
      const next = own.charCodeAt(i + 1);
      const atChunkEnd =
        Number.isNaN(next) || next === 32 || next === 9 || next === 10 || next === 13 || next === 0xa0;
      if (!inUrl || atChunkEnd) return questionExcerpt(own, i);
    }
  }
  return null;
}

function questionExcerpt(own: string, q: number): string {
  const from = Math.max(0, q - QUESTION_EXCERPT_CHARS);
  let start = from;
  for (let j = q - 1; j >= from; j--) {
    const ch = own[j];
    if (ch === '.' || ch === '!' || ch === '?' || ch === '\n') {
      start = j + 1;
      break;
    }
  }
  const body = own
    .slice(start, q + 1)
    .replace(/\s+/g, ' ')
    .trim();
  return start === from && from > 0 ? `…${body}` : body;
}

/**
 * What the store keeps of the verdict for an item (`items.ask`): for a private item, what asks
 * for something, or '' when nothing does; null for a public item (pairs count private items only).
 * The text judged is the subject and the text, as the analyses see them (analysis-item.ts).
 */
export function askOf(item: {
  visibility: string;
  subject: string | null;
  text: string;
  lang: string | null;
}): string | null {
  if (item.visibility !== 'private') return null;
  const text = item.subject ? `${item.subject}\n${item.text}` : item.text;
  return isRequest(text, item.lang).why ?? '';
}
