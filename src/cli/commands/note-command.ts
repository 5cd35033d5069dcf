import { readFileSync, statSync } from 'node:fs';
import { InnsynError } from '../../model/index.js';
import { MAX_NOTE_CHARS } from '../../store/index.js';
import type { Command } from '../command.js';
import { printAnnotations, targetOf, TARGET_OPTIONS, TARGET_USAGE } from './annotation-target.js';

/** A note file larger than this is not a note (UTF-8 takes at most 4 bytes a character). */
const MAX_NOTE_FILE_BYTES = MAX_NOTE_CHARS * 4;

export const noteCommand: Command = {
  name: 'note',
  summary: 'Write, show or delete the note on an item, a conversation or a person (search with has:note).',
  usage:
    `innsyn note ${TARGET_USAGE} [TEXT | --file FILE | --delete] [--db FILE] [--json]\n` +
    '  Without TEXT, --file or --delete it shows the note. A new text replaces the note.',
  access: 'read',
  options: {
    ...TARGET_OPTIONS,
    file: { type: 'string' },
    delete: { type: 'boolean', default: false },
  },
  async run({ positionals, values, store, json, out }) {
    // An item ID comes first unless --conversation or --person names the target.
    const byOption = values.conversation !== undefined || values.person !== undefined;
    const [given, ...words] = byOption ? [undefined, ...positionals] : positionals;
    const target = await targetOf(store, values, given);
    const file = typeof values.file === 'string' ? values.file : undefined;
    const ways = [words.length > 0, file !== undefined, values.delete === true].filter(Boolean).length;
    if (ways > 1)
      throw new InnsynError('usage', 'give the note as TEXT, --file FILE or --delete: one of them');
    const a =
      ways === 0
        ? await store.getAnnotations(target)
        : await store.annotate(target, {
            note: values.delete === true ? null : file !== undefined ? readNote(file) : words.join(' '),
          });
    if (json) out.json({ annotations: a });
    else printAnnotations(a, out);
    return 0;
  },
};

function readNote(file: string): string {
  try {
    if (statSync(file).size > MAX_NOTE_FILE_BYTES) {
      throw new InnsynError(
        'usage',
        `${file} is too large for a note (at most ${MAX_NOTE_CHARS} characters)`,
      );
    }
    return readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof InnsynError) throw e;
    throw new InnsynError('not-found', `cannot read ${file}: ${(e as Error).message}`, { cause: e });
  }
}
