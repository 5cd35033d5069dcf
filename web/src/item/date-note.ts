import type { ApiItem } from '../api/api-types.js';
import type { Messages } from '../i18n/en.js';

/** Flags that say more precisely than `dateSource` where the date came from (email-to-item.ts). */
const DATE_FLAGS = ['date-from-resent-date', 'date-from-mbox-postmark', 'date-zone-invalid'] as const;

/** What to say beside the date: where it came from, when not simply from the message or export. */
export function dateNote(item: Pick<ApiItem, 'dateSource' | 'flags'>, t: Messages): string | null {
  const flag = DATE_FLAGS.find((f) => item.flags.includes(f));
  if (flag) return t.dateFlags[flag];
  if (item.dateSource === 'header' || item.dateSource === 'export') return null;
  return t.dateSources[item.dateSource] ?? item.dateSource;
}
