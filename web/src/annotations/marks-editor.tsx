import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api/api-client.js';
import { useApi } from '../api/use-api.js';
import { formatDateTime } from '../i18n/format.js';
import { Link } from '../router/link.js';
import { searchHref } from '../search/search-state.js';
import type { AnnotationMessages } from './annotation-messages.js';
import { useAnnotationMessages } from './annotation-messages.js';
import {
  foldTag,
  getAnnotations,
  setNote,
  setStar,
  setTag,
  TAG_PATTERN,
  type Annotations,
  type TargetKind,
} from './annotations-api.js';
import { hasMarks, rememberedMarks, rememberMarks } from './marks-cache.js';
import { StarIcon } from './mark-icons.js';

/** Marks that reach the target from elsewhere (an item's conversation's), shown read-only beside. */
export interface InheritedMarks {
  annotations: Annotations;
  /** Where they are edited (the conversation's page), or null. */
  href: string | null;
}

/**
 * A tag chip: for an item or a conversation a search for everything tagged so (a conversation's
 * tag reaches its messages); a person's tag marks the person, not their messages, so it is text.
 */
function TagChipText(props: { kind: TargetKind; tag: string; m: AnnotationMessages }) {
  const { kind, tag, m } = props;
  if (kind === 'person')
    return (
      <span title={m.personTagHint} data-testid="tag-chip">
        #{tag}
      </span>
    );
  return (
    <Link href={searchHref({ q: `tag:${tag}` })} title={m.tagSearch(tag)} data-testid="tag-chip">
      #{tag}
    </Link>
  );
}

/**
 * The reporter's marks on one target (an item, a conversation or a person): a star toggle, tag
 * chips with a remove button, a field to add a tag, and the note with its editor; `inherited`
 * marks are shown beside, read-only. `initial`: what is known already (the item answer carries
 * it); without it they are fetched. `hint` says what marks on this kind of target do. Mount with `key={kind + key}` so that moving to another
 * target starts afresh. Test ids: `${kind}-annotations`, `${kind}-tags`, `${kind}-note`.
 */
export function MarksEditor(props: {
  kind: TargetKind;
  targetKey: string;
  initial?: Annotations | null;
  inherited?: InheritedMarks | null;
  /** A line under the controls saying what marks on this kind of target do. */
  hint?: string;
}) {
  const { kind, targetKey } = props;
  const { m, locale } = useAnnotationMessages();
  const given = props.initial ?? null;
  const res = useApi(given ? null : `annotations:${kind}:${targetKey}`, (signal) =>
    getAnnotations(kind, targetKey, signal).then((r) => r.annotations),
  );
  const loaded = given ?? res.data;
  const [own, setOwn] = useState<Annotations | null>(loaded ?? rememberedMarks(kind, targetKey));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [tagText, setTagText] = useState('');
  const [editing, setEditing] = useState(false);
  const [noteText, setNoteText] = useState('');
  const tagInput = useRef<HTMLInputElement>(null);
  const noteInput = useRef<HTMLTextAreaElement>(null);

  // Set by a write: its answer is newer than any load still on its way.
  const wrote = useRef(false);

  useEffect(() => {
    // The server's answer replaces what this tab remembered.
    if (loaded && !wrote.current) {
      setOwn(loaded);
      rememberMarks(kind, targetKey, loaded);
    }
  }, [loaded]);
  useEffect(() => {
    if (adding) tagInput.current?.focus();
  }, [adding]);
  useEffect(() => {
    if (editing) noteInput.current?.focus();
  }, [editing]);

  if (!own) {
    return res.error ? (
      <p class="ann-error" role="alert">
        {m.loadFailed(res.error.message)}
      </p>
    ) : null;
  }
  const inherited = props.inherited ?? null;

  const run = async (write: () => Promise<Annotations>): Promise<boolean> => {
    setBusy(true);
    setError(null);
    try {
      const a = await write();
      wrote.current = true;
      rememberMarks(kind, targetKey, a);
      setOwn(a);
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
    if (await run(() => setTag(kind, targetKey, tag, true))) {
      setTagText('');
      setAdding(false);
    }
  };
  const saveNote = async (e: Event) => {
    e.preventDefault();
    if (await run(() => setNote(kind, targetKey, noteText))) setEditing(false);
  };
  const starred = own.star !== null;

  return (
    <section
      class={`ann is-${kind}`}
      aria-label={m.marksLabel}
      data-testid={`${kind}-annotations`}
      aria-busy={busy}
    >
      <div class="ann-bar">
        <button
          type="button"
          class={`ann-star${starred ? ' is-on' : ''}`}
          aria-pressed={starred}
          title={starred ? m.starRemove : m.starAdd(kind)}
          data-testid="star-toggle"
          disabled={busy}
          onClick={() => void run(() => setStar(kind, targetKey, !starred))}
        >
          <StarIcon filled={starred} />
          <span>{starred ? m.starred : m.star}</span>
        </button>
        {own.tags.length > 0 ? (
          <ul class="ann-tags" aria-label={m.tagsLabel} data-testid={`${kind}-tags`}>
            {own.tags.map((t) => (
              <li key={t.tag} class="ann-chip">
                <TagChipText kind={kind} tag={t.tag} m={m} />
                <button
                  type="button"
                  class="ann-chip-x"
                  aria-label={m.tagRemove(t.tag)}
                  title={m.tagRemove(t.tag)}
                  disabled={busy}
                  onClick={() => void run(() => setTag(kind, targetKey, t.tag, false))}
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
                data-testid="note-delete"
                onClick={() =>
                  void run(() => setNote(kind, targetKey, '')).then((ok) => ok && setEditing(false))
                }
              >
                {m.noteDelete}
              </button>
            ) : null}
          </div>
        </form>
      ) : own.note ? (
        <div class="ann-note" data-testid={`${kind}-note`}>
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
      {props.hint ? <p class="ann-hint">{props.hint}</p> : null}
      {inherited && hasMarks(inherited.annotations) ? <InheritedLine inherited={inherited} m={m} /> : null}
      {error ? (
        <p class="ann-error" role="alert">
          {m.failed(error)}
        </p>
      ) : null}
    </section>
  );
}

/** "From the conversation: ★ #tag ✎ note", the label a link to where they are edited. */
function InheritedLine(props: { inherited: InheritedMarks; m: AnnotationMessages }) {
  const { m } = props;
  const { annotations: a, href } = props.inherited;
  return (
    <p class="ann-conv" title={m.conversationHint} data-testid="conversation-marks">
      {href ? (
        <Link href={href} class="muted" title={m.conversationEdit} data-testid="conversation-marks-link">
          {m.fromConversation}:
        </Link>
      ) : (
        <span class="muted">{m.fromConversation}:</span>
      )}
      {a.star ? <StarIcon filled label={m.starred} /> : null}
      {a.tags.map((t) => (
        <Link
          key={t.tag}
          class="ann-chip is-plain"
          href={searchHref({ q: `tag:${t.tag}` })}
          title={m.tagSearch(t.tag)}
        >
          #{t.tag}
        </Link>
      ))}
      {a.note ? <span class="ann-conv-note">✎ {a.note.text}</span> : null}
    </p>
  );
}
