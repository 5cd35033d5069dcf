import { InnsynError } from '../../model/index.js';

/** A whole-number option within [min, max], or a usage error naming the flag. */
export function parseCount(v: unknown, flag: string, min: number, max: number): number {
  const n = Number(v);
  if (typeof v !== 'string' || !/^\d+$/.test(v) || n < min || n > max) {
    throw new InnsynError('usage', `${flag} takes a whole number from ${min} to ${max}`);
  }
  return n;
}
