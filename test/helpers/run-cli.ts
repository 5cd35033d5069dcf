import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from './shared.js';

/**
 * Tests run the built CLI, the artifact users get (`npm test` builds first). Set
 * INNSYN_TEST_FROM_SOURCE=1 to run from the TypeScript sources instead (slower start).
 */
const fromSource = process.env.INNSYN_TEST_FROM_SOURCE === '1';
const argsFor = (args: string[]) =>
  fromSource
    ? ['--import', 'tsx', path.join(repoRoot, 'test', 'helpers', 'cli-entry.ts'), ...args]
    : [path.join(repoRoot, 'bin', 'innsyn.js'), ...args];

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  stdoutBytes: Buffer;
}

/** Runs `innsyn ARGS` from the sources, as a user would, and captures everything. */
export function runCli(args: string[], env: Record<string, string> = {}): CliResult {
  const r = spawnSync(process.execPath, argsFor(args), {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    maxBuffer: 256 * 1024 * 1024,
  });
  return {
    code: r.status ?? -1,
    stdout: r.stdout.toString('utf8'),
    stderr: r.stderr.toString('utf8'),
    stdoutBytes: r.stdout,
  };
}

/** Starts `innsyn ARGS` without waiting (for kill tests). */
export function startCli(args: string[]) {
  return spawn(process.execPath, argsFor(args), { cwd: repoRoot, stdio: 'ignore' });
}
