import { printableSpec } from '../../store/index.js';
import { InnsynError } from '../../model/index.js';
import { EXIT, type Command } from '../command.js';
import { parseCount } from './parse-count.js';

/** A token shorter than this is guessable over a night of requests. */
const MIN_TOKEN_CHARS = 16;

export const serveCommand: Command = {
  name: 'serve',
  summary:
    'Serve the web UI and the HTTP API (docs/api.md) on 127.0.0.1, behind a secret token; Ctrl-C stops it.',
  usage: 'innsyn serve [--db FILE] [--port 7070] [--host 127.0.0.1] [--token T] [--json]',
  access: 'read',
  options: {
    port: { type: 'string', default: '7070' },
    host: { type: 'string', default: '127.0.0.1' },
    token: { type: 'string' },
  },
  async run({ values, store, dbPath, json, out }) {
    // Loaded here, not at start-up: the HTTP stack is heavy and only this command needs it.
    const { isLoopback, startServer } = await import('../../api/index.js');
    const port = parseCount(values.port, '--port', 0, 65535);
    const host = String(values.host).trim();
    if (host === '') throw new InnsynError('usage', '--host needs an address, e.g. 127.0.0.1');
    const token = typeof values.token === 'string' ? values.token : process.env.INNSYN_TOKEN || undefined;
    if (token !== undefined && !new RegExp(`^[A-Za-z0-9._~-]{${MIN_TOKEN_CHARS},}$`).test(token)) {
      throw new InnsynError(
        'usage',
        `--token (or INNSYN_TOKEN) must be at least ${MIN_TOKEN_CHARS} characters of A-Z a-z 0-9 . _ ~ - (leave it out for a random one)`,
      );
    }
    let server;
    try {
      server = await startServer({ store, port, host, token, warm: true, log: (line) => out.error(line) });
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'EADDRINUSE')
        throw new InnsynError('usage', `port ${port} on ${host} is in use: choose another with --port`);
      if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND')
        throw new InnsynError(
          'usage',
          `${host} is not an address of this machine: choose another with --host`,
        );
      throw e;
    }
    if (!isLoopback(host)) {
      out.error(
        `innsyn: warning: listening on ${host}, not only on this machine: anyone who can reach it and has the token can read the case`,
      );
    }
    if (json) out.json({ database: printableSpec(dbPath), url: server.url, port: server.port, host });
    else out.line(`innsyn: serving ${printableSpec(dbPath)} at ${server.url}`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await server.close();
    return EXIT.ok;
  },
};
