import type { ApiError } from '../api/api-client.js';
import { useI18n } from '../i18n/i18n.js';
import { Link } from '../router/link.js';
import { queryErrorMessage } from '../i18n/query-reasons-nb.js';

/** An API failure in words a reporter can act on; server messages only where they help (4xx). */
export function ErrorNotice({ error }: { error: ApiError }) {
  const { t, lang } = useI18n();
  let text: string;
  switch (error.code) {
    case 'unauthorized':
      text = t.errUnauthorized;
      break;
    case 'not-found':
      text = t.errNotFound;
      break;
    case 'network':
      text = t.errNetwork;
      break;
    case 'bad-request':
      text = `${t.errBadRequest} ${error.message}`;
      break;
    case 'bad-query':
      // The query's error in the reader's language where the server sent its reason.
      text = `${t.errBadRequest} ${queryErrorMessage(error.message, error.reason, lang)}`;
      break;
    default:
      text = t.errInternal;
  }
  return (
    <div class="notice notice-error" role="alert" data-testid="error-notice">
      {text}
      {error.code === 'not-found' ? (
        <>
          {' '}
          <Link href="/" data-testid="back-to-search">
            {t.backToSearch}
          </Link>
        </>
      ) : null}
    </div>
  );
}
