import { useApi } from '../api/use-api.js';
import { getItemAnnotations, type Annotations, type ItemAnnotationsResponse } from './annotations-api.js';
import { MarksEditor } from './marks-editor.js';

/**
 * The item's annotations as the item answer carries them (GET /api/items/:id has `annotations`
 * and `conversationAnnotations`), or null when it does not (then they are fetched).
 */
function fromItemAnswer(answer: object | null): ItemAnnotationsResponse | null {
  if (answer === null || !('annotations' in answer)) return null;
  const a = answer as { annotations: Annotations; conversationAnnotations?: Annotations | null };
  return { version: 1, annotations: a.annotations, conversation: a.conversationAnnotations ?? null };
}

/** The item's conversation id, when the answer names one. */
function conversationOf(answer: object | null): string | null {
  if (answer === null || !('item' in answer)) return null;
  const item = (answer as { item: { conversationId?: string | null } }).item;
  return item.conversationId ?? null;
}

/**
 * The reporter's marks on an item page (MarksEditor for the item). What the item's conversation
 * carries is shown beside it, read-only, with a link to the conversation's page where it is
 * edited: it reaches this item too. Mount with `key={id}` so that moving to another item starts
 * afresh.
 */
export function ItemAnnotations(props: { id: string; answer: object | null }) {
  const given = fromItemAnswer(props.answer);
  const res = useApi(given ? null : `annotations:${props.id}`, (signal) =>
    getItemAnnotations(props.id, signal),
  );
  const loaded = given ?? res.data;
  if (!loaded) return null;
  const conversationId = conversationOf(props.answer);
  return (
    <MarksEditor
      kind="item"
      targetKey={props.id}
      initial={loaded.annotations}
      inherited={
        loaded.conversation
          ? {
              annotations: loaded.conversation,
              href: conversationId ? `/thread/${encodeURIComponent(conversationId)}` : null,
            }
          : null
      }
    />
  );
}
