import { createHash } from 'node:crypto';
import type { Attachment, Identity, Item } from '../../src/model/index.js';

/**
 * Realistic-enough items with their raw bytes, for the store's benchmark and its bulk tests.
 * Bodies are 50-2,000 words (median about 500) drawn with a Zipf law over a vocabulary of
 * common words followed by a long tail of generated words, so the full-text index sees a
 * natural mix of frequent and rare terms; half English, half Norwegian (with æ, ø, å).
 * Raw bytes are an RFC 5322 message with ordinary headers (two Received, a DKIM signature on
 * half of them), the text as 8bit, and an HTML alternative on a third. Deterministic per seed.
 */

const ENGLISH =
  'the to and of a in for is that we on it this you be with will have are as at not our by from i can if or all but so they please your an do was would there about me meeting more has were should what their when up been us which one also out need just them time any new report budget project some next week could like know other these get now may let people only then into over think well make see before after team thanks going back because first still here work how today tomorrow call information last good very two year much take same discuss send review agreement draft contract attached board following question issue sure want proposal update numbers plan schedule office client deadline changes support note comments morning afternoon monday tuesday friday month quarter between available again already since while without around through against during number three further data response request decision approval payment invoice account policy statement press media story source documents records minutes agenda committee council ministry government election campaign funding grant money transfer bank financial audit legal counsel lawyer risk compliance internal external confidential private public letter email emails phone message list version final copy file folder link website article interview journalist editor publish release returns tax strategy partner investors shares price market sales revenue costs expenses travel flight hotel conference visit dinner lunch coffee trip weekend running runs ran walked walking'.split(
    ' ',
  );
const NORWEGIAN =
  'og i det som er på at en til med for av ikke jeg har de den vi om et så men var skal kan du vil fra være ble seg etter også hadde han hun dette eller over når må bare nå noe da meg oss her der alle mer hvis vår våre deres hva hvor hvordan hvorfor møte møtet rapport budsjett prosjekt neste uke kunne få gjøre se før tid tilbake fordi først fortsatt arbeid samtale informasjon siste godt veldig to år mye ta samme diskutere sende gjennomgang avtale utkast kontrakt vedlagt styret følgende spørsmål sak sikker ønsker forslag oppdatering tall plan trenger kontor klient frist endringer støtte merknad kommentarer morgen ettermiddag mandag tirsdag måned kvartal mellom tilgjengelig igjen allerede siden mens uten rundt gjennom mot under antall tre videre svar forespørsel beslutning godkjenning betaling faktura konto uttalelse presse medier kilde dokumenter arkiv referat utvalg kommunestyret departementet regjeringen valget valgkamp finansiering tilskudd penger overføring banken økonomi revisjon juridisk advokat risiko fortrolig offentlig brev epost telefon melding lenke nettside artikkel intervju journalist redaktør publisere strategi aksjer pris markedet salg inntekter kostnader reise hotell konferanse besøk middag lunsj kaffe helg skatt skatten skattemeldingen bøker boka huset husene'.split(
    ' ',
  );
const SYLLABLES_EN =
  'ba be co de di fa ge ha in ka lo ma ne no pe qua ri so ta un ve wi xo yo ze ston ver ing tion ment al er'.split(
    ' ',
  );
const SYLLABLES_NO =
  'bå dø fjø gå hø kjæ lø må nø på rø sjø tø væ bor dal fjell gard hav lund mark nes rud stad vik berg sund'.split(
    ' ',
  );
const TAIL = 30_000;

class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 1;
  }
  /** mulberry32: tiny and deterministic; quality is ample for test data. */
  float(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.float() * n);
  }
  pick<T>(a: readonly T[]): T {
    return a[this.int(a.length)] as T;
  }
}

function vocabulary(common: string[], syllables: string[], rng: Rng): string[] {
  const words = [...common];
  for (let i = 0; i < TAIL; i++) {
    let w = '';
    const n = 2 + rng.int(3);
    for (let j = 0; j < n; j++) w += rng.pick(syllables);
    words.push(w);
  }
  return words;
}

/** Zipf (s = 1) over ranks 0..n-1 by inverting the harmonic CDF with a table. */
function zipf(n: number): (rng: Rng) => number {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) cdf[i] = sum += 1 / (i + 1);
  return (rng) => {
    const x = rng.float() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cdf[mid] as number) < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

export interface GeneratedItem {
  item: Item;
  raw: Uint8Array;
}

export function* generateItems(count: number, seed = 1): Generator<GeneratedItem> {
  const rng = new Rng(seed);
  const langs = {
    en: vocabulary(ENGLISH, SYLLABLES_EN, rng),
    no: vocabulary(NORWEGIAN, SYLLABLES_NO, rng),
  };
  const zipfs = { en: zipf(langs.en.length), no: zipf(langs.no.length) };
  const people: Identity[] = [];
  for (let i = 0; i < 300; i++) {
    const first = rng.pick([
      'Ingrid',
      'Ola',
      'Kari',
      'John',
      'Mary',
      'Per',
      'Åse',
      'Bjørn',
      'Donald',
      'Julian',
    ]);
    const last = rng.pick([
      'Haugland',
      'Nordmann',
      'Smith',
      'Olsen',
      'Brown',
      'Sæther',
      'Løvås',
      'Assange',
      'Trump',
    ]);
    const domain = rng.pick(['havbris.no', 'example.com', 'gmail.com', 'wikileaks.org', 'dep.no']);
    const address = `${first}.${last}${i}@${domain}`.toLowerCase();
    people.push({ platform: 'email', address, name: `${first} ${last}` });
  }
  const messageIds: string[] = [];
  const start = Date.UTC(2016, 0, 1);
  for (let n = 0; n < count; n++) {
    const lang = rng.float() < 0.5 ? 'en' : 'no';
    const words = langs[lang];
    const ranks = zipfs[lang];
    // Log-normal around 500 words (the sum of three uniforms is a cheap, deterministic normal).
    const normal = (rng.float() + rng.float() + rng.float() - 1.5) * 2;
    const length = Math.min(2000, Math.max(50, Math.round(500 * Math.exp(0.6 * normal))));
    const parts: string[] = [];
    const links: string[] = [];
    for (let i = 0; i < length; i++) {
      let w = words[ranks(rng)] as string;
      if (i % 13 === 0) w = w.charAt(0).toUpperCase() + w.slice(1);
      if (rng.float() < 0.002) {
        const url = `https://www.${rng.pick(['example.com', 'wikileaks.org', 'nrk.no'])}/${words[ranks(rng)]}/${n}`;
        links.push(url);
        w = url;
      }
      parts.push(w);
      if (i % 11 === 10) parts.push(rng.float() < 0.2 ? '.\n\n' : '. ');
    }
    const text = parts.join(' ').replace(/ ([.]) ?/g, '$1 ') + '\n';
    const subject =
      (n % 4 === 0 ? 'Re: ' : '') + Array.from({ length: 3 + rng.int(5) }, () => words[ranks(rng)]).join(' ');
    const from = rng.pick(people);
    const to = Array.from({ length: 1 + rng.int(3) }, () => rng.pick(people));
    const cc = rng.float() < 0.3 ? [rng.pick(people)] : [];
    const sentMs = start + Math.floor(rng.float() * 3 * 365 * 86400_000);
    const sentAt = new Date(sentMs).toISOString();
    const messageId = `${n}.${sentMs}@mail.${from.address.split('@')[1]}`;
    const inReplyTo =
      n % 4 === 0 && messageIds.length > 0
        ? (messageIds[messageIds.length - 1 - rng.int(Math.min(50, messageIds.length))] as string)
        : null;
    messageIds.push(messageId);
    const html = n % 3 === 0 ? `<html><body><p>${text.replace(/\n\n/g, '</p><p>')}</p></body></html>` : null;
    const attachments: Attachment[] = [];
    let attachmentPart = '';
    if (n % 20 === 0) {
      const bytes = Buffer.alloc(1000 + rng.int(4000));
      for (let i = 0; i < bytes.length; i++) bytes[i] = rng.int(256);
      const name = `${words[ranks(rng)]}-rapport.pdf`;
      attachments.push({
        name,
        contentType: 'application/pdf',
        size: bytes.length,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        disposition: 'attachment',
        contentId: null,
        text: null,
      });
      attachmentPart = `--b1\r\nContent-Type: application/pdf; name="${name}"\r\nContent-Transfer-Encoding: base64\r\n\r\n${bytes.toString('base64').replace(/.{76}/g, '$&\r\n')}\r\n`;
    }
    const header = (id: Identity): string => `"${id.name}" <${id.address}>`;
    const lines = [
      `Return-Path: <${from.address}>`,
      `Received: from mail.${from.address.split('@')[1]} (mail.example.net [192.0.2.${n % 250}]) by mx.example.net with ESMTPS id ${sentMs.toString(36)}; ${new Date(sentMs).toUTCString()}`,
      `Received: from localhost (localhost [127.0.0.1]) by mail.example.net; ${new Date(sentMs).toUTCString()}`,
    ];
    if (n % 2 === 0) {
      const sig = Buffer.alloc(256);
      for (let i = 0; i < 256; i++) sig[i] = rng.int(256);
      lines.push(
        `DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=${from.address.split('@')[1]}; s=s1;\r\n h=from:to:subject:date:message-id;\r\n bh=${createHash('sha256').update(text).digest('base64')};\r\n b=${sig.toString('base64').replace(/.{70}/g, '$&\r\n ')}`,
      );
    }
    lines.push(
      `Message-ID: <${messageId}>`,
      `Date: ${new Date(sentMs).toUTCString()}`,
      `From: ${header(from)}`,
      `To: ${to.map(header).join(', ')}`,
      ...(cc.length ? [`Cc: ${cc.map(header).join(', ')}`] : []),
      `Subject: ${subject}`,
      ...(inReplyTo ? [`In-Reply-To: <${inReplyTo}>`, `References: <${inReplyTo}>`] : []),
      'MIME-Version: 1.0',
    );
    let body: string;
    if (html || attachmentPart) {
      lines.push('Content-Type: multipart/mixed; boundary="b1"');
      body = `--b1\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${text}\r\n`;
      if (html)
        body += `--b1\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${html}\r\n`;
      body += `${attachmentPart}--b1--\r\n`;
    } else {
      lines.push('Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit');
      body = text;
    }
    const raw = Buffer.from(`${lines.join('\r\n')}\r\n\r\n${body}`, 'utf8');
    const id = createHash('sha256').update(raw).digest('hex').slice(0, 32);
    const item: Item = {
      id,
      kind: 'email',
      platform: 'email',
      visibility: 'private',
      sentAt,
      tzOffset: 60,
      dateSource: 'header',
      from,
      to,
      cc,
      bcc: [],
      subject,
      text,
      html,
      lang,
      links,
      mentions: [],
      attachments,
      messageId,
      inReplyTo,
      references: inReplyTo ? [inReplyTo] : [],
      conversationId: null,
      replyTo: null,
      flags: [],
      location: {
        path: '/data/leak/archive.mbox',
        member: null,
        offset: n * 10_000,
        length: raw.length,
        sha256: createHash('sha256').update(raw).digest('hex'),
      },
    };
    yield { item, raw };
  }
}
