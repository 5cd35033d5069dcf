import type { DateOrder, WhatsAppHeader } from './whatsapp-header.js';

export interface DateOrderDecision {
  order: DateOrder;
  /** Flags for every item whose date needed the decision (not year-first dates). */
  flags: string[];
}

/**
 * Day/month order is decided once per file, from the file's own dates: WhatsApp writes the
 * phone's locale format and never says which. A first field above 12 can only be a day
 * (day-first); a second field above 12 can only be a day (month-first). When the file never
 * tells (every date has both fields ≤ 12: a chat held within the first twelve days of months)
 * the reader uses day-first, the order of most locales, and flags every such item
 * 'date-ambiguous' instead of guessing silently. Dotted dates (25.12.20) are treated the same:
 * day-first by convention, but still only decided by evidence. Evidence both ways (a file
 * glued from two phones) takes the majority and flags 'date-order-conflict'; dates that make
 * no sense under it are left without a time.
 */
export class DateOrderEvidence {
  private dayFirst = 0;
  private monthFirst = 0;

  add(h: WhatsAppHeader): void {
    if (h.yearFirst) return;
    if (h.fields[0] > 12) this.dayFirst++;
    if (h.fields[1] > 12) this.monthFirst++;
  }

  decide(): DateOrderDecision {
    if (this.dayFirst > 0 && this.monthFirst === 0) return { order: 'dmy', flags: [] };
    if (this.monthFirst > 0 && this.dayFirst === 0) return { order: 'mdy', flags: [] };
    if (this.dayFirst > 0) {
      return { order: this.dayFirst >= this.monthFirst ? 'dmy' : 'mdy', flags: ['date-order-conflict'] };
    }
    return { order: 'dmy', flags: ['date-ambiguous'] };
  }
}
