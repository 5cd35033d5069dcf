import { useEffect, useState } from 'preact/hooks';
import { useI18n } from '../i18n/i18n.js';
import type { Me } from '../login/team-api.js';
import { navigate } from '../router/router.js';
import { currentCollection, onCollectionChange, setCollection } from './collection-state.js';
import { teamMessages } from './team-messages.js';
import './team.css';

/** The tab's collection, re-rendering when it changes (collection-state.ts). */
export function useCollection(): string | null {
  const [name, setName] = useState(currentCollection);
  useEffect(() => onCollectionChange(setName), []);
  return name;
}

/** Works in `name` from now on, on the search page (an item of one collection is not in another). */
export function switchCollection(name: string): void {
  setCollection(name);
  navigate('/');
}

/** The header's picker: the collections the user may open (from /api/me), with the role in each. */
export function CollectionPicker({ me, current }: { me: Me; current: string | null }) {
  const { lang } = useI18n();
  const t = teamMessages(lang);
  if (me.collections.length === 0) return null;
  return (
    <label class="collection-picker">
      <span class="visually-hidden">{t.collection}</span>
      <select
        value={current ?? ''}
        aria-label={t.collection}
        data-testid="collection-select"
        onChange={(e) => switchCollection(e.currentTarget.value)}
      >
        {current === null && <option value="">{t.pick}</option>}
        {me.collections.map((c) => (
          <option key={c.name} value={c.name}>
            {c.name}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The page shown until the tab works in a collection: the ones the user may open, as links. */
export function CollectionChooser({ me }: { me: Me }) {
  const { lang } = useI18n();
  const t = teamMessages(lang);
  useEffect(() => {
    document.title = `${t.chooseTitle} – innsyn`;
  }, [t]);
  return (
    <div class="collection-chooser page-pad" data-testid="collection-chooser">
      <h1>{t.chooseTitle}</h1>
      {me.collections.length === 0 ? (
        <p class="notice">{t.noneYet}</p>
      ) : (
        <>
          <p class="note">{t.chooseIntro}</p>
          <ul class="collection-list">
            {me.collections.map((c) => (
              <li key={c.name}>
                <button
                  type="button"
                  class="btn"
                  data-testid={`collection-${c.name}`}
                  onClick={() => switchCollection(c.name)}
                >
                  {c.name}
                </button>
                <span class="muted">{t.role(c.role)}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
