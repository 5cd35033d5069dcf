/**
 * The Snowball stemmers we use, by ISO 639-1 code. `snowball-stemmers` is a CommonJS UMD
 * bundle without type declarations; we load it with `createRequire` and re-declare the one
 * call we use, so no untyped value leaks out of this file.
 */
import { createRequire } from 'node:module';

interface SnowballStemmer {
  stem(word: string): string;
}
interface SnowballFactory {
  newStemmer(algorithm: string): SnowballStemmer;
}

const snowball = createRequire(import.meta.url)('snowball-stemmers') as SnowballFactory;

/**
 * ISO 639-1 code → Snowball algorithm. 'english' is Porter2. Norwegian bokmål ('nb') and
 * nynorsk ('nn') both use the Norwegian stemmer, which is written for bokmål but strips the
 * shared inflections (-en, -et, -ene, -er, -ane is left alone) well enough for nynorsk.
 * The list matches what `detectLanguage` (src/extract) can return, so every language an item
 * may be tagged with is stemmed and every query word is stemmed under all of them.
 */
const ALGORITHMS: Readonly<Record<string, string>> = {
  en: 'english',
  no: 'norwegian',
  nb: 'norwegian',
  nn: 'norwegian',
  sv: 'swedish',
  da: 'danish',
  de: 'german',
  fr: 'french',
  es: 'spanish',
  nl: 'dutch',
  it: 'italian',
  pt: 'portuguese',
};

/** The canonical language codes with a stemmer (aliases 'nb' and 'nn' fold into 'no'). */
export const STEM_LANGUAGES: readonly string[] = ['en', 'no', 'sv', 'da', 'de', 'fr', 'es', 'nl', 'it', 'pt'];

/** The canonical code for `lang` if it has a stemmer ('nb'/'nn' → 'no', 'EN' → 'en'), else null. */
export function stemLanguage(lang: string | null): string | null {
  if (lang === null) return null;
  const code = lang.trim().toLowerCase();
  if (!(code in ALGORITHMS)) return null;
  return code === 'nb' || code === 'nn' ? 'no' : code;
}

const stemmers = new Map<string, SnowballStemmer>();

/** The stemmer for a canonical code from STEM_LANGUAGES (created once, then reused). */
export function stemmerFor(code: string): SnowballStemmer {
  let s = stemmers.get(code);
  if (s === undefined) {
    const algorithm = ALGORITHMS[code];
    if (algorithm === undefined) throw new RangeError(`no stemmer for language '${code}'`);
    s = snowball.newStemmer(algorithm);
    stemmers.set(code, s);
  }
  return s;
}
