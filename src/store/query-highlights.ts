import { queryStems, tokenize } from '../model/text/analyzer.js';
import type { QueryNode } from '../query/ast.js';

/** What a snippet marks in an item's text: the words the query looks for there. */
export interface Highlights {
  /** Folded words (of terms and phrases). */
  words: Set<string>;
  /** Folded prefixes (of `word*`). */
  prefixes: string[];
  /** Stems of single-word terms, in any language. */
  stems: Set<string>;
  /**
   * Phrases (and terms of several words, `a@b.no`) as their folded words in order: marked only
   * where the words stand in that order, as the index matches them, never one word alone.
   */
  phrases: string[][];
}

/** Whether the query has anything a text could be marked for (a word, prefix, stem or phrase). */
export function hasHighlights(h: Highlights): boolean {
  return h.words.size > 0 || h.prefixes.length > 0 || h.stems.size > 0 || h.phrases.length > 0;
}

/**
 * The words of the text leaves that can match the body (or, with `target` 'attachment', the
 * texts read from attachments): no field or that field, and not under a NOT (an excluded word is
 * absent by definition). Iterative, like every walk over user data.
 */
export function queryHighlights(query: QueryNode | null, target: 'body' | 'attachment' = 'body'): Highlights {
  const h: Highlights = { words: new Set(), prefixes: [], stems: new Set(), phrases: [] };
  if (query === null) return h;
  const stack: Array<{ node: QueryNode; negated: boolean }> = [{ node: query, negated: false }];
  while (stack.length > 0) {
    const { node, negated } = stack.pop() as { node: QueryNode; negated: boolean };
    switch (node.type) {
      case 'and':
      case 'or':
        for (const child of node.children) stack.push({ node: child, negated });
        break;
      case 'not':
        stack.push({ node: node.child, negated: !negated });
        break;
      case 'term':
      case 'phrase': {
        if (negated || (node.field !== null && node.field !== target)) break;
        const words = tokenize(node.value);
        const prefix = node.type === 'term' && node.prefix;
        if (!prefix && words.length > 1) {
          h.phrases.push(words);
          break;
        }
        if (prefix) {
          const last = words.pop();
          if (last !== undefined) h.prefixes.push(last);
        }
        for (const w of words) h.words.add(w);
        if (node.type === 'term' && !node.prefix && words.length === 1) {
          for (const s of queryStems(node.value)) h.stems.add(s);
        }
        break;
      }
      default:
        break;
    }
  }
  return h;
}
