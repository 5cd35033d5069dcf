export { parseEmail } from './parse-email.js';
export { parseDate, type ParsedDate } from './parse-date.js';
export type { EmailLimits } from './email-limits.js';
export type { EmailAddress, ParsedAttachment, ParsedEmail } from './email-types.js';
export { mailboxLabels } from './mailbox-labels.js';
