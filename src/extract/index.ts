export { detectLanguage, MAX_DETECT_CHARS } from './lang-detect.js';
export { extractLinks, normalizeUrl, trimUrlEnd } from './links.js';
export { extractMentions } from './mentions.js';
export { MAX_LINKS, MAX_MENTIONS, MAX_URL_LENGTH } from './url-limits.js';
