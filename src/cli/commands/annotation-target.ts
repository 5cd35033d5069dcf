import { InnsynError } from '../../model/index.js';
import type { AnnotationTarget, Annotations, Store } from '../../store/index.js';
import type { Output } from '../command.js';
import { resolveItemId } from './resolve-id.js';

/** The options that name one target of an annotation, shared by tag, star, unstar, note and tags show. */
export const TARGET_OPTIONS = {
  conversation: { type: 'string' },
  person: { type: 'string' },
} as const;

export const TARGET_USAGE = 'ID | --conversation ID | --person KEY';

/**
 * The target the command line names: an item id (or a unique prefix of 6+) as `given`, or
 * `--conversation ID`, or `--person KEY` (a person or identity key, a handle, an address or a name).
 */
export async function targetOf(
  store: Store,
  values: Record<string, unknown>,
  given: string | undefined,
): Promise<AnnotationTarget> {
  const conversation = typeof values.conversation === 'string' ? values.conversation : undefined;
  const person = typeof values.person === 'string' ? values.person : undefined;
  const named = [given, conversation, person].filter((v) => v !== undefined).length;
  if (named !== 1) {
    throw new InnsynError(
      'usage',
      named === 0
        ? 'name what to annotate: an item ID, --conversation ID or --person KEY'
        : 'name one thing to annotate: an item ID, --conversation ID or --person KEY, not several',
    );
  }
  if (conversation !== undefined) return { kind: 'conversation', key: conversation };
  if (person !== undefined) return { kind: 'person', key: person };
  return { kind: 'item', key: await resolveItemId(store, given) };
}

/** The annotations of one target, as text. */
export function printAnnotations(a: Annotations, out: Output): void {
  out.line(`${a.target.kind} ${a.target.key}`);
  const by = (author: string | null): string => (author === null ? '' : ` by ${author}`);
  out.line(`  tags:    ${a.tags.length ? a.tags.map((t) => t.tag).join(' ') : '(none)'}`);
  out.line(`  starred: ${a.star ? `yes (${a.star.createdAt}${by(a.star.author)})` : 'no'}`);
  if (a.note) {
    out.line(`  note:    (${a.note.updatedAt}${by(a.note.author)})`);
    for (const l of a.note.text.split('\n')) out.line(`    ${l}`);
  } else {
    out.line('  note:    (none)');
  }
}

/** Values of a string option that may be given several times (`--add a --add b`), split at commas too. */
export function listOption(v: unknown): string[] {
  const all = Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
  return all.flatMap((s) => String(s).split(',')).filter((s) => s.trim() !== '');
}
