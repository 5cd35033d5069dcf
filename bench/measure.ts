/**
 * Timing, memory and disk measurements of child processes, shared by the peer runners and the
 * innsyn runner so every engine is measured the same way.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface ChildRun {
  code: number | null;
  stdout: string;
  stderr: string;
  seconds: number;
  /** Peak resident set in KiB, or null when neither GNU time nor /proc could tell. */
  peakRssKb: number | null;
  /**
   * User + system CPU seconds of the child (GNU time only, else null). Unlike wall clock it
   * barely moves when other work shares the machine, and shows how many cores an engine used.
   */
  cpuSeconds: number | null;
}

export interface SpawnOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

// Output beyond this is dropped (the counts we parse are short; progress chatter is not).
const MAX_CAPTURE = 8 * 1024 * 1024;

/** True when `cmd` can be started (it is on PATH and executable). */
export function hasCommand(cmd: string, probeArgs: string[] = ['--version']): boolean {
  const r = spawnSync(cmd, probeArgs, { stdio: 'ignore' });
  return r.error === undefined;
}

const GNU_TIME = '/usr/bin/time';

function collect(
  cmd: string,
  args: string[],
  opts: SpawnOptions,
  onPid?: (pid: number) => void,
): Promise<Omit<ChildRun, 'peakRssKb' | 'cpuSeconds'>> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd, args, {
      env: opts.env ?? process.env,
      cwd: opts.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      if (stdout.length < MAX_CAPTURE) stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      if (stderr.length < MAX_CAPTURE) stderr += d;
    });
    if (child.pid !== undefined) onPid?.(child.pid);
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ code, stdout, stderr, seconds: Number(process.hrtime.bigint() - t0) / 1e9 });
    });
  });
}

/**
 * Runs a command to completion, timing it by wall clock and measuring its peak RSS. GNU time
 * (`/usr/bin/time -f %M`, from wait4's rusage) is exact and is used when installed; otherwise
 * /proc/<pid>/status VmHWM is polled, which can miss growth in the last poll interval.
 */
export async function runMeasured(cmd: string, args: string[], opts: SpawnOptions = {}): Promise<ChildRun> {
  if (existsSync(GNU_TIME)) {
    const dir = mkdtempSync(path.join(tmpdir(), 'innsyn-bench-'));
    const out = path.join(dir, 'rss');
    try {
      const r = await collect(GNU_TIME, ['-f', '%M %U %S', '-o', out, cmd, ...args], opts);
      // On a non-zero exit GNU time writes "Command exited with non-zero status N" first.
      const last = readFileSync(out, 'utf8').trim().split('\n').at(-1) ?? '';
      const m = /^(\d+) (\d+(?:\.\d+)?) (\d+(?:\.\d+)?)$/.exec(last);
      return {
        ...r,
        peakRssKb: m === null ? null : Number(m[1]),
        cpuSeconds: m === null ? null : Number(m[2]) + Number(m[3]),
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  let peak: number | null = null;
  let timer: NodeJS.Timeout | undefined;
  const r = await collect(cmd, args, opts, (pid) => {
    timer = setInterval(() => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
        if (m?.[1] !== undefined) peak = Math.max(peak ?? 0, Number(m[1]));
      } catch {
        // The process ended between two polls.
      }
    }, 20);
  });
  clearInterval(timer);
  return { ...r, peakRssKb: peak, cpuSeconds: null };
}

/** Runs a command once and returns its wall-clock milliseconds (start-up included). */
export async function timeOnce(
  cmd: string,
  args: string[],
  opts: SpawnOptions = {},
): Promise<{ ms: number; run: Omit<ChildRun, 'peakRssKb' | 'cpuSeconds'> }> {
  const run = await collect(cmd, args, opts);
  return { ms: run.seconds * 1000, run };
}

/** The p-th percentile (0–100) of `samples` by nearest rank. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] ?? NaN;
}

/**
 * Total apparent size of the files under `dir`, walked with an explicit stack (no recursion:
 * a deep tree must not overflow the call stack). Symlinks are not followed.
 */
export function dirBytes(dir: string): number {
  if (!existsSync(dir)) return 0;
  let total = 0;
  const stack = [dir];
  while (stack.length > 0) {
    const d = stack.pop() as string;
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) stack.push(p);
      else if (e.isFile()) total += lstatSync(p).size;
    }
  }
  return total;
}

/** Rounds to `digits` decimals for the report (raw samples are not kept). */
export function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** The first dotted version number in a `--version` banner ("mu (…) version 1.8.13" → "1.8.13"). */
export function versionNumber(banner: string): string {
  return /\d+(?:\.\d+)+/.exec(banner)?.[0] ?? (banner.split('\n')[0] ?? '').trim();
}
