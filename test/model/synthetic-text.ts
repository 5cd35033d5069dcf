/**
 * Deterministic synthetic Norwegian-like prose for throughput measurement, where no megabyte
 * of real Norwegian correspondence is at hand: real function words plus a vocabulary of
 * tens of thousands of inflected and compounded words, drawn with Zipf-like frequencies so
 * the stem cache sees a realistic mix of frequent and rare words. Not a language model: only
 * the speed of the analyzer is measured on it.
 */
import { prng } from '../query/query-test-helpers.js';

const FUNCTION_WORDS =
  'og i er det som på en et til å av for med har de ikke den jeg vi men om så var kan seg han hun fra etter når hva skal vil må også ble være noen'.split(
    ' ',
  );
const STEMS = (
  'møt dokument sak departement utvalg regjering lov kontrakt advokat kilde redaksjon journalist artikkel ' +
  'bilde vedlegg e-post melding svar spørsmål avtale valg parti kommune fylke politi domstol dommer vitne ' +
  'rapport notat brev telefon samtale forhandling budsjett skatt avgift penge bank konto overføring betaling ' +
  'styre leder direktør minister statsråd stortings representant komite høring innstilling vedtak forslag ' +
  'lekkasje opplysning innsyn offentlig hemmelig fortrolig klage tilsyn gransk undersøk avslør publiser'
).split(' ');
const SUFFIXES = [
  '',
  'en',
  'et',
  'ene',
  'er',
  'ing',
  'ingen',
  'ingene',
  's',
  'lig',
  'het',
  'e',
  'te',
  'ende',
  'ert',
];

/** About `bytes` characters of synthetic text. */
export function syntheticNorwegian(bytes: number, seed = 1): string {
  const random = prng(seed);
  const vocab: string[] = [];
  for (const a of STEMS) for (const s of SUFFIXES) vocab.push(a + s);
  for (const a of STEMS) for (const b of STEMS) for (const s of SUFFIXES.slice(0, 4)) vocab.push(a + b + s);
  // Zipf-like: index = floor(n^u) for uniform u favours low indexes.
  const pick = (): string => {
    if (random() < 0.45) return FUNCTION_WORDS[Math.floor(random() * FUNCTION_WORDS.length)] as string;
    return vocab[Math.floor(Math.pow(vocab.length, random())) - 1] as string;
  };
  const parts: string[] = [];
  let size = 0;
  while (size < bytes) {
    const n = 5 + Math.floor(random() * 15);
    const words = Array.from({ length: n }, pick);
    const sentence = words.join(' ').replace(/^./, (c) => c.toUpperCase()) + (random() < 0.8 ? '. ' : '? ');
    parts.push(sentence);
    size += sentence.length;
  }
  return parts.join('');
}
