import { identityShort, snippetForDisplay } from '../../model/index.js';
import { InnsynError } from '../../model/index.js';
import { type Command } from '../command.js';
import { resolveItemId } from './resolve-id.js';

export const threadCommand: Command = {
  name: 'thread',
  summary: 'Show the thread an item belongs to, as a tree (missing messages shown as ghosts).',
  usage: 'innsyn thread ID [--db FILE] [--json]',
  access: 'read',
  options: {},
  async run({ positionals, store, json, out }) {
    const id = await resolveItemId(store, positionals[0]);
    const thread = await store.getThread(id);
    if (!thread)
      throw new InnsynError(
        'not-found',
        `item ${id} is in no thread (run 'innsyn reindex' to rebuild threads)`,
      );
    if (json) {
      out.json({ thread });
      return 0;
    }
    const count = thread.nodes.filter((n) => n.itemId).length;
    out.line(`thread ${thread.threadId}: ${count} message${count === 1 ? '' : 's'}`);
    if (thread.part) {
      // A chat of more messages than a view shows: say which part this is.
      const { offset, total } = thread.part;
      const en = (x: number) => x.toLocaleString('en');
      out.line(
        `(nodes ${en(offset + 1)}-${en(offset + thread.nodes.length)} of ${en(total)}, around item ${id}: ` +
          `'innsyn conversation ${id.slice(0, 12)}' lists the whole conversation)`,
      );
    }
    for (const n of thread.nodes) {
      const indent = '  '.repeat(n.depth);
      const mark = n.itemId === id ? '▶ ' : '';
      if (!n.summary) {
        out.line(`${indent}${mark}(missing message${n.messageId ? ` <${n.messageId}>` : ''})`);
        continue;
      }
      const s = n.summary;
      const who = s.from ? identityShort(s.from) : '(unknown)';
      // Chat messages have no subject: the start of their text says what they are.
      const what = s.subject ?? snippetForDisplay(s.snippet).slice(0, 80);
      out.line(
        `${indent}${mark}${s.sentAt?.slice(0, 16).replace('T', ' ') ?? '(no date)'}  ${who}: ${what}  [${s.id}]`,
      );
    }
    return 0;
  },
};
