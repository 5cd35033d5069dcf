import { InnsynError } from '../../model/index.js';
import type { Command } from '../command.js';
import { printAnnotations, targetOf, TARGET_OPTIONS, TARGET_USAGE } from './annotation-target.js';

function starring(star: boolean): Command {
  const name = star ? 'star' : 'unstar';
  return {
    name,
    summary: star
      ? 'Star an item, a conversation or a person (then search with is:starred).'
      : 'Take the star off an item, a conversation or a person.',
    usage: `innsyn ${name} ${TARGET_USAGE} [--db FILE] [--json]`,
    access: 'read',
    options: { ...TARGET_OPTIONS },
    async run({ positionals, values, store, json, out }) {
      if (positionals.length > 1) throw new InnsynError('usage', `${name} takes one ID`);
      const target = await targetOf(store, values, positionals[0]);
      const a = await store.annotate(target, { star });
      if (json) out.json({ annotations: a });
      else printAnnotations(a, out);
      return 0;
    },
  };
}

export const starCommand = starring(true);
export const unstarCommand = starring(false);
