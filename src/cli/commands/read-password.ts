import { InnsynError } from '../../model/index.js';

/** Most bytes read from a piped standard input for a password (one line is wanted). */
const MAX_STDIN_BYTES = 64 * 1024;

/**
 * A new password for `who`: typed twice at a terminal without echo, or the first line of
 * standard input when it is piped or `--password-stdin` is given (scripts:
 * `printf '%s\n' "$PW" | innsyn users add alice --password-stdin`). Never from a flag: a
 * command line is visible to every user of the machine (ps) and kept in shell history.
 */
export async function readNewPassword(who: string, fromStdin: boolean): Promise<string> {
  if (fromStdin || !process.stdin.isTTY) return readStdinLine();
  const first = await promptHidden(`New password for ${who}: `);
  const second = await promptHidden(`The same again: `);
  if (first !== second) throw new InnsynError('usage', 'the two passwords differ: nothing was changed');
  return first;
}

async function readStdinLine(): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    chunks.push(b);
    size += b.length;
    if (size >= MAX_STDIN_BYTES || b.includes(0x0a)) break;
  }
  const line = Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
  if (line === '') {
    throw new InnsynError(
      'usage',
      'no password on standard input: give it as the first line (or run this at a terminal)',
    );
  }
  return line;
}

/**
 * Reads a line at the terminal with echo off (raw mode): Enter ends it, Backspace takes a
 * character back, Ctrl-C cancels, Ctrl-U starts over; arrow keys and other escape sequences
 * are ignored rather than taken into the password.
 */
function promptHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  return new Promise((resolve, reject) => {
    process.stderr.write(prompt);
    let value: string[] = [];
    let escape = false;
    const finish = (error?: Error) => {
      stdin.removeListener('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(value.join(''));
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (escape) {
          if (/[A-Za-z~]/.test(ch)) escape = false;
          continue;
        }
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return finish();
        if (ch === '\u0003') return finish(new InnsynError('usage', 'cancelled: nothing was changed'));
        if (ch === '\u0015') value = [];
        else if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else if (ch === '\u001b') escape = true;
        else if (ch >= ' ') value.push(ch);
      }
    };
    stdin.setRawMode(true);
    stdin.setEncoding('utf8');
    stdin.on('data', onData);
    stdin.resume();
  });
}
