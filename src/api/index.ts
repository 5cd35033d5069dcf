export { buildApp, type AppOptions, type InnsynApp } from './build-app.js';
export { startServer, isLoopback, type RunningServer, type ServeOptions } from './start-server.js';
export { newAccessToken } from './access-token.js';
export { sanitizeHtml, type SanitizeResult } from './html/sanitize-html.js';
