/**
 * The Slack export reader: a standard export (folder or zip, see ../export/zip-tree.ts) turned
 * into ExportRecords, one per message of each daily file, and UnreadableInputs for what cannot
 * be read. See slack-reader.ts for the choices made where the format leaves room.
 */
export { isSlackExport, readSlackUsers, slackRoot, type SlackUser } from './slack-directory.js';
export { readSlackExport } from './slack-reader.js';
