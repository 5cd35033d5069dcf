/** Builds the UI (web/vite.config.ts) into `outDir`, quietly, for tests and the fixture server. */
import path from 'node:path';
import { build } from 'vite';
import { repoRoot } from '../helpers/shared.js';

export const WEB_CONFIG = path.join(repoRoot, 'web', 'vite.config.ts');

export async function buildUi(outDir: string): Promise<void> {
  await build({
    configFile: WEB_CONFIG,
    logLevel: 'silent',
    build: { outDir, emptyOutDir: true },
  });
}
