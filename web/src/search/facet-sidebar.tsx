import { memo } from 'preact/compat';
import { useState } from 'preact/hooks';
import type { FacetBucket, FacetName, Facets } from '../api/api-types.js';
import { useI18n } from '../i18n/i18n.js';
import { capitalise, formatNumber, languageName } from '../i18n/format.js';
import type { Messages } from '../i18n/en.js';
import { platformName } from '../ui/kind-label.js';
import { hasTerm } from './query-edit.js';
import { ATTACHMENT_MESSAGES, typeName } from '../attachments/attachment-messages.js';
import type { Lang } from '../i18n/lang-from-navigator.js';

/**
 * The bucket's label in the reader's language where the value is one of ours (kind, platform,
 * attachments); the server's label (a name from the material) otherwise.
 */
function bucketLabel(name: FacetName, b: FacetBucket, t: Messages, lang: Lang): string {
  if (name === 'type') return typeName(ATTACHMENT_MESSAGES[lang], b.value.replace(/^type:/, ''));
  if (name === 'kind') return capitalise(t.kinds[b.value.replace(/^kind:/, '')] ?? b.label, lang);
  if (name === 'platform') {
    const platform = b.value.replace(/^platform:/, '');
    return platform === 'email' ? (t.kinds.email ?? platform) : platformName(platform);
  }
  if (name === 'lang') return languageName(b.value.replace(/^lang:/, ''), lang) ?? b.label;
  if (name === 'hasAttachment') {
    if (b.value === 'has:attachment') return t.withAttachments;
    if (b.value === '-has:attachment') return t.withoutAttachments;
  }
  return b.label;
}

/**
 * Buckets the server sends per facet at most (src/api/routes/search-route.ts FACET_BUCKETS): a
 * facet that has as many may have more, so its button does not say "all".
 */
const SERVER_BUCKETS = 100;

/** Buckets shown per facet before "Show all". */
const FOLDED_BUCKETS = 6;
/**
 * Buckets rendered at most per facet even when unfolded: a server answering with every sender
 * of a 100 000-message case would otherwise make the sidebar thousands of buttons long.
 */
export const MAX_BUCKETS_SHOWN = 200;

/** The order of the sidebar: people first, then time, then where and what the material is. */
const ORDER: readonly FacetName[] = [
  'from',
  'to',
  'year',
  'month',
  'folder',
  'kind',
  'platform',
  'lang',
  'hasAttachment',
  'type',
];

/**
 * Counts per value of the current results. Clicking a bucket adds its query term (AND); clicking
 * an active one (its term is already in the query) takes the term out again.
 */
export const FacetSidebar = memo(function FacetSidebar(props: {
  facets: Facets;
  q: string;
  onToggle: (bucket: FacetBucket, active: boolean) => void;
}) {
  const { t } = useI18n();
  return (
    <aside class="facets" aria-label={t.facetsLabel} data-testid="facets">
      <h2 class="facets-title">{t.facetsTitle}</h2>
      {ORDER.map((name) => {
        const buckets = props.facets[name];
        if (!buckets || buckets.length === 0) return null;
        return <FacetGroup key={name} name={name} buckets={buckets} q={props.q} onToggle={props.onToggle} />;
      })}
    </aside>
  );
});

function FacetGroup(props: {
  name: FacetName;
  buckets: FacetBucket[];
  q: string;
  onToggle: (bucket: FacetBucket, active: boolean) => void;
}) {
  const { t, locale, lang } = useI18n();
  const [open, setOpen] = useState(false);
  const shown = props.buckets.slice(0, open ? MAX_BUCKETS_SHOWN : FOLDED_BUCKETS);
  const max = props.buckets.reduce((m, b) => Math.max(m, b.count), 1);
  const headId = `facet-${props.name}`;
  return (
    <section class="facet" data-testid={`facet-${props.name}`} aria-labelledby={headId}>
      <h3 id={headId}>{t.facetNames[props.name]}</h3>
      <ul>
        {shown.map((b) => {
          const active = hasTerm(props.q, b.value);
          const count = formatNumber(b.count, locale);
          const label = bucketLabel(props.name, b, t, lang);
          return (
            <li key={b.value}>
              <button
                type="button"
                class={`bucket${active ? ' is-active' : ''}`}
                aria-pressed={active}
                aria-label={active ? t.facetRemove(label) : t.facetAdd(label, count)}
                title={b.value}
                data-testid="facet-bucket"
                data-value={b.value}
                onClick={() => props.onToggle(b, active)}
              >
                <span class="bucket-bar" style={{ width: `${Math.round((b.count / max) * 100)}%` }} />
                <span class="bucket-label">{label}</span>
                <span class="bucket-count">{count}</span>
              </button>
            </li>
          );
        })}
      </ul>
      {props.buckets.length > FOLDED_BUCKETS ? (
        <button
          type="button"
          class="link-button facet-more"
          onClick={() => setOpen((o) => !o)}
          aria-expanded={open}
        >
          {open
            ? t.showLess
            : props.buckets.length >= SERVER_BUCKETS
              ? t.showTop(Math.min(props.buckets.length, MAX_BUCKETS_SHOWN))
              : t.showMore(Math.min(props.buckets.length, MAX_BUCKETS_SHOWN))}
        </button>
      ) : null}
    </section>
  );
}
