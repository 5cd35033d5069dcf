#!/usr/bin/env -S MALLOC_ARENA_MAX=2 node --max-semi-space-size=4 --no-allocation-site-pretenuring
// Entry point: runs the compiled CLI (npm install builds it through the `prepare` script).
//
// The first line sets what a process can only be given when it starts (README, Performance,
// "Memory settings"): MALLOC_ARENA_MAX=2 makes glibc's malloc share two arenas between the
// threads instead of one per thread (an ingest runs four JavaScript threads and more of V8's and
// libuv's own), and --max-semi-space-size=4 keeps V8's young generation on the main thread at 4
// MiB a half instead of 16 (worker threads set theirs in their resourceLimits). 100,000 bench
// messages: peak RSS 513 → 422 MiB at the same speed. --no-allocation-site-pretenuring stops V8
// from allocating in the old generation what a search thread's requests make and drop a moment
// later: through the server's pool enough of those objects outlive a minor collection that V8
// "pretenures" them, and the old generation fills with garbage (a full collection every ~10
// requests instead of every ~60). With the flag `innsyn serve` answered 2-19 % more new queries a
// second in six pairs of runs (README, Performance); an ingest runs as fast in as much memory.
// `node bin/innsyn.js` runs without these; `npm run bench` gives its process the same V8 flags.
import { main } from '../dist/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
