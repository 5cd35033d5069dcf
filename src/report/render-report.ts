/**
 * The story timeline report as HTML: pure functions of the data of report-types.ts. One file that
 * needs nothing else: inline CSS allowed by its hash, no script, no image, no font, no URL that
 * loads anything, and a Content-Security-Policy that forbids every load should the text ever slip
 * through (it cannot: every value is escaped here). Links are only to the report's own items
 * (`#item-<id>`); permalinks and every link in a message are printed as text, never followed.
 */
import { createHash } from 'node:crypto';
import { identityText, type Identity, type Item, type ItemKind, type Location } from '../model/index.js';
import { REPORT_CSS } from './report-css.js';
import { escapeHtml, evidenceHtml } from './html-text.js';
import { platformName, reportMessages, type ReportLang, type ReportMessages } from './report-messages.js';
import { ReportClock, offsetText, utcText } from './report-time.js';
import type {
  ReportContentsRow,
  ReportEcho,
  ReportEntry,
  ReportHead,
  ReportPerson,
  ReportProblem,
  ReportSettings,
} from './report-types.js';

/** Characters of an item's subject and text in the at-a-glance table. */
export const CONTENTS_EXCERPT_CHARS = 140;
/** Places a copy was found listed by name per item (an item seen in 3,000 mailboxes says "and N more"). */
export const MAX_LISTED_LOCATIONS = 10;
/** Characters of a quoted passage shown as an echo's evidence. */
const MAX_EVIDENCE_CHARS = 300;

const STYLE_HASH = createHash('sha256').update(REPORT_CSS, 'utf8').digest('base64');

/**
 * The page's policy: nothing may load or run. Styles only from the one <style> element whose
 * bytes hash to STYLE_HASH; no base URL, no form target. A meta policy cannot carry
 * frame-ancestors; a report served by innsyn serve gets the app's header policy as well.
 */
export const REPORT_CSP =
  `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; img-src 'none'; font-src 'none'; ` +
  "connect-src 'none'; media-src 'none'; object-src 'none'; frame-src 'none'; base-uri 'none'; form-action 'none'";

/** The permalink of an item as printed: `<base>/item/<id>`, or relative without a base. */
export function permalink(settings: Pick<ReportSettings, 'baseUrl'>, id: string): string {
  return `${settings.baseUrl ?? ''}/item/${id}`;
}

/** The anchor of an item inside the report. */
function anchor(id: string): string {
  return `item-${id}`;
}

const h = escapeHtml;

/**
 * Writes the report part by part, so that a report of thousands of items is never one string:
 * `start` (the head, the summary, the people and the table of items), `entry` for each item in
 * order (a new day opens a new section, and a new printed page), `end` (what could not be
 * checked, how to verify, the footer).
 */
export class ReportRenderer {
  readonly clock: ReportClock;
  readonly t: ReportMessages;
  private day: string | null | undefined = undefined;

  constructor(readonly settings: ReportSettings) {
    this.clock = new ReportClock(settings.timeZone, settings.lang);
    this.t = reportMessages(settings.lang);
  }

  get title(): string {
    return this.settings.title.trim() === '' ? this.t.defaultTitle : this.settings.title.trim();
  }

  start(head: ReportHead): string {
    const { t, settings } = this;
    return (
      '<!DOCTYPE html>\n' +
      `<html lang="${settings.lang === 'nb' ? 'nb' : 'en'}">\n<head>\n` +
      '<meta charset="utf-8">\n' +
      `<meta http-equiv="Content-Security-Policy" content="${h(REPORT_CSP)}">\n` +
      '<meta name="referrer" content="no-referrer">\n' +
      '<meta name="viewport" content="width=device-width, initial-scale=1">\n' +
      `<meta name="generator" content="innsyn ${h(settings.innsynVersion)}">\n` +
      `<title>${h(this.title)}</title>\n` +
      `<style>${REPORT_CSS}</style>\n</head>\n<body>\n` +
      `<header class="report-head">\n<h1>${h(this.title)}</h1>\n<p class="lede">${h(t.madeWith)}</p>\n` +
      this.summary(head) +
      '</header>\n' +
      this.people(head.people) +
      this.contents(head.contents) +
      '<main>\n'
    );
  }

  private summary(head: ReportHead): string {
    const { t, settings, clock } = this;
    const c = head.counts;
    const n = (x: number) => clock.number(x);
    const rows: Array<[string, string]> = [
      [
        t.query,
        settings.queryText.trim() === ''
          ? h(t.queryAll)
          : `<code dir="ltr">${evidenceHtml(settings.queryText)}</code>`,
      ],
      [t.created, `<span class="mono">${h(utcText(settings.created.getTime()))}</span>`],
      [t.version, `<span class="mono">${h(settings.innsynVersion)}</span>`],
      [t.timeZone, `${h(settings.timeZone)} · ${h(t.timeZoneNote(settings.timeZone))}`],
      [t.items, h(t.itemCounts(n(c.items), n(c.private), n(c.public)))],
    ];
    if (c.first !== null && c.last !== null) {
      const period = t.periodValue(
        `${clock.localDateTime(c.first)} · ${utcText(c.first)}`,
        `${clock.localDateTime(c.last)} · ${utcText(c.last)}`,
      );
      rows.push([t.period, h(c.undated > 0 ? `${period}; ${t.undatedCount(n(c.undated))}` : period)]);
    } else if (c.undated > 0) {
      rows.push([t.period, h(t.undatedCount(n(c.undated)))]);
    }
    rows.push([t.echoes, h(t.echoesValue(n(c.echoes), clock.duration(settings.echoWindowSeconds)))]);
    rows.push([
      t.permalinks,
      settings.baseUrl === null
        ? h(t.permalinksRelative)
        : `<span class="mono">${h(permalink(settings, '<id>'))}</span>`,
    ]);
    return (
      '<table class="summary">\n' +
      rows.map(([k, v]) => `<tr><th scope="row">${h(k)}</th><td>${v}</td></tr>\n`).join('') +
      '</table>\n'
    );
  }

  private people(people: ReportPerson[]): string {
    if (people.length === 0) return '';
    const { t, clock } = this;
    const rows = people.map((p) => {
      const ids = [...p.handles.map((x) => `@${x}`), ...p.addresses.filter((a) => !p.handles.includes(a))];
      return (
        `<tr><td><bdi>${evidenceHtml(p.name ?? ids[0] ?? p.key)}</bdi> <span class="key mono">${h(p.key)}</span></td>` +
        `<td>${ids.map((x) => `<span class="mono">${evidenceHtml(x)}</span>`).join(', ')}</td>` +
        `<td>${clock.number(p.sent)}</td><td>${clock.number(p.received)}</td></tr>\n`
      );
    });
    return (
      `<section class="people-section">\n<h2>${h(t.people)}</h2>\n<div class="scroll"><table class="people">\n` +
      `<thead><tr><th>${h(t.person)}</th><th>${h(t.handles)}</th><th>${h(t.sent)}</th><th>${h(t.received)}</th></tr></thead>\n<tbody>\n` +
      rows.join('') +
      '</tbody></table></div>\n</section>\n'
    );
  }

  private contents(rows: ReportContentsRow[]): string {
    if (rows.length === 0) return '';
    const { t, clock, settings } = this;
    const body = rows.map((r) => {
      const when =
        r.sentAt === null
          ? h(t.noDate)
          : `${h(clock.shortDate(r.sentAt))} ${h(clock.zoned(r.sentAt).time)}<br><span class="utc">${h(utcText(r.sentAt))}</span>`;
      const more = r.toMore > 0 ? ` ${h(t.more(clock.number(r.toMore)))}` : '';
      const to =
        r.to.length === 0 ? '' : ` → ${r.to.map((x) => `<bdi>${evidenceHtml(x)}</bdi>`).join(', ')}${more}`;
      const excerpt =
        r.excerpt.length > CONTENTS_EXCERPT_CHARS
          ? `${r.excerpt.slice(0, CONTENTS_EXCERPT_CHARS)}…`
          : r.excerpt;
      return (
        `<tr class="is-${r.visibility}"><td><a href="#${anchor(r.id)}">${r.n}</a></td>` +
        `<td class="when">${when}</td>` +
        `<td><bdi>${evidenceHtml(r.from ?? t.unknownSender)}</bdi>${to}</td>` +
        `<td>${h(kindLabel(r.platform, r.kind, settings.lang))}<br><span class="muted">${h(r.visibility === 'public' ? t.public : t.private)}</span></td>` +
        `<td dir="auto">${evidenceHtml(excerpt)}</td></tr>\n`
      );
    });
    return (
      `<section class="contents-section">\n<h2>${h(t.contents)}</h2>\n` +
      `<p class="muted">${h(t.timeZoneNote(settings.timeZone))}</p>\n<div class="scroll"><table class="contents">\n` +
      `<thead><tr><th>${h(t.number)}</th><th>${h(t.time)} (${h(settings.timeZone)})</th><th>${h(t.fromTo)}</th>` +
      `<th>${h(t.kindCol)}</th><th>${h(t.textCol)}</th></tr></thead>\n<tbody>\n` +
      body.join('') +
      '</tbody></table></div>\n</section>\n'
    );
  }

  /** One item; opens a new day first when its day (in the report's zone) is not the last one's. */
  entry(e: ReportEntry): string {
    const { item } = e;
    const dayKey = item.sentAt === null ? null : this.clock.zoned(Date.parse(item.sentAt)).dayKey;
    let out = '';
    if (dayKey !== this.day) {
      if (this.day !== undefined) out += '</section>\n';
      this.day = dayKey;
      out += this.dayStart(item.sentAt === null ? null : Date.parse(item.sentAt));
    }
    return out + this.article(e);
  }

  private dayStart(ms: number | null): string {
    const { t, settings } = this;
    if (ms === null) {
      return (
        `<section class="day day-undated">\n<h2 class="day-title">${h(t.undated)}</h2>\n` +
        `<p class="muted">${h(t.undatedNote)}</p>\n`
      );
    }
    return (
      `<section class="day" data-day="${h(this.clock.zoned(ms).dayKey)}">\n` +
      `<h2 class="day-title">${h(this.clock.dayTitle(ms))}<span class="day-zone">${h(settings.timeZone)}</span></h2>\n`
    );
  }

  private article(e: ReportEntry): string {
    const { t, settings, clock } = this;
    const { item } = e;
    const ms = item.sentAt === null ? null : Date.parse(item.sentAt);
    let time: string;
    if (ms === null) {
      time = `<span class="local">${h(t.noDate)}</span>`;
    } else {
      const z = clock.zoned(ms);
      // The time as the source wrote it, when it wrote another offset than UTC and the zone's.
      const sender =
        item.tzOffset !== null && item.tzOffset !== 0 && item.tzOffset !== z.offsetMinutes
          ? ` <span class="offset">${h(t.asWritten(writtenTime(ms, item.tzOffset)))}</span>`
          : '';
      time =
        `<time class="local" datetime="${h(item.sentAt ?? '')}">${h(z.time)} <span class="offset">${h(offsetText(z.offsetMinutes))}</span></time>` +
        `<span class="utc">${h(utcText(ms))}</span>${sender}`;
    }
    const vis = item.visibility === 'public' ? t.public : t.private;
    const head =
      `<div class="entry-head"><span class="n">#${e.n}</span>${time}` +
      `<span class="badges"><span class="badge vis-${item.visibility}">${h(vis)}</span>` +
      `<span class="badge">${h(kindLabel(item.platform, item.kind, settings.lang))}</span></span></div>\n`;
    return (
      `<article class="entry is-${item.visibility}" id="${anchor(item.id)}">\n` +
      head +
      this.who(item) +
      `<div class="text" dir="auto"${langAttribute(item.lang)}>${item.text.trim() === '' ? `<span class="muted">${h(t.noText)}</span>` : evidenceHtml(item.text)}</div>\n` +
      this.echoes(e.echoes) +
      this.details(e) +
      '</article>\n'
    );
  }

  private who(item: Item): string {
    const { t } = this;
    const line = (label: string, value: string) => `<dt>${h(label)}</dt><dd>${value}</dd>`;
    const list = (ids: Identity[]) => ids.map(identityHtml).join(', ');
    let rows = line(t.from, item.from ? identityHtml(item.from) : h(t.unknownSender));
    if (item.to.length > 0 || item.kind !== 'post')
      rows += line(t.to, item.to.length ? list(item.to) : h(t.nobody));
    if (item.cc.length > 0) rows += line(t.cc, list(item.cc));
    if (item.bcc.length > 0) rows += line(t.bcc, list(item.bcc));
    if (item.subject !== null && item.subject.trim() !== '') {
      rows += line(t.subject, `<strong dir="auto">${evidenceHtml(item.subject)}</strong>`);
    }
    return `<dl class="who">${rows}</dl>\n`;
  }

  private echoes(echoes: ReportEcho[]): string {
    if (echoes.length === 0) return '';
    const { t } = this;
    const part = (direction: ReportEcho['direction'], title: string) => {
      // In time order, as the rest of the report: the nearest first.
      const list = echoes
        .filter((x) => x.direction === direction)
        .sort((a, b) => a.latencySeconds - b.latencySeconds || a.partner.id.localeCompare(b.partner.id));
      if (list.length === 0) return '';
      return `<h3>${h(title)}</h3>\n<ul>\n${list.map((x) => this.echoLine(x)).join('')}</ul>\n`;
    };
    return `<section class="echoes">\n${part('echoed-by', t.echoedBy)}${part('echo-of', t.echoOf)}</section>\n`;
  }

  private echoLine(x: ReportEcho): string {
    const { t, settings, clock } = this;
    const p = x.partner;
    const ref =
      p.n === null
        ? `<span class="out">${h(t.notInReport)}</span> <span class="mono">${h(permalink(settings, p.id))}</span>`
        : `<a href="#${anchor(p.id)}">#${p.n}</a>`;
    const latency = `${clock.duration(x.latencySeconds)} ${x.direction === 'echoed-by' ? t.later : t.earlier}`;
    const when = p.sentAt === null ? t.noDate : `${clock.localDateTime(p.sentAt)} · ${utcText(p.sentAt)}`;
    const what = kindLabel(p.platform, p.kind, settings.lang);
    const evidence = x.evidence
      .map((ev) => {
        const kind = h(t.evidenceKinds[ev.kind]);
        if (ev.value === null || ev.value === '') return kind;
        const v =
          ev.value.length > MAX_EVIDENCE_CHARS ? `${ev.value.slice(0, MAX_EVIDENCE_CHARS)}…` : ev.value;
        return ev.kind === 'link'
          ? `${kind} <span class="mono">${evidenceHtml(v)}</span>`
          : `${kind}: ${t.quotes[0]}<bdi>${evidenceHtml(v)}</bdi>${t.quotes[1]}`;
      })
      .join('; ');
    return (
      `<li data-latency="${x.latencySeconds}"><span class="latency">${h(latency)}</span> · ${ref} · ` +
      `${h(what)}${p.author ? ` · <bdi>${evidenceHtml(p.author)}</bdi>` : ''}<br>` +
      `<span class="echo-when">${h(when)}</span><br>` +
      `<span class="echo-evidence">${h(t.evidence)}: ${evidence} <span class="muted">(${h(t.relations[x.relation])})</span></span></li>\n`
    );
  }

  private details(e: ReportEntry): string {
    const { t, settings, clock } = this;
    const { item } = e;
    const rows: Array<[string, string]> = [
      [t.permalink, `<span class="mono">${h(permalink(settings, item.id))}</span>`],
      [t.timeSource, h(t.dateSources[item.dateSource])],
    ];
    if (e.raw === null) {
      rows.push([t.sha256, `<span class="warn">${h(t.noRaw)}</span>`]);
    } else {
      const mismatch =
        e.raw.sha256 === e.raw.recorded ? '' : `<div class="warn">${h(t.hashMismatch(e.raw.recorded))}</div>`;
      rows.push([
        t.sha256,
        `<span class="mono sha">${h(e.raw.sha256)}</span> <span class="muted">(${h(t.bytes(clock.number(e.raw.size)))})</span>${mismatch}`,
      ]);
      rows.push([t.exportFile, `<span class="mono">${h(e.raw.exportFile)}</span>`]);
    }
    const locations = e.locations.length > 0 ? e.locations : [item.location];
    const shown = locations
      .slice(0, MAX_LISTED_LOCATIONS)
      .map((l) => this.location(l, e.raw?.sha256 ?? null));
    if (locations.length > MAX_LISTED_LOCATIONS) {
      shown.push(h(t.more(clock.number(locations.length - MAX_LISTED_LOCATIONS))));
    }
    rows.push([
      locations.length > 1 ? `${t.provenance} · ${t.copies(clock.number(locations.length))}` : t.provenance,
      shown.join('<br>'),
    ]);
    if (item.attachments.length > 0) {
      rows.push([
        t.attachments,
        item.attachments
          .map(
            (a) =>
              `<bdi>${evidenceHtml(a.name ?? t.unnamed)}</bdi> <span class="muted">(${h(a.contentType)}, ${h(t.bytes(clock.number(a.size)))})</span> <span class="mono">${h(a.sha256)}</span>`,
          )
          .join('<br>'),
      ]);
    }
    if (item.flags.length > 0) {
      rows.push([t.flags, item.flags.map((f) => `<span class="mono">${evidenceHtml(f)}</span>`).join(', ')]);
    }
    rows.push([t.itemId, `<span class="mono">${h(item.id)}</span>`]);
    return (
      `<table class="details" aria-label="${h(t.details)}">\n` +
      rows.map(([k, v]) => `<tr><th scope="row">${h(k)}</th><td>${v}</td></tr>\n`).join('') +
      '</table>\n'
    );
  }

  /** One place a copy was found; its hash when it is not that of the bytes shown above. */
  private location(l: Location, rawSha: string | null): string {
    const { t, clock } = this;
    const member =
      l.member === null ? '' : ` · ${h(t.member)} <span class="mono">${evidenceHtml(l.member)}</span>`;
    const end = l.offset + l.length;
    return (
      `<span class="mono">${evidenceHtml(l.path)}</span>${member} · ` +
      `${h(t.offset(clock.number(l.offset), clock.number(end)))} (${h(t.bytes(clock.number(l.length)))})` +
      (l.sha256 && l.sha256 !== rawSha ? ` · <span class="mono">${h(l.sha256)}</span>` : '')
    );
  }

  end(problems: ReportProblem[], problemCount: number): string {
    const { t, settings, clock } = this;
    let out = this.day !== undefined ? '</section>\n' : '';
    out += '</main>\n';
    if (problemCount > 0) {
      out +=
        `<section class="problems">\n<h2>${h(t.problems)} (${clock.number(problemCount)})</h2>\n<ul>\n` +
        problems
          .map(
            (p) =>
              `<li>${p.code === 'vanished' ? `#${p.n}` : `<a href="#${anchor(p.id)}">#${p.n}</a>`} <span class="mono">${h(p.id)}</span>: ${h(t.problemCodes[p.code])}</li>\n`,
          )
          .join('') +
        (problemCount > problems.length
          ? `<li>${h(t.more(clock.number(problemCount - problems.length)))}</li>\n`
          : '') +
        '</ul>\n</section>\n';
    }
    out +=
      `<section class="verify">\n<h2>${h(t.verifyTitle)}</h2>\n<p>${h(t.verifyIntro)}</p>\n<ol>\n` +
      t.verifySteps.map((s) => `<li>${withCode(s)}</li>\n`).join('') +
      '</ol>\n<ul>\n' +
      t.verifyNotes.map((s) => `<li>${withCode(s)}</li>\n`).join('') +
      '</ul>\n</section>\n' +
      `<footer class="foot">${h(this.title)} · ${h(t.footer(settings.innsynVersion, utcText(settings.created.getTime())))}</footer>\n` +
      '</body>\n</html>\n';
    return out;
  }
}

/** Our own text, escaped, with `commands` as code. */
function withCode(s: string): string {
  return h(s).replace(/`([^`]+)`/g, '<code>$1</code>');
}

/** 'X (Twitter) · direct message'; an email is just 'Email'. */
function kindLabel(platform: string, kind: ItemKind, lang: ReportLang): string {
  const name = platformName(platform, lang);
  return platform === 'email' && kind === 'email' ? name : `${name} · ${reportMessages(lang).kinds[kind]}`;
}

/** '2016-06-03 10:36:00 (UTC-04:00)': the wall clock at an offset from UTC. */
function writtenTime(ms: number, offsetMinutes: number): string {
  const local = utcText(ms + offsetMinutes * 60_000).replace(/ UTC$/, '');
  return `${local} (${offsetText(offsetMinutes)})`;
}

/** `Name <@handle>` or `Name <address>`, and the account id when a handle stands for it. */
function identityHtml(i: Identity): string {
  const shown = identityText(i);
  const key =
    i.handle && i.handle !== i.address
      ? ` <span class="key mono">${evidenceHtml(`${i.platform}:${i.address}`)}</span>`
      : '';
  return `<bdi>${evidenceHtml(shown)}</bdi>${key}`;
}

/** A `lang` attribute for a language code innsyn detected ('no' is Norwegian). */
function langAttribute(lang: string | null): string {
  return lang !== null && /^[a-z]{2,3}$/.test(lang) ? ` lang="${lang}"` : '';
}

/** The whole report as one string (for tests and small reports; build-report.ts streams it). */
export function renderReport(
  head: ReportHead,
  entries: readonly ReportEntry[],
  problems: readonly ReportProblem[] = [],
): string {
  const r = new ReportRenderer(head.settings);
  return r.start(head) + entries.map((e) => r.entry(e)).join('') + r.end([...problems], problems.length);
}
