import { JSON_SCHEMA_VERSION, type Output } from './command.js';

export function consoleOutput(): Output {
  return {
    line: (text = '') => process.stdout.write(`${text}\n`),
    json: (doc) =>
      process.stdout.write(`${JSON.stringify({ version: JSON_SCHEMA_VERSION, ...doc }, null, 2)}\n`),
    error: (text) => process.stderr.write(`${text}\n`),
    isTTY: Boolean(process.stderr.isTTY),
  };
}
