export { parseEmail } from './parse-email.js';
export type { EmailLimits } from './email-limits.js';
export type { EmailAddress, ParsedAttachment, ParsedEmail } from './email-types.js';
