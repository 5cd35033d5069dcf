/**
 * A synthetic case for the echo benchmark: private DMs and emails and public posts among a few
 * hundred people, in English and Norwegian, with echoes of every kind planted at known
 * latencies, and decoys that a careless engine would take for echoes:
 * - common words: public posts in the window that share many frequent words with a planted
 *   private message, and nothing rare;
 * - popular links and attachments: a handful of sites and files that many people post;
 * - before: the planted evidence posted publicly before the private message;
 * - outside: the planted evidence posted after the window;
 * - unrelated people: background posts that name people, share mid-frequency words and links.
 *
 * Deterministic: one seeded PRNG (src/demo/corpus/prng.ts), no clock, no Math.random, the same
 * options give the same case on every machine.
 */
import type { AnalysisItem, AnalysisPerson } from '../src/analysis/analysis-item.js';
import type { EchoEvidenceKind } from '../src/analysis/echoes.js';
import { Prng, ZipfSampler } from '../src/demo/corpus/prng.js';
import {
  ENGLISH_FIRST_NAMES,
  ENGLISH_LAST_NAMES,
  ENGLISH_WORDS,
  NORWEGIAN_FIRST_NAMES,
  NORWEGIAN_LAST_NAMES,
  NORWEGIAN_WORDS,
} from '../src/demo/corpus/vocabulary.js';
import { foldText } from '../src/model/text/analyzer.js';
import { normalizeUrl } from '../src/extract/normalize-url.js';

export const ECHO_KINDS: readonly EchoEvidenceKind[] = ['link', 'mention', 'terms', 'quote', 'attachment'];

export interface EchoCaseOptions {
  seed: number;
  /** Items in the case, about (planted pairs and decoys included). */
  items: number;
  /** Share of the background items that are public posts. Default 0.1. */
  publicShare?: number;
  /** People in the case. Default 300. */
  persons?: number;
  /** Planted echoes. Default max(25, items / 50). */
  planted?: number;
}

export interface PlantedEcho {
  privateId: string;
  publicId: string;
  kind: EchoEvidenceKind;
  latencySeconds: number;
  /** Who wrote the public item, seen from the private one. */
  relation: 'recipient' | 'sender' | 'other';
}

export interface EchoCase {
  items: AnalysisItem[];
  persons: AnalysisPerson[];
  planted: PlantedEcho[];
  /** Decoy items made, by kind of decoy. */
  decoys: Record<string, number>;
  spanDays: number;
}

interface Person {
  key: string;
  handle: string;
  first: string;
  last: string;
  email: string;
  lang: 'en' | 'no';
}

const EPOCH = Date.UTC(2022, 0, 1);
const DAY = 86_400_000;
const WINDOW_MS = 7 * DAY;

const POPULAR_LINKS = [
  'https://www.nrk.no/',
  'https://www.vg.no/',
  'https://www.youtube.com/',
  'https://www.bbc.com/news',
  'https://www.aftenposten.no/',
  'https://twitter.com/home',
  'https://www.nytimes.com/',
  'https://www.dagbladet.no/',
  'https://www.theguardian.com/international',
  'https://www.e24.no/',
  'https://www.reuters.com/',
  'https://www.facebook.com/',
];
const ARTICLE_SITES = [
  'www.dn.no/politikk',
  'www.nettavisen.no/nyheter',
  'www.politico.eu/article',
  'www.ft.com/content',
  'www.propublica.org/article',
  'www.klassekampen.no/artikkel',
  'theintercept.com/2022',
  'www.bt.no/nyheter/lokalt',
];
const SYLLABLES = (
  'ka lo mi ra ven tor sul bre dan fje gri hol kve lun mar nor pel rus sta tin ulv var bek dri ' +
  'fal gan hem jor kal lem mos nek orm pra rid sko tre unn vig ask bor dal eik fos gul hav ild'
).split(' ');
/** Endings for planted rare words, per language, so the two sides inflect the same root differently. */
const INFLECT: Record<'en' | 'no', readonly string[]> = {
  en: ['', 's', 'ing', 'ed'],
  no: ['', 'en', 'ene', 'et', 'er'],
};

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Builds a case; see the module comment. */
export function generateEchoCase(opts: EchoCaseOptions): EchoCase {
  const rng = new Prng(opts.seed);
  const total = Math.max(200, Math.floor(opts.items));
  const publicShare = opts.publicShare ?? 0.1;
  const plantCount = opts.planted ?? Math.max(25, Math.round(total / 50));
  const spanDays = Math.min(730, Math.max(30, Math.round(total / 100)));
  const spanMs = spanDays * DAY;

  // People: a Zipf mix of busy and quiet correspondents; some are often named in public.
  const personCount = opts.persons ?? 300;
  const people: Person[] = [];
  const usedHandles = new Set<string>();
  for (let i = 0; i < personCount; i++) {
    const lang: 'en' | 'no' = rng.chance(0.45) ? 'no' : 'en';
    const first = rng.pick(lang === 'no' ? NORWEGIAN_FIRST_NAMES : ENGLISH_FIRST_NAMES);
    const last = rng.pick(lang === 'no' ? NORWEGIAN_LAST_NAMES : ENGLISH_LAST_NAMES);
    let handle = foldText(`${first}${last}`).replace(/[^a-z0-9]/g, '');
    while (usedHandles.has(handle)) handle += String(rng.int(10));
    usedHandles.add(handle);
    people.push({ key: `x:${handle}`, handle, first, last, email: `${handle}@example.org`, lang });
  }
  const persons: AnalysisPerson[] = people.map((p) => ({
    key: p.key,
    name: `${p.first} ${p.last}`,
    handles: [p.handle],
    addresses: [p.email],
    names: [`${p.first} ${p.last}`],
  }));
  const busy = new ZipfSampler(personCount, 1.0);
  const famous = new ZipfSampler(personCount, 1.2);
  const commonEn = new ZipfSampler(ENGLISH_WORDS.length, 1.0);
  const commonNo = new ZipfSampler(NORWEGIAN_WORDS.length, 1.0);
  const midWords: string[] = [];
  const midSeen = new Set<string>();
  while (midWords.length < 4000) {
    const n = rng.chance(0.6) ? 2 : 3;
    let w = '';
    for (let k = 0; k < n; k++) w += rng.pick(SYLLABLES);
    if (!midSeen.has(w)) {
      midSeen.add(w);
      midWords.push(w);
    }
  }
  const mid = new ZipfSampler(midWords.length, 0.9);
  const popularLink = new ZipfSampler(POPULAR_LINKS.length, 1.0);
  const popularFiles = Array.from({ length: 5 }, () => rng.hex(64));
  let rootCounter = 0;
  /** A fresh rare root: four syllables and a counter letter pair, so it is unique to its plant. */
  const freshRoot = (): string => {
    let w = '';
    for (let k = 0; k < 3; k++) w += rng.pick(SYLLABLES);
    rootCounter += 1;
    return `${w}${String.fromCharCode(97 + (rootCounter % 26))}${String.fromCharCode(97 + (Math.floor(rootCounter / 26) % 26))}ik`;
  };

  const word = (lang: 'en' | 'no'): string => {
    if (rng.chance(0.12)) return midWords[mid.sample(rng)] as string;
    return lang === 'no'
      ? (NORWEGIAN_WORDS[commonNo.sample(rng)] as string)
      : (ENGLISH_WORDS[commonEn.sample(rng)] as string);
  };
  const sentence = (lang: 'en' | 'no', n: number): string => {
    const ws: string[] = [];
    for (let k = 0; k < n; k++) ws.push(word(lang));
    return `${capitalise(ws.join(' '))}.`;
  };
  const commonSentence = (lang: 'en' | 'no', n: number): string => {
    const src = lang === 'no' ? NORWEGIAN_WORDS : ENGLISH_WORDS;
    const ws: string[] = [];
    for (let k = 0; k < n; k++) ws.push(src[rng.int(Math.min(120, src.length))] as string);
    return `${capitalise(ws.join(' '))}.`;
  };
  const other = (...not: Person[]): Person => {
    for (;;) {
      const p = people[rng.int(personCount)] as Person;
      if (!not.includes(p)) return p;
    }
  };
  const busyPerson = (): Person => people[busy.sample(rng)] as Person;
  const nameOf = (p: Person, variant: boolean): string => {
    const full = `${p.first} ${p.last}`;
    if (!variant) return full;
    // Spelled without its diacritics or in capitals, as people do in posts.
    return rng.chance(0.5) ? foldText(full).replace(/\b\w/g, (c) => c.toUpperCase()) : full.toUpperCase();
  };

  const items: AnalysisItem[] = [];
  let seq = 0;
  const nextId = (prefix: string): string => `${prefix}-${String(++seq).padStart(7, '0')}`;
  const privateItem = (
    from: Person,
    to: Person,
    t: number,
    text: string,
    extra: Partial<AnalysisItem> = {},
  ): AnalysisItem => {
    const email = rng.chance(0.4);
    const it: AnalysisItem = {
      id: nextId(email ? 'mail' : 'dm'),
      kind: email ? 'email' : 'message',
      platform: email ? 'email' : 'x',
      visibility: 'private',
      sentAt: t,
      from: from.key,
      to: [to.key],
      text,
      lang: rng.chance(0.05) ? null : from.lang,
      links: [],
      mentions: [],
      attachments: [],
      conversationId: null,
      replyTo: null,
      ...extra,
    };
    items.push(it);
    return it;
  };
  const publicItem = (
    author: Person,
    t: number,
    text: string,
    extra: Partial<AnalysisItem> = {},
  ): AnalysisItem => {
    const it: AnalysisItem = {
      id: nextId('post'),
      kind: 'post',
      platform: 'x',
      visibility: 'public',
      sentAt: t,
      from: author.key,
      to: [],
      text,
      lang: rng.chance(0.05) ? null : author.lang,
      links: [],
      mentions: [],
      attachments: [],
      conversationId: null,
      replyTo: null,
      ...extra,
    };
    items.push(it);
    return it;
  };

  // Planted echoes and their decoys.
  const planted: PlantedEcho[] = [];
  const decoys: Record<string, number> = { 'common-words': 0, before: 0, outside: 0 };
  for (let k = 0; k < plantCount; k++) {
    const kind = ECHO_KINDS[k % ECHO_KINDS.length] as EchoEvidenceKind;
    const sender = busyPerson();
    const recipient = other(sender);
    const t = EPOCH + Math.floor(rng.float() * (spanMs - WINDOW_MS));
    const latencyMs = Math.round(rng.logUniform(60_000, 6.5 * DAY));
    const r = rng.float();
    // Mostly the recipient publishes; sometimes the sender goes public with their own words; a
    // quarter of the time someone else (who got it from the recipient, like the father in the
    // seed case). A person naming themselves is no echo, so mentions are never by the sender.
    const relation: PlantedEcho['relation'] =
      r < 0.65 ? 'recipient' : r < 0.75 && kind !== 'mention' ? 'sender' : 'other';
    const author =
      relation === 'recipient' ? recipient : relation === 'sender' ? sender : other(sender, recipient);
    const lang = sender.lang;
    const alang = author.lang;

    /** Text, links, mentions and attachments of the public side (also used by the decoys). */
    let publicSide: () => { text: string; extra: Partial<AnalysisItem> };
    let privateText: string;
    const privateExtra: Partial<AnalysisItem> = {};
    if (kind === 'link') {
      const slug = `${word(lang)}-${word(lang)}-${rng.hex(6)}`;
      const url = `https://${rng.pick(ARTICLE_SITES)}/${slug}`;
      privateText = `${sentence(lang, 6)} ${url} ${sentence(lang, 5)}`;
      privateExtra.links = [normalizeUrl(url) as string];
      publicSide = () => {
        const v = rng.int(5);
        const shown =
          v === 0
            ? `${url}?ref=share`
            : v === 1
              ? `${url}/`
              : v === 2
                ? url.replace('https://www.', 'http://').replace('https://', 'https://www.')
                : url;
        return { text: `${sentence(alang, 5)} ${shown}`, extra: { links: [normalizeUrl(shown) as string] } };
      };
    } else if (kind === 'mention') {
      privateText = `${sentence(lang, 10)} ${sentence(lang, 8)}`;
      publicSide = () => {
        if (rng.chance(0.4))
          return {
            text: `${sentence(alang, 6)} @${sender.handle} ${sentence(alang, 4)}`,
            extra: { mentions: [sender.handle] },
          };
        return {
          text: `${sentence(alang, 5)} ${nameOf(sender, rng.chance(0.3))} ${sentence(alang, 5)}`,
          extra: {},
        };
      };
    } else if (kind === 'terms') {
      const roots = [freshRoot(), freshRoot(), freshRoot(), freshRoot()];
      const inflected = (root: string, l: 'en' | 'no'): string => root + rng.pick(INFLECT[l]);
      privateText = `${sentence(lang, 5)} ${roots.map((x) => inflected(x, lang)).join(' and ')} ${sentence(lang, 6)}`;
      publicSide = () => {
        const shared = roots.slice(0, 3).map((x) => inflected(x, alang));
        return {
          text: `${sentence(alang, 4)} ${shared[0]} ${sentence(alang, 3)} ${shared[1]} ${shared[2]}.`,
          extra: {},
        };
      };
    } else if (kind === 'quote') {
      const long = `${sentence(lang, 12)} ${sentence(lang, 14)} ${sentence(lang, 12)}`;
      privateText = long;
      const ws = long.split(' ');
      const start = rng.int(Math.max(1, ws.length - 14));
      const passage = ws.slice(start, start + rng.range(8, 14)).join(' ');
      publicSide = () => ({ text: `${sentence(alang, 4)} "${passage}" ${sentence(alang, 3)}`, extra: {} });
    } else {
      const sha = rng.hex(64);
      privateText = `${sentence(lang, 7)}`;
      privateExtra.attachments = [sha];
      publicSide = () => ({ text: sentence(alang, 6), extra: { attachments: [sha] } });
    }
    const P = privateItem(sender, recipient, t, privateText, privateExtra);
    const side = publicSide();
    const Q = publicItem(author, t + latencyMs, side.text, side.extra);
    planted.push({ privateId: P.id, publicId: Q.id, kind, latencySeconds: latencyMs / 1000, relation });

    if (rng.chance(0.35)) {
      const d = publicSide();
      publicItem(other(sender, recipient), t - Math.round(rng.logUniform(60_000, 3 * DAY)), d.text, d.extra);
      decoys.before = (decoys.before ?? 0) + 1;
    }
    if (rng.chance(0.35)) {
      const d = publicSide();
      publicItem(
        other(sender, recipient),
        t + WINDOW_MS + Math.round(rng.logUniform(3_600_000, 10 * DAY)),
        d.text,
        d.extra,
      );
      decoys.outside = (decoys.outside ?? 0) + 1;
    }
    if (rng.chance(0.5)) {
      publicItem(
        other(sender, recipient),
        t + Math.round(rng.logUniform(60_000, 6 * DAY)),
        `${commonSentence(lang, 14)} ${commonSentence(lang, 12)}`,
      );
      decoys['common-words'] = (decoys['common-words'] ?? 0) + 1;
    }
  }

  // Background: everyday traffic, some of it naming people, posting popular links and files.
  let popularLinks = 0;
  let popularFileCount = 0;
  let named = 0;
  while (items.length < total) {
    const t = EPOCH + Math.floor(rng.float() * spanMs);
    if (rng.chance(publicShare)) {
      const author = busyPerson();
      const lang = author.lang;
      let text = sentence(lang, rng.range(5, 24));
      const extra: Partial<AnalysisItem> = {};
      if (rng.chance(0.15)) {
        const p = people[famous.sample(rng)] as Person;
        if (p !== author) {
          named += 1;
          if (rng.chance(0.4)) {
            text += ` @${p.handle}`;
            extra.mentions = [p.handle];
          } else text += ` ${nameOf(p, false)} ${sentence(lang, 3)}`;
        }
      }
      if (rng.chance(0.12)) {
        const url = POPULAR_LINKS[popularLink.sample(rng)] as string;
        text += ` ${url}`;
        extra.links = [normalizeUrl(url) as string];
        popularLinks += 1;
      }
      if (rng.chance(0.03)) {
        extra.attachments = [rng.pick(popularFiles)];
        popularFileCount += 1;
      }
      publicItem(author, t, text, extra);
    } else {
      const from = busyPerson();
      const to = other(from);
      const lang = from.lang;
      let text = sentence(lang, rng.range(6, 40));
      if (rng.chance(0.4)) text += ` ${sentence(lang, rng.range(4, 20))}`;
      const extra: Partial<AnalysisItem> = {};
      if (rng.chance(0.06)) {
        const url = POPULAR_LINKS[popularLink.sample(rng)] as string;
        text += ` ${url}`;
        extra.links = [normalizeUrl(url) as string];
        popularLinks += 1;
      }
      if (rng.chance(0.1)) extra.attachments = [rng.chance(0.3) ? rng.pick(popularFiles) : rng.hex(64)];
      if (rng.chance(0.05)) text += ` ${nameOf(people[famous.sample(rng)] as Person, false)}`;
      privateItem(from, to, t, text, extra);
    }
  }
  decoys['popular-links'] = popularLinks;
  decoys['popular-files'] = popularFileCount;
  decoys['posts-naming-people'] = named;

  items.sort((a, b) => (a.sentAt as number) - (b.sentAt as number) || (a.id < b.id ? -1 : 1));
  return { items, persons, planted, decoys, spanDays };
}
