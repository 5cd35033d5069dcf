import { memo } from 'preact/compat';
import { splitSnippet } from './split-snippet.js';

/** Snippet text with its matches in <mark>; every run is a text node, never markup. */
export const Snippet = memo(function Snippet({ text }: { text: string }) {
  const runs = splitSnippet(text);
  return <>{runs.map((r, i) => (r.match ? <mark key={i}>{r.text}</mark> : r.text))}</>;
});
