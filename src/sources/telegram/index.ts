/**
 * Telegram Desktop JSON exports (result.json of one chat or of a whole account, with the media
 * files beside it): one ExportRecord per message, UnreadableInputs for what cannot be read.
 */
export { isTelegramExport, isTelegramJson } from './telegram-detect.js';
export { readTelegramExport } from './telegram-reader.js';
export { DEFAULT_TELEGRAM_LIMITS, resolveTelegramLimits, type TelegramLimits } from './telegram-limits.js';
