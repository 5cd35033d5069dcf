import { PLACEHOLDER_CLASS } from './sanitize-html.js';

/**
 * The whole document the sandboxed frame shows: our own head (charset, a neutral base style
 * and the placeholder style) around the sanitised body. Nothing of the message's own head
 * (title, meta, link, style, base) is ever in it.
 */
export function messageDocument(sanitisedBody: string): string {
  return (
    '<!DOCTYPE html><html><head><meta charset="utf-8">' +
    '<style>' +
    'body{margin:8px;font:14px/1.45 system-ui,sans-serif;color:#111;background:#fff;overflow-wrap:anywhere}' +
    'img{max-width:100%;height:auto}' +
    `.${PLACEHOLDER_CLASS}{display:inline-block;padding:1px 4px;border:1px dashed #b45309;color:#92400e;` +
    'background:#fffbeb;font:12px system-ui,sans-serif}' +
    '</style></head><body>' +
    sanitisedBody +
    '</body></html>'
  );
}
