/**
 * POSIX shell quoting for the commands bothends prints for people to paste (replay commands).
 * Seeds, vector file names and directories come from users and from other people's files: each
 * argument is quoted so that a shell reads it back as exactly one word, with nothing expanded.
 */

/** Words that need no quotes: nothing a POSIX shell treats specially (`~` is left out: some shells expand it after `:` or `=`). */
const PLAIN = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** One argument as a POSIX shell word: as is when plain, else in single quotes (a `'` as `'\''`). */
export function shellQuote(arg: string): string {
  if (PLAIN.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** A flag and its value, quoted: `--vectors 'my vectors'`. */
export function shellFlag(flag: string, value: string): string {
  return `${flag} ${shellQuote(value)}`;
}
