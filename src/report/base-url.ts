import { InnsynError } from '../model/index.js';

/** Longer than any address a newsroom serves innsyn on. */
const MAX_BASE_URL_CHARS = 300;

/**
 * The `--base-url` of permalinks: `http(s)://host[:port][/path]`, without a query, a fragment or
 * credentials, and without the trailing slash (`<base>/item/<id>`). It is only ever printed as
 * text in the report, never made a link. InnsynError('usage') for anything else.
 */
export function checkBaseUrl(value: string): string {
  const v = value.trim();
  let url: URL | null = null;
  try {
    url = v.length <= MAX_BASE_URL_CHARS ? new URL(v) : null;
  } catch {
    url = null;
  }
  if (
    url === null ||
    (url.protocol !== 'http:' && url.protocol !== 'https:') ||
    url.username !== '' ||
    url.password !== '' ||
    url.search !== '' ||
    url.hash !== ''
  ) {
    throw new InnsynError(
      'usage',
      `--base-url takes the address innsyn serve is reached at, such as http://127.0.0.1:7070 (no query, no credentials), not '${v.slice(0, 80)}'`,
    );
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}
