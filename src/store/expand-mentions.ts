import type { QueryNode, TermNode } from '../query/ast.js';

/** A person's handles (lower-case, without '@') for a mention value, or null when it names no one person. */
export type HandlesOf = (value: string) => string[] | null;

/** A person with more handles than this is not expanded beyond them: the query stays small. */
const MAX_HANDLES = 50;

/**
 * `mention:X` matches a mention of any handle of the person X names (DESIGN.md: the query
 * language's identity fields work on any of a person's identities): each such term becomes an OR
 * of the person's handles. The tree is copied only where it changes; walked with an explicit
 * stack, as every walk over user data.
 */
export function expandMentions(query: QueryNode | null, handlesOf: HandlesOf): QueryNode | null {
  if (query === null) return null;
  const replaced = new Map<QueryNode, QueryNode>();
  const stack: Array<{ node: QueryNode; done: boolean }> = [{ node: query, done: false }];
  while (stack.length > 0) {
    const top = stack.pop() as { node: QueryNode; done: boolean };
    const n = top.node;
    if (n.type === 'term') {
      if (n.field === 'mention' && !n.prefix) {
        const expanded = expandTerm(n, handlesOf);
        if (expanded !== n) replaced.set(n, expanded);
      }
      continue;
    }
    if (n.type !== 'and' && n.type !== 'or' && n.type !== 'not') continue;
    const kids = n.type === 'not' ? [n.child] : n.children;
    if (!top.done) {
      stack.push({ node: n, done: true });
      for (const k of kids) stack.push({ node: k, done: false });
      continue;
    }
    if (!kids.some((k) => replaced.has(k))) continue;
    const swap = (k: QueryNode) => replaced.get(k) ?? k;
    replaced.set(
      n,
      n.type === 'not' ? { ...n, child: swap(n.child) } : { ...n, children: n.children.map(swap) },
    );
  }
  return replaced.get(query) ?? query;
}

function expandTerm(n: TermNode, handlesOf: HandlesOf): QueryNode {
  const value = n.value.trim().replace(/^@/, '');
  const handles = handlesOf(value);
  if (handles === null) return n;
  const all = new Set([value.toLowerCase(), ...handles.slice(0, MAX_HANDLES)]);
  if (all.size === 1) return n;
  return { type: 'or', pos: n.pos, children: [...all].map((h) => ({ ...n, value: h })) };
}
