/**
 * Runs a synchronous call into msgreader or pst-extractor with the console silenced. Both
 * libraries print to the console when they meet damage (pst-extractor: "PSTFolder::… Can't get
 * child folders", msgreader: a recurrence it could not parse), which would garble the progress
 * bar and the ingest report; what they say is collected into `heard` instead, so the caller can
 * flag it. Safe because the call is synchronous: nothing else runs until the console is back.
 */
export function quietly<T>(fn: () => T, heard?: string[]): T {
  const saved = {
    log: console.log,
    error: console.error,
    warn: console.warn,
    debug: console.debug,
    info: console.info,
  };
  const listen = (...args: unknown[]): void => {
    if (heard && heard.length < 20)
      heard.push(args.map((a) => (a instanceof Error ? a.message : String(a))).join(' '));
  };
  console.log = listen;
  console.error = listen;
  console.warn = listen;
  console.debug = listen;
  console.info = listen;
  try {
    return fn();
  } finally {
    console.log = saved.log;
    console.error = saved.error;
    console.warn = saved.warn;
    console.debug = saved.debug;
    console.info = saved.info;
  }
}
