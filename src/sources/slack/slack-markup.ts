/**
 * Slack's message markup ("mrkdwn" control sequences, https://api.slack.com/reference/surfaces/formatting)
 * turned into the text a person reads, with the links and mentions it contains.
 *
 * In exported text every literal '<', '>' and '&' is escaped (&lt; &gt; &amp;), so each raw
 * '<…>' is a control sequence: `<@U123>` or `<@U123|name>` a user, `<#C123|name>` a channel,
 * `<!here>` and friends a broadcast, `<!subteam^S1|@team>` a user group, `<!date^…|fallback>` a
 * date, anything else a link `<https://x>` or `<https://x|label>`.
 */

/** Who and what the export knows, to resolve ids in the markup. */
export interface MarkupLookup {
  /** Handle (Slack's `name`) of a user id, or null when users.json does not have the user. */
  userHandle(id: string): string | null;
  /** Name of a channel id, or null when unknown. */
  channelName(id: string): string | null;
}

export interface RenderedText {
  text: string;
  /** http(s) and ftp links in order of appearance, each once. */
  links: string[];
  /** Mentioned users: the handle when known (users.json, else the label Slack wrote), else the user id. */
  mentions: string[];
  /** User ids mentioned that users.json does not have. */
  unknownUsers: string[];
}

const BROADCASTS = new Set(['here', 'channel', 'everyone', 'group']);
const WEB_LINK = /^(?:https?|ftp):\/\//i;

/** Undoes Slack's three escapes (the only entities it writes in message text). */
export function unescapeSlack(s: string): string {
  return s.replace(/&(lt|gt|amp);/g, (_, name: string) => (name === 'lt' ? '<' : name === 'gt' ? '>' : '&'));
}

export function renderSlackText(raw: string, lookup: MarkupLookup): RenderedText {
  const links: string[] = [];
  const mentions: string[] = [];
  const unknownUsers: string[] = [];
  const once = (list: string[], value: string): void => {
    if (!list.includes(value)) list.push(value);
  };
  let text = '';
  let last = 0;
  // A sequence's target has no spaces (Slack encodes them), its label may. Neither can hold '<'
  // or '>', which keeps the match linear: no sequence can span another '<'.
  for (const m of raw.matchAll(/<([^\s<>|]+)(?:\|([^<>]*))?>/g)) {
    text += unescapeSlack(raw.slice(last, m.index));
    last = m.index + m[0].length;
    const inner = m[0].slice(1, -1);
    const target = m[1] as string;
    const label = m[2] === undefined ? null : unescapeSlack(m[2]);
    if (target.startsWith('@')) {
      const id = target.slice(1);
      const handle = lookup.userHandle(id);
      if (handle === null) once(unknownUsers, id);
      const shown = handle ?? (label !== null && label !== '' ? label.replace(/^@/, '') : null);
      once(mentions, shown ?? id);
      text += `@${shown ?? id}`;
    } else if (target.startsWith('#')) {
      const id = target.slice(1);
      text += `#${label !== null && label !== '' ? label : (lookup.channelName(id) ?? id)}`;
    } else if (target.startsWith('!')) {
      const command = target.slice(1);
      const name = command.split('^')[0] ?? '';
      if (label !== null) text += label;
      else if (BROADCASTS.has(name)) text += `@${name}`;
      else text += `<${unescapeSlack(inner)}>`; // an unknown command: shown as written
    } else {
      const url = unescapeSlack(target);
      if (WEB_LINK.test(url)) once(links, url);
      const plain = url.replace(/^(?:mailto|tel):/i, '');
      if (label === null || label === '' || label === url || label === plain || url.endsWith(`//${label}`)) {
        text += plain;
      } else {
        text += `${label} (${plain})`;
      }
    }
  }
  text += unescapeSlack(raw.slice(last));
  return { text, links, mentions, unknownUsers };
}
