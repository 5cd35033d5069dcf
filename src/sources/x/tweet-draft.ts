import type { ItemDraft } from '../../model/export-record.js';
import type { Visibility } from '../../model/item.js';
import { parseIsoDate, parseTwitterDate, type ExportDate } from './export-date.js';
import { asArray, asObject, idField, str, type JsonObject } from './json-values.js';
import { urlFileName, type MediaRef } from './x-media.js';
import type { XIdentities } from './x-identities.js';
import { expandShortLinks, pushUnique, unescapeXText, type ShortLink } from './x-text.js';

/** How the file a tweet comes from colours it. */
export interface TweetContext {
  identities: XIdentities;
  visibility: Visibility;
  /** Flags every tweet of the file carries ('deleted', 'twitter-circle', …). */
  flags: readonly string[];
}

export interface TweetReading {
  draft: ItemDraft;
  /** Media the tweet refers to (attachments are looked up by the caller: that needs file access). */
  media: MediaRef[];
  /** Creation time in ms (NaN when unknown), for joining note tweets. */
  time: number;
}

/**
 * The tweet object of one archive element. Since 2020 elements wrap it (`{"tweet": {…}}`); the
 * 2019 generation and the old archive's monthly files hold it bare.
 */
export function unwrapTweet(element: unknown): JsonObject | null {
  const o = asObject(element);
  if (o === null) return null;
  const inner = asObject(o.tweet);
  if (inner !== null) return inner;
  return 'id_str' in o || 'full_text' in o || 'text' in o ? o : null;
}

/** X's own date forms: `Wed Oct 12 12:46:00 +0000 2016`, and the old archive's `2012-01-31 18:00:31 +0000`. */
export function parseTweetDate(text: string): ExportDate | null {
  return parseTwitterDate(text) ?? parseIsoDate(text);
}

/**
 * One tweet as an item draft: kind 'post' of the archive's account, t.co links in the text
 * replaced by their targets from the tweet's own `entities.urls` (and media links by the
 * media page), links = those targets, mentions = lower-cased screen names. Ids, handles and
 * names in the mention and reply fields are taught to `ctx.identities` on the way.
 * X writes dates in UTC whatever the author's zone, so `tzOffset` stays null.
 */
export function readTweet(
  element: unknown,
  ctx: TweetContext,
): { ok: true; tweet: TweetReading } | { ok: false; problem: string } {
  const t = unwrapTweet(element);
  if (t === null)
    return { ok: false, problem: 'it is not a tweet object (no "tweet", "id_str" or "full_text")' };
  const id = idField(t, 'id_str', 'id');
  if (id === null) return { ok: false, problem: 'the tweet has no id_str' };
  const rawText = t.full_text ?? t.text ?? '';
  if (typeof rawText !== 'string') return { ok: false, problem: `tweet ${id}: full_text is not a string` };

  const flags = [...ctx.flags];
  const created = t.created_at;
  let date: ExportDate | null = null;
  if (created === undefined || created === null || created === '') {
    flags.push('date-missing');
  } else if (typeof created !== 'string' || (date = parseTweetDate(created)) === null) {
    return {
      ok: false,
      problem: `tweet ${id}: created_at ${JSON.stringify(created).slice(0, 60)} is not a date`,
    };
  }
  const time = date === null ? NaN : Date.parse(date.utc);

  const entities = asObject(t.entities);
  const shortLinks: ShortLink[] = [];
  const links: string[] = [];
  for (const u of asArray(entities?.urls)) {
    const short = str(asObject(u), 'url');
    const long = str(asObject(u), 'expanded_url');
    if (long !== null) pushUnique(links, long);
    else if (short !== null) {
      pushUnique(links, short);
      pushUnique(flags, 'tco-unexpanded');
    }
    if (short !== null && long !== null) shortLinks.push({ short, long });
  }

  const mediaList = asArray(asObject(t.extended_entities)?.media).length
    ? asArray(asObject(t.extended_entities)?.media)
    : asArray(entities?.media);
  const media: MediaRef[] = [];
  const seenMedia = new Set<string>();
  for (const m of mediaList) {
    const mo = asObject(m);
    const short = str(mo, 'url');
    const page = str(mo, 'expanded_url');
    if (short !== null && page !== null) shortLinks.push({ short, long: page });
    const key = idField(mo, 'id_str', 'id') ?? str(mo, 'media_url_https') ?? String(media.length);
    if (seenMedia.has(key)) continue;
    seenMedia.add(key);
    const url = bestMediaUrl(mo);
    media.push({ url, name: url === null ? null : urlFileName(url) });
  }

  const mentions: string[] = [];
  for (const m of asArray(entities?.user_mentions)) {
    const mo = asObject(m);
    const handle = str(mo, 'screen_name');
    if (handle !== null) pushUnique(mentions, handle.toLowerCase());
    ctx.identities.learn(idField(mo, 'id_str', 'id'), handle, str(mo, 'name'), time);
  }
  ctx.identities.learn(
    idField(t, 'in_reply_to_user_id_str', 'in_reply_to_user_id'),
    str(t, 'in_reply_to_screen_name'),
    null,
    time,
  );

  // The old archive names the author in each tweet; the YTD archive leaves it to account.js.
  const user = asObject(t.user);
  const userId = idField(user, 'id_str', 'id');
  let from = ctx.identities.owner;
  if (userId !== null) {
    ctx.identities.learn(userId, str(user, 'screen_name'), str(user, 'name'), time);
    from = ctx.identities.identity(userId);
  }
  if (from === null) flags.push('author-unknown');

  if (rawText.startsWith('RT @') || asObject(t.retweeted_status) !== null) flags.push('retweet');
  const editInfo = asObject(t.edit_info);
  const initialOf = idField(asObject(editInfo?.edit), 'initialTweetId');
  if (initialOf !== null && initialOf !== id) flags.push('edited', `edit-of:${initialOf}`);
  else if (asArray(asObject(editInfo?.initial)?.editTweetIds).length > 1) flags.push('edited');
  const deletedAt = str(t, 'deleted_at');
  if (deletedAt !== null) {
    pushUnique(flags, 'deleted');
    const d = parseTweetDate(deletedAt);
    if (d !== null) flags.push(`deleted-at:${d.utc}`);
  }

  const draft: ItemDraft = {
    nativeId: id,
    kind: 'post',
    platform: 'x',
    visibility: ctx.visibility,
    sentAt: date?.utc ?? null,
    tzOffset: null,
    dateSource: date === null ? 'unknown' : 'export',
    from,
    to: [],
    text: expandShortLinks(unescapeXText(rawText), shortLinks),
    links,
    mentions,
    attachments: [],
    conversation: null,
    replyToNativeId: idField(t, 'in_reply_to_status_id_str', 'in_reply_to_status_id'),
    flags,
  };
  return { ok: true, tweet: { draft, media, time } };
}

/** The URL of the file X saved for a media entity: the best MP4 of a video, else the image. */
function bestMediaUrl(m: JsonObject | null): string | null {
  let best: string | null = null;
  let bitrate = -1;
  for (const v of asArray(asObject(m?.video_info)?.variants)) {
    const vo = asObject(v);
    const url = str(vo, 'url');
    const rate = Number(vo?.bitrate ?? 0);
    if (url !== null && str(vo, 'content_type') === 'video/mp4' && rate > bitrate) {
      best = url;
      bitrate = rate;
    }
  }
  return best ?? str(m, 'media_url_https') ?? str(m, 'media_url');
}
