import type { Identity, Item } from '../model/index.js';
import type { TextField } from '../query/ast.js';
import { analyzeText, tokenize } from '../model/text/analyzer.js';
import { withoutPgpArmor } from '../model/text/pgp-armor.js';
import type { AttachmentTextSource } from './attachment-texts.js';

/**
 * The columns of an item's full-text document, in order: what every dialect indexes (SQLite:
 * the FTS5 table `fts` has exactly these columns, migration 0001, a test checks the two agree;
 * PostgreSQL: one tsvector, pg-fts-document.ts). `*_stems` hold only the stems that differ from
 * every word of the item (see `ftsDocument`); every other column holds folded, unstemmed words,
 * so phrases and prefixes are exact.
 */
export const FTS_COLUMNS = [
  'subject',
  'subject_stems',
  'body',
  'body_stems',
  'from_',
  'to_',
  'cc_',
  'bcc_',
  'filename',
  'link',
  'mention',
  'attachment',
  'attachment_stems',
] as const;

export type FtsColumn = (typeof FTS_COLUMNS)[number];

/** Where a text leaf of the query looks, per field (`any` = no field given). */
export interface FieldColumns {
  /** Columns of folded, unstemmed words: terms, phrases and prefixes. */
  words: FtsColumn[];
  /** Word columns whose text also has a stems column (a query stem may appear there literally). */
  stemmedWords: FtsColumn[];
  /** The matching stems columns. */
  stems: FtsColumn[];
}

export const FIELD_COLUMNS: Record<TextField | 'any', FieldColumns> = {
  any: {
    words: ['subject', 'body', 'from_', 'to_', 'cc_', 'bcc_', 'filename', 'link', 'mention', 'attachment'],
    stemmedWords: ['subject', 'body', 'attachment'],
    stems: ['subject_stems', 'body_stems', 'attachment_stems'],
  },
  subject: { words: ['subject'], stemmedWords: ['subject'], stems: ['subject_stems'] },
  body: { words: ['body'], stemmedWords: ['body'], stems: ['body_stems'] },
  from: { words: ['from_'], stemmedWords: [], stems: [] },
  to: { words: ['to_'], stemmedWords: [], stems: [] },
  cc: { words: ['cc_'], stemmedWords: [], stems: [] },
  bcc: { words: ['bcc_'], stemmedWords: [], stems: [] },
  participant: { words: ['from_', 'to_', 'cc_', 'bcc_'], stemmedWords: [], stems: [] },
  filename: { words: ['filename'], stemmedWords: [], stems: [] },
  link: { words: ['link'], stemmedWords: [], stems: [] },
  mention: { words: ['mention'], stemmedWords: [], stems: [] },
  attachment: { words: ['attachment'], stemmedWords: ['attachment'], stems: ['attachment_stems'] },
};

/**
 * Bounds the text indexed per item, for the body and for the attachment texts each. A single 1 GB "message" would
 * hold the writer for minutes and its token list would not fit in memory. The item itself is
 * stored whole; only words past this point are not searchable (README, "Limits").
 */
export const MAX_INDEXED_CHARS = 4_000_000;

/**
 * The values of one item's full-text document, in FTS_COLUMNS order. Every column holds the
 * analyzer's folded words joined by spaces, so the index only has to split on those spaces (FTS5's
 * 'ascii' tokenizer; PostgreSQL's tsvector is built from them directly), and the index and the
 * query (whose words come from the same analyzer) agree exactly.
 *
 * `*_stems` hold each distinct stem once, and only stems that are not also a word of the same
 * text: a query word is looked up by its stems in both the stems column and the words column,
 * so stems that equal a word need not be stored twice (most short English and Norwegian
 * words). Stems come from `analyzeText`, which stems the unfolded word (the Norwegian stemmer
 * needs æ, ø, å) and folds after.
 */
export function ftsDocument(item: Item, people?: PersonValues, texts?: AttachmentTextSource): string[] {
  const subject = analyzeText(item.subject ?? '', item.lang);
  // Armor of inline OpenPGP (signatures, keys) is shown, not searched (pgp-armor.ts).
  const text = withoutPgpArmor(item.text);
  const bodyText = text.length > MAX_INDEXED_CHARS ? text.slice(0, MAX_INDEXED_CHARS) : text;
  const body = analyzeText(bodyText, item.lang);
  const attachments = attachmentWords(item, texts);
  const values: Record<FtsColumn, string> = {
    subject: subject.words.join(' '),
    subject_stems: extraStems(subject),
    body: body.words.join(' '),
    body_stems: extraStems(body),
    ...identityColumns(item, people),
    filename: words(item.attachments.map((a) => a.name ?? '')),
    link: words(item.links),
    mention: words(item.mentions),
    attachment: attachments.words.join(' '),
    attachment_stems: extraStems(attachments),
  };
  return FTS_COLUMNS.map((c) => values[c]);
}

/**
 * The words and stems of an item's attachment texts: each distinct file once, in the item's
 * order, its text from the record when the source gave one (`Attachment.text`), else the text
 * extracted from its bytes (`texts`, by sha256), stemmed in the text's own language (a
 * Norwegian PDF sent with an English mail) or, when that is unknown, the item's. At most
 * MAX_INDEXED_CHARS characters in all.
 */
export function attachmentWords(
  item: Pick<Item, 'attachments' | 'lang'>,
  texts?: AttachmentTextSource,
): { words: string[]; stems: string[] } {
  const out: { words: string[]; stems: string[] } = { words: [], stems: [] };
  let budget = MAX_INDEXED_CHARS;
  const seen = new Set<string>();
  for (const a of item.attachments) {
    if (budget <= 0) break;
    if (seen.has(a.sha256)) continue;
    seen.add(a.sha256);
    const found = a.text !== null ? { text: a.text, lang: item.lang } : texts?.(a.sha256);
    if (!found || found.text === '') continue;
    const text = found.text.length > budget ? found.text.slice(0, budget) : found.text;
    budget -= text.length;
    const analyzed = analyzeText(text, found.lang ?? item.lang);
    for (const w of analyzed.words) out.words.push(w);
    for (const s of analyzed.stems) out.stems.push(s);
  }
  return out;
}

function extraStems(analyzed: { words: string[]; stems: string[] }): string {
  const words = new Set(analyzed.words);
  const extra = new Set<string>();
  for (const s of analyzed.stems) if (!words.has(s)) extra.add(s);
  return [...extra].join(' ');
}

/**
 * What else to index for an identity besides its own name, handle and address on the item: the
 * names, handles and addresses of every identity of its person (people-state.ts), so that
 * `from:wikileaks` finds the messages of every identity joined with @wikileaks. Undefined for an
 * identity of no known person.
 */
export type PersonValues = (who: Identity) => readonly PersonValue[] | undefined;

/** A name, handle or address of a person, with its folded words (`tokenize(text).join(' ')`), made once. */
export interface PersonValue {
  text: string;
  words: string;
}

/** The from_, to_, cc_ and bcc_ columns of an item's FTS row. */
export function identityColumns(
  item: Pick<Item, 'from' | 'to' | 'cc' | 'bcc'>,
  people?: PersonValues,
): Record<'from_' | 'to_' | 'cc_' | 'bcc_', string> {
  return {
    from_: item.from ? identityWords([item.from], people) : '',
    to_: identityWords(item.to, people),
    cc_: identityWords(item.cc, people),
    bcc_: identityWords(item.bcc, people),
  };
}

/**
 * The identity's own name, handle and address as on the item, then its person's other values.
 * Without person values (or when they add nothing) this is exactly what an item was indexed
 * with before people existed, so that most items never need re-indexing.
 */
function identityWords(ids: Identity[], people?: PersonValues): string {
  return words(
    ids.map((id) => {
      const own = [id.name, id.handle, id.address].filter((v): v is string => !!v);
      const more = people?.(id);
      if (!more || more.length === 0) return own.join(' ');
      // Whole values, so that a phrase of a name still matches; one equal in words to a value
      // already there (the same name, the handle as the address) is left out.
      const seen = new Set(own.map((v) => tokenize(v).join(' ')));
      for (const v of more) {
        if (v.words === '' || seen.has(v.words)) continue;
        seen.add(v.words);
        own.push(v.text);
      }
      return own.join(' ');
    }),
  );
}

/** Values are joined with a newline; tokenize splits on it like on any other non-letter. */
function words(values: string[]): string {
  return values.length === 0 ? '' : tokenize(values.join('\n')).join(' ');
}
