import { contentId } from '../../model/ids.js';
import type { ExportIdentity, ItemDraft } from '../../model/export-record.js';
import { parsePostDate, type SlashOrder } from './post-date.js';

/** The values one row or object gives, by field (strings as written; dates may be numbers). */
export interface PostValues {
  text: string | null;
  id: string | null;
  date: string | number | null;
  authorId: string | null;
  handle: string | null;
  name: string | null;
  url: string | null;
  platform: string | null;
  replyTo: string | null;
  /** Links the export itself lists for the post (JSON entities), already expanded. */
  links?: string[];
  /** Flags the container adds (charset fallback, stray quote, text missing). */
  flags?: string[];
}

export interface PostContext {
  /** Platform when neither a column nor the URL tells ('x' by default). */
  defaultPlatform: string;
  slashOrder: () => SlashOrder;
}

/** Hosts whose URLs tell the platform. */
const PLATFORM_HOSTS: Readonly<Record<string, string>> = {
  'twitter.com': 'x',
  'x.com': 'x',
  'mobile.twitter.com': 'x',
  'mobile.x.com': 'x',
  'facebook.com': 'facebook',
  'm.facebook.com': 'facebook',
  'fb.com': 'facebook',
  'instagram.com': 'instagram',
  'threads.net': 'threads',
  'threads.com': 'threads',
  'bsky.app': 'bluesky',
  'truthsocial.com': 'truthsocial',
  'linkedin.com': 'linkedin',
  't.me': 'telegram',
  'youtube.com': 'youtube',
  'youtu.be': 'youtube',
  'tiktok.com': 'tiktok',
  'reddit.com': 'reddit',
  'vk.com': 'vk',
  'weibo.com': 'weibo',
  'gab.com': 'gab',
  'gettr.com': 'gettr',
};

/** Platform names people write, folded to innsyn's. */
const PLATFORM_ALIASES: Readonly<Record<string, string>> = {
  twitter: 'x',
  'x.com': 'x',
  'x (twitter)': 'x',
  fb: 'facebook',
  bsky: 'bluesky',
};

function hostOf(url: string): string | null {
  try {
    return new URL(url).hostname.toLowerCase().replace(/^www\./, '');
  } catch {
    return null;
  }
}

/** The platform's own id in a post permalink ('https://x.com/u/status/786…' → '786…'), or null. */
export function permalinkId(url: string, platform: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  const p = u.pathname;
  if (platform === 'x') return /^\/(?:[^/]+|i(?:\/web)?)\/status(?:es)?\/(\d+)/.exec(p)?.[1] ?? null;
  if (platform === 'bluesky') return /^\/profile\/[^/]+\/post\/([A-Za-z0-9]+)/.exec(p)?.[1] ?? null;
  if (platform === 'truthsocial' || platform === 'mastodon')
    return /^\/@[^/]+(?:\/posts)?\/(\d+)/.exec(p)?.[1] ?? null;
  return null;
}

function cleanId(v: string | null): string | null {
  const s = v?.trim() ?? '';
  return s === '' ? null : s;
}

/**
 * One post. The `url` column is usually the post's own permalink: that is where the post is,
 * not a link it contains, so it is not put in `links` (it would make every post "link" to
 * itself and drown the link evidence echoes are built on); it still serves to tell the
 * platform and, when the id column is missing, the id. A URL that points elsewhere (some tools
 * put the shared link there) is kept as a link.
 */
export function buildPost(
  v: PostValues,
  ctx: PostContext,
): { ok: true; draft: ItemDraft } | { ok: false; problem: string } {
  const flags = [...(v.flags ?? [])];
  const url = cleanId(v.url);

  let platform: string;
  const named = v.platform?.trim().toLowerCase() ?? '';
  const host = url === null ? null : hostOf(url);
  if (named !== '') platform = PLATFORM_ALIASES[named] ?? named;
  else if (host !== null && PLATFORM_HOSTS[host] !== undefined) {
    platform = PLATFORM_HOSTS[host];
    if (platform !== ctx.defaultPlatform) flags.push('platform-from-url');
  } else if (url !== null && /^\/@[^/]+\/\d+/.test(safePath(url))) {
    platform = 'mastodon';
    flags.push('platform-from-url');
  } else platform = ctx.defaultPlatform;

  let sentAt: string | null = null;
  let tzOffset: number | null = null;
  const rawDate = typeof v.date === 'string' ? v.date.trim() : v.date;
  if (rawDate === null || rawDate === '') flags.push('date-missing');
  else {
    const d = parsePostDate(rawDate, ctx.slashOrder);
    if (!d.ok) return d;
    sentAt = d.date.utc;
    tzOffset = d.date.offsetMinutes;
    flags.push(...d.date.flags);
  }

  const from = author(v, platform, flags);
  const text = v.text ?? '';

  let nativeId = cleanId(v.id);
  const fromUrl = url === null ? null : permalinkId(url, platform);
  if (nativeId === null && fromUrl !== null) {
    nativeId = fromUrl;
    flags.push('native-id-from-url');
  }
  if (nativeId === null) {
    // Deterministic: the same row always gets the same id, on every machine and re-ingest.
    nativeId = `derived-${contentId([platform, from?.address ?? '', sentAt ?? String(rawDate ?? ''), text])}`;
    flags.push('native-id-derived');
  }

  const links = [...(v.links ?? [])];
  const isPermalink =
    url !== null &&
    (fromUrl === nativeId || (fromUrl === null && safePath(url).split('/').includes(nativeId)));
  if (url !== null && !isPermalink && !links.includes(url)) links.push(url);

  return {
    ok: true,
    draft: {
      nativeId,
      kind: 'post',
      platform,
      visibility: 'public',
      sentAt,
      tzOffset,
      dateSource: sentAt === null ? 'unknown' : 'export',
      from,
      to: [],
      text,
      links,
      mentions: [],
      attachments: [],
      conversation: null,
      replyToNativeId: cleanId(v.replyTo),
      flags,
    },
  };
}

function safePath(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return '';
  }
}

/** A handle: '@' optional; letters, digits, '_', '.', '-', and a Mastodon-style '@instance'. */
const HANDLE = /^@?[\w.-]{1,64}(?:@[\w.-]{1,253})?$/u;

function author(v: PostValues, platform: string, flags: string[]): ExportIdentity | null {
  const id = cleanId(v.authorId);
  let handle: string | null = cleanId(v.handle);
  let name = cleanId(v.name);
  if (handle !== null && !HANDLE.test(handle)) {
    // 'Donald J. Trump' in an author column is a name, not a handle.
    if (name === null) name = handle;
    handle = null;
    flags.push('author-column-is-name');
  }
  if (handle !== null) {
    handle = handle.replace(/^@/, '');
    if (platform === 'x') handle = handle.toLowerCase();
  }
  const address = id ?? handle ?? name;
  if (address === null) {
    flags.push('author-missing');
    return null;
  }
  if (id === null && handle === null) flags.push('author-name-only');
  return { platform, address, handle, name };
}
