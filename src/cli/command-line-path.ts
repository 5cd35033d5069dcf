import path from 'node:path';

/** Characters a POSIX shell reads as part of a word, unquoted. */
const PLAIN = /^[A-Za-z0-9_./:@%+=,-]+$/;

/**
 * A file's path as a command line the user is told to copy should show it: relative to `cwd`
 * while it lies inside it (`innsyn-demo.db`), absolute once it would climb out of it
 * (`/tmp/case.db`, not `../../tmp/case.db`), and in single quotes where a shell would split or
 * expand it (spaces, `$`, quotes: `'/home/me/My cases/a.db'`).
 */
export function commandLinePath(file: string, cwd: string = process.cwd()): string {
  const absolute = path.resolve(cwd, file);
  const relative = path.relative(cwd, absolute);
  const shown =
    relative === '' || relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)
      ? absolute
      : relative;
  return PLAIN.test(shown) ? shown : `'${shown.replaceAll("'", `'\\''`)}'`;
}
