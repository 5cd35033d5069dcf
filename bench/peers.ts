/** The engines innsyn is measured against; each runner returns null when its binary is absent. */
export { runNotmuch } from './notmuch-runner.js';
export { runMu } from './mu-runner.js';
export type { PeerResult, RunnerOptions } from './peer-result.js';
