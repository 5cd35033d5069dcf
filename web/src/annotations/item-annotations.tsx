import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api/api-client.js';
import { useApi } from '../api/use-api.js';
import { formatDateTime } from '../i18n/format.js';
import { Link } from '../router/link.js';
import { searchHref } from '../search/search-state.js';
import { useAnnotationMessages } from './annotation-messages.js';
import {
  foldTag,
  getItemAnnotations,
  setNote,
  setStar,
  setTag,
  TAG_PATTERN,
  type Annotations,
  type ItemAnnotationsResponse,
} from './annotations-api.js';
import { StarIcon } from './mark-icons.js';

/**
 * The item's annotations as the item answer carries them (GET /api/items/:id has `annotations`
 * and `conversationAnnotations`), or null when it does not (then they are fetched).
 */
function fromItemAnswer(answer: object | null): ItemAnnotationsResponse | null {
  if (answer === null || !('annotations' in answer)) return null;
  const a = answer as { annotations: Annotations; conversationAnnotations?: Annotations | null };
  return { version: 1, annotations: a.annotations, conversation: a.conversationAnnotations ?? null };
}

function hasAny(a: Annotations | null): a is Annotations {
  return a !== null && (a.tags.length > 0 || a.star !== null || a.note !== null);
}

/**
 * The reporter's marks on an item page: a star toggle, tag chips (each a link to everything
 * tagged so, with a remove button), a field to add a tag, and the note with its editor. What
 * the item's conversation carries is shown beside it, read-only: it reaches this item too.
 * Mount with `key={id}` so that moving to another item starts afresh.
 */
export function ItemAnnotations(props: { id: string; answer: object | null }) {
  const { m, locale } = useAnnotationMessages();
  const given = fromItemAnswer(props.answer);
  const res = useApi(given ? null : `annotations:${props.id}`, (signal) =>
    getItemAnnotations(props.id, signal),
  );
  const loaded = given ?? res.data;
  const [own, setOwn] = useState<Annotations | null>(loaded?.annotations ?? null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [tagText, setTagText] = useState('');
  const [editing, setEditing] = useState(false);
  const [noteText, setNoteText] = useState('');
  const tagInput = useRef<HTMLInputElement>(null);
  const noteInput = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    if (own === null && loaded) setOwn(loaded.annotations);
  }, [loaded, own]);
  useEffect(() => {
    if (adding) tagInput.current?.focus();
  }, [adding]);
  useEffect(() => {
    if (editing) noteInput.current?.focus();
  }, [editing]);

  if (!own) return null;
  const conversation = loaded?.conversation ?? null;

  const run = async (write: () => Promise<Annotations>): Promise<boolean> => {
    setBusy(true);
    setError(null);
    try {
      setOwn(await write());
      return true;
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
      return false;
    } finally {
      setBusy(false);
    }
  };

  const tagValid = TAG_PATTERN.test(foldTag(tagText));
  const addTag = async (e: Event) => {
    e.preventDefault();
    const tag = foldTag(tagText);
    if (!TAG_PATTERN.test(tag)) {
      setError(m.tagRule);
      return;
    }
    if (await run(() => setTag('item', props.id, tag, true))) {
      setTagText('');
      setAdding(false);
    }
  };
  const saveNote = async (e: Event) => {
    e.preventDefault();
    if (await run(() => setNote('item', props.id, noteText))) setEditing(false);
  };
  const starred = own.star !== null;

  return (
    <section class="ann" aria-label={m.marksLabel} data-testid="item-annotations" aria-busy={busy}>
      <div class="ann-bar">
        <button
          type="button"
          class={`ann-star${starred ? ' is-on' : ''}`}
          aria-pressed={starred}
          title={starred ? m.starRemove : m.starAdd}
          data-testid="star-toggle"
          disabled={busy}
          onClick={() => void run(() => setStar('item', props.id, !starred))}
        >
          <StarIcon filled={starred} />
          <span>{starred ? m.starred : m.star}</span>
        </button>
        {own.tags.length > 0 ? (
          <ul class="ann-tags" aria-label={m.tagsLabel} data-testid="item-tags">
            {own.tags.map((t) => (
              <li key={t.tag} class="ann-chip">
                <Link
                  href={searchHref({ q: `tag:${t.tag}` })}
                  title={m.tagSearch(t.tag)}
                  data-testid="tag-chip"
                >
                  #{t.tag}
                </Link>
                <button
                  type="button"
                  class="ann-chip-x"
                  aria-label={m.tagRemove(t.tag)}
                  title={m.tagRemove(t.tag)}
                  disabled={busy}
                  onClick={() => void run(() => setTag('item', props.id, t.tag, false))}
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
        ) : null}
        {adding ? (
          <form class="ann-tag-form" onSubmit={(e) => void addTag(e)}>
            <input
              ref={tagInput}
              type="text"
              class="ann-input"
              value={tagText}
              maxLength={64}
              placeholder={m.tagPlaceholder}
              aria-label={m.tagAdd}
              aria-invalid={tagText.trim() !== '' && !tagValid}
              title={m.tagRule}
              data-testid="tag-input"
              autocomplete="off"
              spellcheck={false}
              onInput={(e) => setTagText(e.currentTarget.value)}
              onKeyDown={(e) => {
                if (e.key === 'Escape') setAdding(false);
              }}
            />
            <button type="submit" class="btn btn-small btn-primary" disabled={busy || !tagValid}>
              {m.tagSave}
            </button>
            <button type="button" class="btn btn-small" onClick={() => setAdding(false)}>
              {m.cancel}
            </button>
          </form>
        ) : (
          <button
            type="button"
            class="ann-add"
            title={m.tagAdd}
            data-testid="tag-add"
            onClick={() => {
              setError(null);
              setAdding(true);
            }}
          >
            {m.tagAddShort}
          </button>
        )}
        {own.note === null && !editing ? (
          <button
            type="button"
            class="ann-add"
            data-testid="note-add"
            onClick={() => {
              setNoteText('');
              setEditing(true);
            }}
          >
            ✎ {m.noteAdd}
          </button>
        ) : null}
      </div>
      {editing ? (
        <form class="ann-note-form" onSubmit={(e) => void saveNote(e)}>
          <textarea
            ref={noteInput}
            class="ann-note-input"
            value={noteText}
            rows={4}
            maxLength={20_000}
            placeholder={m.notePlaceholder}
            aria-label={m.note}
            data-testid="note-input"
            onInput={(e) => setNoteText(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') setEditing(false);
            }}
          />
          <div class="ann-note-actions">
            <button type="submit" class="btn btn-small btn-primary" disabled={busy} data-testid="note-save">
              {m.noteSave}
            </button>
            <button type="button" class="btn btn-small" onClick={() => setEditing(false)}>
              {m.cancel}
            </button>
            {own.note ? (
              <button
                type="button"
                class="btn btn-small ann-danger"
                disabled={busy}
                onClick={() =>
                  void run(() => setNote('item', props.id, '')).then((ok) => ok && setEditing(false))
                }
              >
                {m.noteDelete}
              </button>
            ) : null}
          </div>
        </form>
      ) : own.note ? (
        <div class="ann-note" data-testid="item-note">
          <p class="ann-note-head">
            <span class="ann-note-label">{m.note}</span>
            <span class="muted">
              {m.noteBy(formatDateTime(own.note.updatedAt, locale) ?? '', own.note.author)}
            </span>
            <button
              type="button"
              class="link-button"
              data-testid="note-edit"
              onClick={() => {
                setNoteText(own.note?.text ?? '');
                setEditing(true);
              }}
            >
              {m.noteEdit}
            </button>
          </p>
          <p class="ann-note-text">{own.note.text}</p>
        </div>
      ) : null}
      {hasAny(conversation) ? (
        <p class="ann-conv" title={m.conversationHint} data-testid="conversation-marks">
          <span class="muted">{m.fromConversation}:</span>
          {conversation.star ? <StarIcon filled label={m.starred} /> : null}
          {conversation.tags.map((t) => (
            <Link
              key={t.tag}
              class="ann-chip is-plain"
              href={searchHref({ q: `tag:${t.tag}` })}
              title={m.tagSearch(t.tag)}
            >
              #{t.tag}
            </Link>
          ))}
          {conversation.note ? <span class="ann-conv-note">✎ {conversation.note.text}</span> : null}
        </p>
      ) : null}
      {error ? (
        <p class="ann-error" role="alert">
          {m.failed(error)}
        </p>
      ) : null}
    </section>
  );
}
