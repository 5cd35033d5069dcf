// Runs the CLI from the TypeScript sources (tests spawn it as `node --import tsx test/helpers/cli-entry.ts ...`).
import { main } from '../../src/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
