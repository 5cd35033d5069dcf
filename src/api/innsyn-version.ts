import { readFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from './package-root.js';

let known: string | null = null;

/**
 * The version in innsyn's package.json, as exports and reports record it ('unknown' when it
 * cannot be read). Read once.
 */
export function innsynVersion(): string {
  if (known !== null) return known;
  try {
    const pkg = JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as {
      version?: unknown;
    };
    known = typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    known = 'unknown';
  }
  return known;
}
