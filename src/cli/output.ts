import { JSON_SCHEMA_VERSION, type Output } from './command.js';

export function consoleOutput(): Output {
  // `innsyn search … | head`: a reader that stops reading is not an error of ours.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
  return {
    line: (text = '') => process.stdout.write(`${text}\n`),
    json: (doc) =>
      process.stdout.write(`${JSON.stringify({ version: JSON_SCHEMA_VERSION, ...doc }, null, 2)}\n`),
    error: (text) => process.stderr.write(`${text}\n`),
    isTTY: Boolean(process.stderr.isTTY),
  };
}
