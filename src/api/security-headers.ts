import type { FastifyReply } from 'fastify';

/**
 * The app's Content-Security-Policy: its own scripts, styles and frames only. `img-src data:`
 * for inline icons; `frame-src 'self'` for the sanitised message HTML; nothing may frame the
 * app (clickjacking), post a form, or change the base URL.
 */
export const APP_CSP =
  "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-src 'self'; " +
  "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * For a message's sanitised HTML, shown in the app's sandboxed iframe: no script, no network at
 * all (a tracking pixel must not reveal the reporter), inline images and styles only. `sandbox`
 * gives the document an opaque origin even if it is opened outside the frame; only the app
 * itself may frame it.
 */
export const MESSAGE_HTML_CSP =
  "default-src 'none'; img-src data:; style-src 'unsafe-inline'; sandbox; frame-ancestors 'self'";

/** For raw messages and attachments: nothing in them runs or loads, even if a browser renders them. */
export const INERT_CSP = "default-src 'none'; sandbox";

/** Headers every response carries; routes override the CSP where they serve other content. */
export function setSecurityHeaders(reply: FastifyReply): void {
  reply.header('content-security-policy', APP_CSP);
  reply.header('x-content-type-options', 'nosniff');
  reply.header('referrer-policy', 'no-referrer');
  reply.header('cross-origin-opener-policy', 'same-origin');
  reply.header('cross-origin-resource-policy', 'same-origin');
  reply.header('x-frame-options', 'DENY');
}
