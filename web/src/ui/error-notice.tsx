import type { ApiError } from '../api/api-client.js';
import { useI18n } from '../i18n/i18n.js';

/** An API failure in words a reporter can act on; server messages only where they help (4xx). */
export function ErrorNotice({ error }: { error: ApiError }) {
  const { t } = useI18n();
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
    case 'bad-query':
      text = `${t.errBadRequest} ${error.message}`;
      break;
    default:
      text = t.errInternal;
  }
  return (
    <div class="notice notice-error" role="alert" data-testid="error-notice">
      {text}
    </div>
  );
}
