import { showActing } from '../../../src/model/text/acting-characters.js';

/**
 * An attachment's name as the UI shows it: the sender's, with every character that would act
 * instead of showing written as `[U+XXXX]` (a right-to-left override makes
 * `invoice\u202Efdp.html` look like `invoicelmth.pdf`); `fallback` when it has none.
 */
export function attachmentName(name: string | null | undefined, fallback: string): string {
  return name && name.trim() !== '' ? showActing(name) : fallback;
}
