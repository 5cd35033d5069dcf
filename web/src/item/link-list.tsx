import { useI18n } from '../i18n/i18n.js';

/** Links found in the message, listed as text for the record; never fetched, never clickable. */
export function LinkList({ links }: { links: string[] }) {
  const { t } = useI18n();
  if (links.length === 0) return null;
  return (
    <section class="panel" aria-labelledby="links-title" data-testid="links">
      <h2 id="links-title">
        {t.linksTitle} <span class="count">{links.length}</span>
      </h2>
      <p class="note">{t.linksNote}</p>
      <ul class="link-list">
        {links.map((l, i) => (
          <li key={i}>
            <code class="wrap">{l}</code>
          </li>
        ))}
      </ul>
    </section>
  );
}
