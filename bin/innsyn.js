#!/usr/bin/env -S MALLOC_ARENA_MAX=2 node --max-semi-space-size=4
// Entry point: runs the compiled CLI (npm install builds it through the `prepare` script).
//
// The first line sets what a process can only be given when it starts (README, Performance,
// "Memory settings"): MALLOC_ARENA_MAX=2 makes glibc's malloc share two arenas between the
// threads instead of one per thread (an ingest runs four JavaScript threads and more of V8's and
// libuv's own), and --max-semi-space-size=4 keeps V8's young generation on the main thread at 4
// MiB a half instead of 16 (worker threads set theirs in their resourceLimits). 100,000 bench
// messages: peak RSS 513 → 422 MiB at the same speed. `node bin/innsyn.js` runs without them.
import { main } from '../dist/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
