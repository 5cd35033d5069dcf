import { type Prng, ZipfSampler } from './prng.js';
import {
  ENGLISH_CLOSINGS,
  ENGLISH_PHRASES,
  ENGLISH_WORDS,
  NORWEGIAN_CLOSINGS,
  NORWEGIAN_PHRASES,
  NORWEGIAN_WORDS,
  RARE_TERMS,
  URLS,
} from './vocabulary.js';

export type Lang = 'en' | 'no';

/** The text of one message before encoding: paragraphs (unwrapped), then rendered. */
export interface BodyText {
  /** Greeting, paragraphs, closing and signature, each one paragraph. */
  paragraphs: string[];
}

// Zipf exponent for word choice: ~1 is what natural-language corpora show.
const WORD_ZIPF = 1.0;
// Chance that a message mentions one rare term; with ~40 terms each lands in ~0.2 % of messages.
const RARE_TERM_CHANCE = 0.08;
// Chance per sentence of a stock phrase (phrase queries), of a person's name, of a URL.
const PHRASE_CHANCE = 0.04;
const NAME_CHANCE = 0.03;
const URL_CHANCE = 0.012;

const samplers = {
  en: new ZipfSampler(ENGLISH_WORDS.length, WORD_ZIPF),
  no: new ZipfSampler(NORWEGIAN_WORDS.length, WORD_ZIPF),
};

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * Roughly `words` words of prose in `lang` addressed to `greetName` and signed by `signName`.
 * `mentions` are names that may appear in the text (search for a person finds mail about them).
 */
export function makeBodyText(
  rng: Prng,
  lang: Lang,
  words: number,
  greetName: string,
  signName: string,
  mentions: readonly string[],
): BodyText {
  const list = lang === 'en' ? ENGLISH_WORDS : NORWEGIAN_WORDS;
  const phrases = lang === 'en' ? ENGLISH_PHRASES : NORWEGIAN_PHRASES;
  const sampler = samplers[lang];
  const rare = rng.chance(RARE_TERM_CHANCE) ? rng.pick(RARE_TERMS) : null;
  const paragraphs: string[] = [
    `${lang === 'en' ? rng.pick(['Hi', 'Dear', 'Hello']) : rng.pick(['Hei', 'Hallo', 'Kjære'])} ${greetName},`,
  ];
  let written = 0;
  let rarePlaced = rare === null;
  while (written < words) {
    const sentences: string[] = [];
    const nSentences = rng.range(2, 6);
    for (let s = 0; s < nSentences && written < words; s++) {
      const len = rng.range(5, 18);
      const ws: string[] = [];
      for (let k = 0; k < len; k++) {
        // Draw again on an immediate repeat ("the the"): Zipf alone makes them far too common.
        let w = list[sampler.sample(rng)] ?? 'the';
        if (w === ws[k - 1]) w = list[sampler.sample(rng)] ?? 'the';
        ws.push(w);
      }
      if (rng.chance(PHRASE_CHANCE)) ws.splice(rng.int(ws.length), 0, rng.pick(phrases));
      if (mentions.length > 0 && rng.chance(NAME_CHANCE))
        ws.splice(rng.int(ws.length), 0, rng.pick(mentions));
      if (!rarePlaced && rare !== null && rng.chance(0.3)) {
        ws.splice(rng.int(ws.length), 0, rare);
        rarePlaced = true;
      }
      if (rng.chance(URL_CHANCE)) ws.push(rng.pick(URLS));
      written += ws.length;
      const end = rng.chance(0.85) ? '.' : rng.chance(0.6) ? '?' : '!';
      sentences.push(capitalise(ws.join(' ')) + end);
    }
    paragraphs.push(sentences.join(' '));
  }
  if (!rarePlaced && rare !== null) paragraphs.push(capitalise(rare) + '.');
  paragraphs.push(`${rng.pick(lang === 'en' ? ENGLISH_CLOSINGS : NORWEGIAN_CLOSINGS)}\n${signName}`);
  return { paragraphs };
}

// Plain-text mail is wrapped at 72 columns (RFC 3676 §4.2 suggests ≤ 78; mail clients use 72).
const WRAP_AT = 72;

/** Paragraphs wrapped at 72 columns, separated by blank lines. Long URLs stay whole. */
export function wrapText(paragraphs: readonly string[]): string {
  const out: string[] = [];
  for (const para of paragraphs) {
    for (const hard of para.split('\n')) {
      let line = '';
      for (const w of hard.split(' ')) {
        if (line.length > 0 && line.length + 1 + w.length > WRAP_AT) {
          out.push(line);
          line = w;
        } else line = line.length > 0 ? `${line} ${w}` : w;
      }
      out.push(line);
    }
    out.push('');
  }
  out.pop();
  return out.join('\n') + '\n';
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The same paragraphs as a small HTML document, URLs as links (what Outlook and Gmail send). */
export function toHtml(paragraphs: readonly string[], quoted: string | null, charset: string): string {
  const body = paragraphs
    .map(
      (p) =>
        '<p>' +
        escapeHtml(p)
          .replace(/\n/g, '<br>\n')
          .replace(/https?:\/\/[^\s<]+[^\s<.,?!]/g, (u) => `<a href="${u}">${u}</a>`) +
        '</p>',
    )
    .join('\n');
  const quote =
    quoted === null ? '' : `\n<blockquote type="cite">\n<pre>${escapeHtml(quoted)}</pre>\n</blockquote>`;
  return (
    `<!DOCTYPE html>\n<html><head><meta http-equiv="Content-Type" content="text/html; charset=${charset}">` +
    '<style>p{margin:0 0 1em 0}</style></head>\n<body>\n' +
    body +
    quote +
    '\n</body></html>\n'
  );
}

// A reply quotes at most this many lines of what it answers: without a cap a 40-message thread
// would carry every earlier message in full and blow the corpus up quadratically.
const MAX_QUOTED_LINES = 60;

/** `text` quoted for a reply: "> " before every line (">" alone before an empty line). */
export function quoteText(text: string): string {
  const lines = text.replace(/\n$/, '').split('\n').slice(0, MAX_QUOTED_LINES);
  return lines.map((l) => (l.length === 0 ? '>' : l.startsWith('>') ? `>${l}` : `> ${l}`)).join('\n') + '\n';
}
