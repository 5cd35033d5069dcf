/**
 * Sender time zones. Norway is CET/CEST, the US east coast EST/EDT; the others stay fixed.
 * DST is approximated by month (April–October), which is close enough for Date headers that
 * only need to be varied and valid; exact transition days do not matter to the benchmark.
 */
export type Zone =
  | 'europe/oslo'
  | 'america/new_york'
  | 'america/los_angeles'
  | 'utc'
  | 'asia/kolkata'
  | 'asia/tokyo'
  | 'australia/sydney';

export const ZONES: readonly Zone[] = [
  'europe/oslo',
  'europe/oslo',
  'europe/oslo',
  'america/new_york',
  'america/los_angeles',
  'utc',
  'asia/kolkata',
  'asia/tokyo',
  'australia/sydney',
];

/** Minutes east of UTC for `zone` at the UTC instant `ms`. */
export function zoneOffset(zone: Zone, ms: number): number {
  const month = new Date(ms).getUTCMonth(); // 0 = January
  const summer = month >= 3 && month <= 9;
  switch (zone) {
    case 'europe/oslo':
      return summer ? 120 : 60;
    case 'america/new_york':
      return summer ? -240 : -300;
    case 'america/los_angeles':
      return summer ? -420 : -480;
    case 'utc':
      return 0;
    case 'asia/kolkata':
      return 330;
    case 'asia/tokyo':
      return 540;
    case 'australia/sydney':
      return summer ? 600 : 660;
  }
}
