import { type AttachmentSpec, type Documents, makeAttachment } from './attachments.js';
import { type Lang, makeBodyText, quoteText, wrapText } from './body-text.js';
import { type Correspondent, makeCorrespondents } from './correspondents.js';
import type { MessageSpec } from './message-builder.js';
import { rfc5322Date } from './mime-encode.js';
import { type Prng, ZipfSampler } from './prng.js';
import { type Zone, ZONES, zoneOffset } from './time-zones.js';
import { ENGLISH_SUBJECTS, NORWEGIAN_SUBJECTS } from './vocabulary.js';

/** The corpus's people; the brief asks for about two thousand. */
export const CORRESPONDENTS = 2000;
// Zipf exponent over senders and recipients: the top person writes ~12 % of all mail.
const PEOPLE_ZIPF = 1.0;
/** All mail falls in three years from this fixed epoch (never the clock: output is reproducible). */
export const EPOCH_MS = Date.UTC(2021, 0, 1);
export const SPAN_MS = 3 * 365 * 24 * 3600 * 1000;

const REPLY_CHANCE = 0.45;
const NORWEGIAN_CHANCE = 0.3;
const HTML_CHANCE = 0.25;
const ATTACHMENT_CHANCE = 0.1;
// Replies answer one of the last this-many messages (recent ones more often).
const REPLY_WINDOW = 400;
// References keeps the thread root and the last ids, as mail clients trim it (RFC 5322 §3.6.4).
const MAX_REFERENCES = 20;

interface Sent {
  spec: MessageSpec;
  baseSubject: string;
}

/**
 * Decides, message by message, who writes to whom about what and when: the part of the
 * generator that knows nothing about encodings. One PRNG stream drives everything in order, so
 * the same seed always yields the same corpus.
 */
export class CorpusPlan {
  readonly people: Correspondent[];
  private readonly zones: Zone[];
  private readonly zipf: ZipfSampler;
  private readonly recent: Sent[] = [];

  constructor(
    private readonly rng: Prng,
    private readonly total: number,
    private readonly seed: number,
    /** PDF and DOCX attachments: real documents with text, or opaque bytes (attachments.ts). */
    private readonly documents: Documents = 'opaque',
  ) {
    this.people = makeCorrespondents(rng, CORRESPONDENTS);
    this.zones = this.people.map((p) => (p.norwegian && rng.chance(0.9) ? 'europe/oslo' : rng.pick(ZONES)));
    this.zipf = new ZipfSampler(CORRESPONDENTS, PEOPLE_ZIPF);
  }

  private person(): Correspondent {
    return this.people[this.zipf.sample(this.rng)] ?? this.people[0]!;
  }

  /** 1–3 distinct recipients other than `from`, Zipf-chosen. */
  private recipients(from: Correspondent, max: number): Correspondent[] {
    const n = this.rng.chance(0.7) ? 1 : this.rng.range(2, max);
    const out: Correspondent[] = [];
    for (let tries = 0; out.length < n && tries < 20; tries++) {
      const p = this.person();
      if (p !== from && !out.includes(p)) out.push(p);
    }
    return out;
  }

  private messageId(i: number, from: Correspondent): string {
    const r = this.rng.float();
    const tag = `${i.toString(36)}${this.seed.toString(36)}`;
    if (from.domain === 'gmail.com') return `<CA+${this.rng.hex(20)}${tag}@mail.gmail.com>`;
    if (r < 0.3) return `<${this.rng.hex(8)}-${this.rng.hex(4)}-${this.rng.hex(4)}-${tag}@${from.domain}>`;
    if (r < 0.6) return `<${this.rng.hex(24)}.${tag}@smtp.${from.domain}>`;
    return `<${tag}.${this.rng.hex(12)}@${from.domain}>`;
  }

  /** The spec of message `i` (0-based); call in order. */
  next(i: number): MessageSpec {
    const rng = this.rng;
    const slot = SPAN_MS / this.total;
    let ms = Math.floor(EPOCH_MS + i * slot + rng.float() * slot);
    let parent: Sent | null = null;
    if (this.recent.length > 0 && rng.chance(REPLY_CHANCE)) {
      const u = rng.float();
      parent = this.recent[this.recent.length - 1 - Math.floor(u * u * this.recent.length)] ?? null;
    }

    let from: Correspondent;
    let to: Correspondent[];
    let cc: Correspondent[] = [];
    let lang: Lang;
    let baseSubject: string;
    let subject: string;
    let quoted: string | null = null;
    if (parent === null) {
      from = this.person();
      to = this.recipients(from, 3);
      if (rng.chance(0.25)) cc = this.recipients(from, 3).filter((p) => !to.includes(p));
      lang = rng.chance(NORWEGIAN_CHANCE) ? 'no' : 'en';
      baseSubject = rng.pick(lang === 'no' ? NORWEGIAN_SUBJECTS : ENGLISH_SUBJECTS);
      subject = baseSubject;
    } else {
      const p = parent.spec;
      const others = [...p.to, ...p.cc];
      from = rng.chance(0.8) ? (p.to[0] ?? p.from) : rng.pick(others.length > 0 ? others : [p.from]);
      to = [p.from, ...(rng.chance(0.3) ? p.to.filter((x) => x !== from) : [])];
      cc = rng.chance(0.5) ? p.cc.filter((x) => x !== from && !to.includes(x)) : [];
      if (to.length === 0 || (to.length === 1 && to[0] === from)) to = this.recipients(from, 2);
      lang = p.lang;
      baseSubject = parent.baseSubject;
      const prefix = lang === 'no' ? (rng.chance(0.8) ? 'SV: ' : 'Sv: ') : rng.chance(0.85) ? 'Re: ' : 'RE: ';
      subject = /^(re|sv):/i.test(p.subject) ? p.subject : prefix + p.subject;
      // A reply comes minutes to days after what it answers, never before it.
      ms = Math.max(ms, p.ms + Math.floor(rng.logUniform(60, 3 * 24 * 3600)) * 1000);
      const when = rfc5322Date(p.ms, p.tzOffset);
      const who = `${p.from.name} <${p.from.address}>`;
      quoted =
        (lang === 'no' ? `Den ${when} skrev ${who}:\n` : `On ${when}, ${who} wrote:\n`) + quoteText(p.plain);
    }

    const words = Math.round(rng.logNormal(Math.log(180), 0.8, 50, 2000));
    const mentions = [...to, ...cc].map((p) => p.name).concat(this.person().name);
    const body = makeBodyText(rng, lang, words, to[0]?.first ?? 'all', from.first, mentions);
    const own = wrapText(body.paragraphs);
    const plain = quoted === null ? own : `${own}\n${quoted}`;
    const html = rng.chance(HTML_CHANCE) ? { paragraphs: body.paragraphs, quoted } : null;
    const attachments: AttachmentSpec[] = [];
    if (rng.chance(ATTACHMENT_CHANCE)) {
      const n = rng.chance(0.8) ? 1 : 2;
      for (let k = 0; k < n; k++) attachments.push(makeAttachment(rng, mentions, this.documents));
    }

    const messageId = this.messageId(i, from);
    const references = parent === null ? [] : [...parent.spec.references, parent.spec.messageId];
    if (references.length > MAX_REFERENCES) references.splice(1, references.length - MAX_REFERENCES);
    const spec: MessageSpec = {
      index: i,
      messageId,
      ms,
      tzOffset: zoneOffset(this.zones[from.rank] ?? 'utc', ms),
      from,
      to,
      cc,
      subject,
      inReplyTo: parent === null ? null : parent.spec.messageId,
      references,
      lang,
      plain,
      html,
      attachments,
    };
    this.recent.push({ spec: { ...spec, attachments: [] }, baseSubject });
    if (this.recent.length > REPLY_WINDOW) this.recent.shift();
    return spec;
  }
}
