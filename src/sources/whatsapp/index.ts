/**
 * WhatsApp chat exports (the .txt, or the .zip with the .txt and media files): one
 * ExportRecord per message, UnreadableInputs for lines that belong to no message.
 */
export { isChatFileName, isWhatsAppExport, isWhatsAppText } from './whatsapp-detect.js';
export { readWhatsAppExport } from './whatsapp-reader.js';
export { DEFAULT_WHATSAPP_LIMITS, resolveWhatsAppLimits, type WhatsAppLimits } from './whatsapp-limits.js';
