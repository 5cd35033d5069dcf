import { conversationSessions, DEFAULT_SILENCE_SECONDS } from '../../analysis/conversations.js';
import { InnsynError } from '../../model/index.js';
import { parseDuration } from '../analysis-input.js';
import { type Command } from '../command.js';
import { resolveItemId } from './resolve-id.js';

export const conversationCommand: Command = {
  name: 'conversation',
  summary: 'The email thread or DM/chat conversation of an item, split into sessions by silence.',
  usage: 'innsyn conversation ID [--silence 30m] [--db FILE] [--json]',
  access: 'read',
  options: { silence: { type: 'string' } },
  async run({ store, json, out, positionals, values }) {
    const given = positionals[0];
    if (!given) throw new InnsynError('usage', 'give the id of an item (or the first 6+ characters of it)');
    const id = await resolveItemId(store, given);
    const item = await store.getItem(id);
    if (!item?.conversationId)
      throw new InnsynError('not-found', `item ${id} belongs to no thread or conversation`);
    const silenceSeconds =
      typeof values.silence === 'string'
        ? parseDuration('--silence', values.silence)
        : DEFAULT_SILENCE_SECONDS;
    const { parseQuery } = await import('../../query/index.js');
    const items = await store.analysisItems(parseQuery(`conversation:${item.conversationId}`), {
      text: false,
    });
    const [conversation] = conversationSessions(items, { silenceSeconds });
    if (json) {
      out.json({ conversation: conversation ?? null });
      return 0;
    }
    if (!conversation) throw new InnsynError('not-found', `conversation ${item.conversationId} has no items`);
    const persons = await store.analysisPersons();
    const names = new Map(persons.map((p) => [p.key, p.name ?? (p.handles[0] ? `@${p.handles[0]}` : p.key)]));
    const who = (k: string | null) => (k === null ? '(unknown)' : (names.get(k) ?? k));
    out.line(`conversation ${conversation.conversationId}: ${conversation.sessions.length} sessions`);
    for (const s of conversation.sessions) {
      out.line(
        `${s.start.slice(0, 16).replace('T', ' ')} – ${s.end.slice(0, 16).replace('T', ' ')}  ${s.itemIds.length} items, ` +
          `started by ${who(s.startedBy)}; ${s.participants.map(who).join(', ')}`,
      );
    }
    if (conversation.undatedItemIds.length > 0)
      out.line(`(${conversation.undatedItemIds.length} items without a date)`);
    return 0;
  },
};
