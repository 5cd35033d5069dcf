import type { ItemSummary } from '../api/api-types.js';
import { useAnnotationMessages } from './annotation-messages.js';
import type { Annotations } from './annotations-api.js';
import { hasMarks } from './marks-cache.js';
import { NoteIcon, StarIcon } from './mark-icons.js';

/**
 * A result row's star and note marks, beside its badges. Display only: the row is one link, and
 * a button inside a link is neither valid HTML nor reachable by keyboard apart from it.
 */
export function ResultMarkIcons({ item }: { item: ItemSummary }) {
  const { m } = useAnnotationMessages();
  if (!item.starred && !item.hasNote) return null;
  return (
    <>
      {item.starred ? <StarIcon filled label={m.rowStarred} /> : null}
      {item.hasNote ? <NoteIcon label={m.rowHasNote} /> : null}
    </>
  );
}

/** A result row's tags (its own and its conversation's), on a line of their own under the text. */
export function ResultTags({ item }: { item: ItemSummary }) {
  const { m } = useAnnotationMessages();
  if (!item.tags || item.tags.length === 0) return null;
  return (
    <span class="r-tags" aria-label={m.rowTags} data-testid="result-tags">
      {item.tags.map((t) => (
        <span key={t} class="ann-chip is-small">
          #{t}
        </span>
      ))}
    </span>
  );
}

/**
 * The star, note mark and tags of a row that is not an item (a person in the list of people), from
 * its annotations; nothing when it has none. Display only, like the result rows'.
 */
export function RowMarks({ annotations: a }: { annotations: Annotations | null | undefined }) {
  const { m } = useAnnotationMessages();
  if (!hasMarks(a)) return null;
  return (
    <span class="row-marks" data-testid="row-marks">
      {a.star ? <StarIcon filled label={m.rowStarred} /> : null}
      {a.note ? <NoteIcon label={m.rowHasNote} /> : null}
      {a.tags.length > 0 ? (
        <span class="ann-tags" aria-label={m.rowTags} data-testid="row-tags">
          {a.tags.map((t) => (
            <span key={t.tag} class="ann-chip is-small">
              #{t.tag}
            </span>
          ))}
        </span>
      ) : null}
    </span>
  );
}
