import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { InnsynError } from '../../model/index.js';
import { formatQueryError, parseQuery } from '../../query/index.js';
import { annotationsDocument, parseAnnotationsDocument } from '../../store/index.js';
import { EXIT, type Command } from '../command.js';
import { printAnnotations, targetOf, TARGET_OPTIONS, TARGET_USAGE } from './annotation-target.js';

/** Largest annotations file `tags import` reads: a million annotations are about 200 MB. */
const MAX_ANNOTATIONS_FILE_BYTES = 256 * 1024 * 1024;

const ACTIONS = ['list', 'show', 'export', 'import'] as const;

export const tagsCommand: Command = {
  name: 'tags',
  summary:
    'The tags, stars and notes of the case: list the tags with counts, show one target, export and import them (JSON).',
  usage:
    'innsyn tags [list [QUERY]] | show ' +
    TARGET_USAGE +
    ' | export [FILE] | import FILE   [--db FILE] [--json]\n' +
    "  list: every tag, with the items (of the QUERY's matches) that carry it and the conversations and people tagged.\n" +
    '  export/import: every tag, star and note as a versioned JSON file (docs/json.md); importing twice adds nothing.',
  access: 'read',
  options: { ...TARGET_OPTIONS },
  async run({ positionals, values, store, json, out }) {
    const [action = 'list', ...args] = positionals;
    if (!(ACTIONS as readonly string[]).includes(action)) {
      throw new InnsynError('usage', `say what to do: ${ACTIONS.join(', ')}`);
    }
    switch (action as (typeof ACTIONS)[number]) {
      case 'list': {
        const q = args.join(' ');
        let ast = null;
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
        const tags = await store.listTags(ast);
        if (json) {
          out.json({ query: q, tags });
          return EXIT.ok;
        }
        out.line(
          `${tags.length} tag${tags.length === 1 ? '' : 's'}${q ? ` (items: of the matches of ${q})` : ''}`,
        );
        const width = Math.max(0, ...tags.map((t) => t.tag.length));
        for (const t of tags) {
          const extra = [
            t.conversations ? `${t.conversations} conversation${t.conversations === 1 ? '' : 's'}` : '',
            t.people ? `${t.people} ${t.people === 1 ? 'person' : 'people'}` : '',
          ].filter(Boolean);
          out.line(
            `  ${t.tag.padEnd(width)}  ${t.items} item${t.items === 1 ? '' : 's'}${extra.length ? `, ${extra.join(', ')}` : ''}`,
          );
        }
        return EXIT.ok;
      }
      case 'show': {
        const byOption = values.conversation !== undefined || values.person !== undefined;
        if (args.length > (byOption ? 0 : 1)) throw new InnsynError('usage', 'tags show names one target');
        const a = await store.getAnnotations(await targetOf(store, values, args[0]));
        if (json) out.json({ annotations: a });
        else printAnnotations(a, out);
        return EXIT.ok;
      }
      case 'export': {
        if (args.length > 1) throw new InnsynError('usage', 'tags export takes at most one FILE');
        const doc = annotationsDocument(await store.exportAnnotations());
        const text = JSON.stringify(doc, null, 2);
        // The file is the versioned document itself, with or without --json.
        if (args[0] === undefined || args[0] === '-') {
          out.line(text);
          return EXIT.ok;
        }
        writeFileSync(args[0], `${text}\n`);
        const n = doc.annotations.length;
        if (json) out.json({ file: args[0], annotations: n });
        else out.line(`${n} annotation${n === 1 ? '' : 's'} written to ${args[0]}`);
        return EXIT.ok;
      }
      case 'import': {
        if (args.length !== 1)
          throw new InnsynError('usage', 'tags import takes one FILE (made by innsyn tags export)');
        const file = args[0] as string;
        const r = await store.importAnnotations(parseAnnotationsDocument(readJsonFile(file)));
        if (json) out.json({ file, ...r });
        else {
          out.line(
            `${r.added} annotation${r.added === 1 ? '' : 's'} added, ${r.updated} notes updated, ${r.unchanged} already there`,
          );
          if (r.unknownTargets > 0) {
            out.line(
              `${r.unknownTargets} name items, conversations or people this case does not hold (yet): kept, and shown once they are ingested`,
            );
          }
        }
        return EXIT.ok;
      }
    }
  },
};

function readJsonFile(file: string): unknown {
  let text: string;
  try {
    if (statSync(file).size > MAX_ANNOTATIONS_FILE_BYTES) {
      throw new InnsynError(
        'limit-exceeded',
        `${file} is larger than ${MAX_ANNOTATIONS_FILE_BYTES / 1048576} MB: not an annotations file`,
      );
    }
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof InnsynError) throw e;
    throw new InnsynError('not-found', `cannot read ${file}: ${(e as Error).message}`, { cause: e });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new InnsynError(
      'usage',
      `${file} is not JSON (${(e as Error).message}): give a file made by innsyn tags export`,
      { cause: e },
    );
  }
}
