import { InnsynError } from '../../model/index.js';
import { formatQueryError, parseQuery } from '../../query/index.js';
import { EXIT, type Command } from '../command.js';
import { listOption, printAnnotations, targetOf, TARGET_OPTIONS } from './annotation-target.js';

export const tagCommand: Command = {
  name: 'tag',
  summary:
    'Tag every match of a query (not just a page), or one item, conversation or person: --add NAME, --remove NAME.',
  usage:
    'innsyn tag QUERY --add NAME [--add NAME …] [--remove NAME …] [--db FILE] [--json]\n' +
    '       innsyn tag --item ID | --conversation ID | --person KEY  --add NAME [--remove NAME]\n' +
    "  NAME: letters, digits, '_', '.', '-' or '/' (no spaces; compared without case); several with commas.\n" +
    "  Then search with tag:NAME (an item carries its own tags and its conversation's).",
  access: 'read',
  options: {
    add: { type: 'string', multiple: true },
    remove: { type: 'string', multiple: true },
    item: { type: 'string' },
    ...TARGET_OPTIONS,
  },
  async run({ positionals, values, store, json, out }) {
    const add = listOption(values.add);
    const remove = listOption(values.remove);
    if (add.length === 0 && remove.length === 0) {
      throw new InnsynError('usage', 'say what to do: --add NAME, --remove NAME or both');
    }
    const one = values.item !== undefined || values.conversation !== undefined || values.person !== undefined;
    if (one) {
      if (positionals.length > 0) {
        throw new InnsynError('usage', 'give a QUERY or one of --item, --conversation, --person, not both');
      }
      const target = await targetOf(store, values, typeof values.item === 'string' ? values.item : undefined);
      const a = await store.annotate(target, { addTags: add, removeTags: remove });
      if (json) out.json({ annotations: a });
      else printAnnotations(a, out);
      return EXIT.ok;
    }
    const q = positionals.join(' ');
    if (q.trim() === '') {
      throw new InnsynError(
        'usage',
        'give a QUERY whose matches to tag (every item: innsyn tag "date:..2100" …), or --item, --conversation, --person',
      );
    }
    let ast;
    try {
      ast = parseQuery(q);
    } catch (e) {
      if (e instanceof InnsynError && e.code === 'bad-query') {
        if (json) out.json({ error: { code: e.code, message: e.message, column: e.column } });
        else out.error(formatQueryError(q, e));
        return EXIT.usage;
      }
      throw e;
    }
    const r = await store.tagMatches(ast, { add, remove });
    if (json) {
      out.json({ query: q, add, remove, ...r });
      return EXIT.ok;
    }
    const matches = `${r.matched} match${r.matched === 1 ? '' : 'es'}`;
    const parts: string[] = [];
    if (add.length) parts.push(`${add.join(', ')} added (${r.added} new)`);
    if (remove.length) parts.push(`${remove.join(', ')} removed (${r.removed} taken off)`);
    out.line(`${matches}: ${parts.join('; ')}`);
    return EXIT.ok;
  },
};
