import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { InnsynError } from '../../model/index.js';
import type { Person, PersonSummary } from '../../store/index.js';
import { type Command, type Output } from '../command.js';
import { parseCount } from './parse-count.js';

/** Largest edits file `people import` reads: a file of 100,000 edits is about 15 MB. */
const MAX_EDITS_FILE_BYTES = 64 * 1024 * 1024;

const ACTIONS = ['list', 'show', 'merge', 'split', 'alias', 'export', 'import'] as const;

export const peopleCommand: Command = {
  name: 'people',
  summary:
    'People: identities joined into persons; list, show, merge, split, alias, export and import the edits.',
  usage:
    'innsyn people list [QUERY] [--limit N] [--offset N] | show KEY | merge KEY KEY | split IDENTITY | ' +
    'alias IDENTITY [--handle H] [--name N] | export [FILE] | import FILE   [--db FILE] [--json]\n' +
    '  KEY: a person or identity key (platform:address, e.g. x:16589206), a handle (@wikileaks), an address or a name',
  access: 'read',
  options: {
    limit: { type: 'string', default: '50' },
    offset: { type: 'string', default: '0' },
    handle: { type: 'string' },
    name: { type: 'string' },
  },
  async run({ positionals, values, store, json, out }) {
    const [action, ...args] = positionals;
    if (!action || !(ACTIONS as readonly string[]).includes(action)) {
      throw new InnsynError('usage', `say what to do: ${ACTIONS.join(', ')}`);
    }
    const want = (n: number, what: string): void => {
      if (args.length !== n) throw new InnsynError('usage', `people ${action} takes ${what}`);
    };
    switch (action as (typeof ACTIONS)[number]) {
      case 'list': {
        const limit = parseCount(values.limit, '--limit', 1, 1000);
        const offset = parseCount(values.offset, '--offset', 0, Number.MAX_SAFE_INTEGER);
        const query = args.join(' ');
        const list = await store.listPeople({ query, limit, offset });
        if (json) {
          out.json({ query, total: list.total, offset, limit, people: list.people });
          return 0;
        }
        const shown = list.people.length;
        out.line(
          `${list.total} ${list.total === 1 ? 'person' : 'people'}${shown ? ` (${offset + 1}-${offset + shown})` : ''}`,
        );
        for (const p of list.people) printSummary(p, out);
        return 0;
      }
      case 'show': {
        want(1, 'one KEY');
        const person = await store.getPerson(args[0] as string);
        if (!person) throw notFound(args[0] as string);
        if (json) out.json({ person });
        else printPerson(person, out);
        return 0;
      }
      case 'merge': {
        want(2, 'two KEYs: the two people to join');
        const person = await store.mergePeople(args[0] as string, args[1] as string);
        if (json) out.json({ person });
        else {
          out.line(`merged: ${person.key}`);
          printPerson(person, out);
        }
        return 0;
      }
      case 'split': {
        want(1, 'one IDENTITY (platform:address) to take out of its person');
        const result = await store.splitIdentity(args[0] as string);
        if (json) out.json({ identity: result.identity, rest: result.rest });
        else {
          out.line(`split: ${result.identity.key} stands alone; the rest is ${result.rest.key}`);
          printPerson(result.identity, out);
          printPerson(result.rest, out);
        }
        return 0;
      }
      case 'alias': {
        want(1, 'one IDENTITY (platform:address) and --handle H, --name N or both');
        const handle = typeof values.handle === 'string' ? values.handle : undefined;
        const name = typeof values.name === 'string' ? values.name : undefined;
        if (handle === undefined && name === undefined) {
          throw new InnsynError('usage', 'give --handle H, --name N or both');
        }
        const person = await store.aliasIdentity(args[0] as string, {
          ...(handle === undefined ? {} : { handle }),
          ...(name === undefined ? {} : { name }),
        });
        if (json) out.json({ person });
        else printPerson(person, out);
        return 0;
      }
      case 'export': {
        if (args.length > 1) throw new InnsynError('usage', 'people export takes at most one FILE');
        const { peopleEditsDocument } = await import('../../store/index.js');
        const doc = peopleEditsDocument(await store.exportPeopleEdits());
        const text = JSON.stringify(doc, null, 2);
        // The file is the versioned document itself, with or without --json.
        if (args[0] === undefined || args[0] === '-') {
          out.line(text);
          return 0;
        }
        writeFileSync(args[0], `${text}\n`);
        if (json) out.json({ file: args[0], edits: doc.edits.length });
        else out.line(`${doc.edits.length} edit${doc.edits.length === 1 ? '' : 's'} written to ${args[0]}`);
        return 0;
      }
      case 'import': {
        want(1, 'one FILE (made by innsyn people export)');
        const file = args[0] as string;
        const { parsePeopleEditsDocument } = await import('../../store/index.js');
        const edits = parsePeopleEditsDocument(readEditsFile(file));
        const r = await store.importPeopleEdits(edits);
        if (json) out.json({ file, ...r });
        else {
          out.line(`${r.added} edit${r.added === 1 ? '' : 's'} added, ${r.duplicates} already there`);
          if (r.unknownIdentities > 0) {
            out.line(
              `${r.unknownIdentities} name identities this case does not hold (yet): kept, and applied once they are ingested`,
            );
          }
        }
        return 0;
      }
    }
  },
};

function readEditsFile(file: string): unknown {
  let text: string;
  try {
    if (statSync(file).size > MAX_EDITS_FILE_BYTES) {
      throw new InnsynError(
        'limit-exceeded',
        `${file} is larger than ${MAX_EDITS_FILE_BYTES / 1048576} MB: not a people edits file`,
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
      `${file} is not JSON (${(e as Error).message}): give a file made by innsyn people export`,
      { cause: e },
    );
  }
}

function notFound(key: string): InnsynError {
  return new InnsynError(
    'not-found',
    `no person or identity '${key}' in this case: innsyn people list shows them`,
  );
}

function span(p: { firstDate: string | null; lastDate: string | null }): string {
  if (!p.firstDate || !p.lastDate) return '';
  return `  ${p.firstDate.slice(0, 10)}..${p.lastDate.slice(0, 10)}`;
}

function printSummary(p: PersonSummary, out: Output): void {
  const handles = p.handles.map((h) => `@${h}`).join(' ');
  out.line(`${p.key}  ${p.name ?? '(no name)'}${handles ? `  ${handles}` : ''}`);
  const more =
    p.identityCount > p.identities.length ? ` (+${p.identityCount - p.identities.length} more)` : '';
  out.line(
    `    ${p.sent} sent, ${p.received} received${span(p)}; ` +
      `${p.identityCount === 1 ? 'identity' : 'identities'}: ${p.identities.join(', ')}${more}`,
  );
}

function printPerson(p: Person, out: Output): void {
  out.line(`person ${p.key}: ${p.name ?? '(no name)'}`);
  out.line(`  ${p.items} items: ${p.sent} sent, ${p.received} received${span(p)}`);
  for (const i of p.identities) {
    const handles = i.handles.map((h) => `@${h}`).join(' ');
    out.line(
      `  identity ${i.key}${handles ? `  ${handles}` : ''}  ${i.sent} sent, ${i.received} received${span(i)}`,
    );
    if (i.names.length) {
      const more = i.moreNames > 0 ? ` and ${i.moreNames} more` : '';
      out.line(`    names: ${i.names.map((n) => `${n.name} (${n.count})`).join(', ')}${more}`);
    }
    const aliases = [...i.aliases.handles.map((h) => `@${h}`), ...i.aliases.names];
    if (aliases.length) out.line(`    aliases: ${aliases.join(', ')}`);
  }
  for (const l of p.links) {
    const why = l.rule === 'merge' ? 'merged by hand' : `same ${l.rule} ${l.value ?? ''}`.trimEnd();
    out.line(`  joined: ${l.a} = ${l.b} (${why})`);
  }
  for (const e of p.edits) {
    const what =
      e.op === 'merge'
        ? `merge ${e.identity} ${e.other}`
        : e.op === 'split'
          ? `split ${e.identity}`
          : `alias ${e.identity}${e.handle ? ` --handle ${e.handle}` : ''}${e.name ? ` --name ${JSON.stringify(e.name)}` : ''}`;
    out.line(`  edit ${e.at}: ${what}`);
  }
  for (const n of p.notes) out.line(`  note: ${n}`);
}
