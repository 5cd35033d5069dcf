import { useI18n } from '../i18n/i18n.js';

/** Placeholder until the page is built; its state lives in the URL's query string. */
export function EchoesPage(props: { params: URLSearchParams }) {
  const { t } = useI18n();
  return (
    <div class="page-pad" data-testid="echoes-page">
      <h1>{t.navEchoes}</h1>
      <p class="muted">{props.params.toString()}</p>
    </div>
  );
}
