import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

/** web/ itself, wherever the command is run from (the lead runs `vite build` from the repository root). */
const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The built UI loads nothing but its own files: no fonts, no CDN, no analytics. This policy
 * makes that a rule the browser enforces, whatever a later change to the code does. (Build only:
 * the dev server injects inline styles and an HMR socket.) The message-HTML frame gets its own,
 * stricter policy from the server.
 */
export const UI_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'innsyn-csp',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: UI_CSP },
        injectTo: 'head-prepend',
      },
    ],
  };
}

export default defineConfig({
  root,
  base: '/',
  // Nothing is copied verbatim: every file the UI ships passes through the build (and its checks).
  publicDir: false,
  plugins: [contentSecurityPolicy()],
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    // One small bundle: the polyfill would only add code for browsers innsyn does not target.
    modulePreload: { polyfill: false },
    sourcemap: false,
    // Nothing is inlined as a data: URL; there are no fonts or images to fetch from anywhere.
    assetsInlineLimit: 0,
  },
  server: { host: '127.0.0.1', strictPort: true },
});
