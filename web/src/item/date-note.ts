import type { ApiItem } from '../api/api-types.js';
import type { Messages } from '../i18n/en.js';

/** Flags that say more precisely than `dateSource` where the date came from (email-to-item.ts). */
const SOURCE_FLAGS = ['date-from-resent-date', 'date-from-mbox-postmark', 'date-zone-invalid'] as const;
/** Flags that say the Date header disagrees with the delivery time (email-to-item.ts). */
const WARNING_FLAGS = ['date-after-received', 'date-before-received'] as const;

/**
 * What to say beside the date: where it came from, when not simply from the message or export,
 * and whether it disagrees with the delivery time.
 */
export function dateNote(item: Pick<ApiItem, 'dateSource' | 'flags'>, t: Messages): string | null {
  const notes: string[] = [];
  const source = SOURCE_FLAGS.find((f) => item.flags.includes(f));
  if (source) notes.push(t.dateFlags[source]);
  else if (item.dateSource !== 'header' && item.dateSource !== 'export')
    notes.push(t.dateSources[item.dateSource] ?? item.dateSource);
  for (const w of WARNING_FLAGS) if (item.flags.includes(w)) notes.push(t.dateFlags[w]);
  return notes.length > 0 ? notes.join(' · ') : null;
}
