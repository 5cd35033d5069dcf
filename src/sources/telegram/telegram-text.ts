/**
 * A Telegram message's `text` is either a string or an array mixing strings and entity objects
 * (`{type: 'link', text}`, `{type: 'text_link', text, href}`, `{type: 'mention', text: '@x'}`,
 * `{type: 'mention_name', text, user_id}`, bold, code, …); since 2021 exports add
 * `text_entities`, the same content as objects only. The text is what a reader sees (an
 * entity's text, never a text_link's hidden href); links and mentions come from the entities.
 */
export interface TelegramText {
  text: string;
  links: string[];
  mentions: string[];
  /** Set when `text`/`text_entities` had an unexpected shape and something was left out. */
  malformed: boolean;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function telegramText(text: unknown, entities: unknown): TelegramText {
  let malformed = false;
  const flat = (parts: unknown[]): string => {
    let s = '';
    for (const p of parts) {
      if (typeof p === 'string') s += p;
      else if (isRecord(p) && typeof p.text === 'string') s += p.text;
      else malformed = true;
    }
    return s;
  };

  let out = '';
  if (typeof text === 'string') out = text;
  else if (Array.isArray(text)) out = flat(text);
  else if (text === undefined || text === null) {
    if (Array.isArray(entities)) out = flat(entities);
  } else malformed = true;

  const source = Array.isArray(entities) ? entities : Array.isArray(text) ? text : [];
  if (entities !== undefined && !Array.isArray(entities)) malformed = true;
  const links = new Set<string>();
  const mentions = new Set<string>();
  for (const e of source) {
    if (!isRecord(e)) continue;
    const t = typeof e.text === 'string' ? e.text : '';
    switch (e.type) {
      case 'link':
        if (t !== '') links.add(t);
        break;
      case 'text_link':
        if (typeof e.href === 'string' && e.href !== '') links.add(e.href);
        break;
      case 'mention': {
        // Telegram usernames are case-insensitive: kept lower-cased, like the extractor does.
        const handle = t.replace(/^@/, '').toLowerCase();
        if (handle !== '') mentions.add(handle);
        break;
      }
      case 'mention_name':
        // A mention of someone without a username: the export gives their user id, which is
        // also the address of their identity ('user123').
        if (typeof e.user_id === 'number' || (typeof e.user_id === 'string' && /^\d+$/.test(e.user_id))) {
          mentions.add(`user${String(e.user_id)}`);
        }
        break;
    }
  }
  return { text: out, links: [...links], mentions: [...mentions], malformed };
}
