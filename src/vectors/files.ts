/**
 * Reading other people's directories safely. A vectors directory may hold links back to its
 * parents, FIFOs, devices, or links to `/dev/zero`: the walk enters each real directory once
 * (a link to one already walked is reported, not followed again), only regular files are read,
 * and each read is capped. Every problem names its path and leaves the rest of the walk alone.
 */
import { closeSync, constants, fstatSync, openSync, readdirSync, readSync, statSync, type Dirent, type Stats } from 'node:fs';
import { join } from 'node:path';

/** The largest vector or corpus file read (the biggest published one is under 2 MB). */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

/**
 * The bytes of a regular file, at most `maxBytes`; throws an Error saying why not (not a regular
 * file, too big) without blocking: a FIFO is refused before it is opened, and the file is
 * opened non-blocking and checked again on its descriptor in case it was swapped meanwhile.
 */
export function readRegularFile(path: string, maxBytes = MAX_FILE_BYTES): Buffer {
  const kind = (s: Stats): string | undefined =>
    s.isFile()
      ? undefined
      : s.isDirectory()
        ? 'a directory'
        : s.isFIFO()
          ? 'a FIFO'
          : s.isCharacterDevice() || s.isBlockDevice()
            ? 'a device'
            : s.isSocket()
              ? 'a socket'
              : 'not a regular file';
  const before = kind(statSync(path));
  if (before) throw new Error(`not a regular file (${before}): not read`);
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const st = fstatSync(fd);
    const now = kind(st);
    if (now) throw new Error(`not a regular file (${now}): not read`);
    if (st.size > maxBytes) throw new Error(`file of ${st.size} bytes is larger than the limit of ${maxBytes} bytes: not read`);
    // Read to the cap + 1 whatever the size said: a file that grows while it is read is caught too.
    const buf = Buffer.alloc(Math.min(st.size, maxBytes) + 1);
    let got = 0;
    for (let n: number; got < buf.length && (n = readSync(fd, buf, got, buf.length - got, null)) > 0; ) got += n;
    if (got > maxBytes) throw new Error(`file grew past the limit of ${maxBytes} bytes while being read: not read`);
    return buf.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

/** What a walk found: file paths relative to the root (posix separators, sorted) and the problems met. */
export interface Walk {
  readonly files: string[];
  readonly problems: Array<{ readonly path: string; readonly message: string }>;
}

/**
 * Every file below `root` whose relative path `accept`s, each real directory entered once:
 * directory links are followed (a corpus may be linked in) unless they lead to a directory
 * already walked, which is reported (a loop, or the same directory twice) and skipped.
 */
export function walkFiles(root: string, accept: (rel: string) => boolean): Walk {
  const files: string[] = [];
  const problems: Walk['problems'] = [];
  const seen = new Map<string, string>();
  const visit = (rel: string): void => {
    const dir = rel === '' ? root : join(root, rel);
    let st: Stats;
    try {
      st = statSync(dir);
    } catch (err) {
      problems.push({ path: rel || '.', message: `cannot read: ${(err as Error).message}` });
      return;
    }
    const key = `${st.dev}:${st.ino}`;
    const first = seen.get(key);
    if (first !== undefined) {
      problems.push({
        path: rel,
        message: `directory link to ${first === '' ? 'the top directory' : first}, already read: not followed (a loop, or the same directory twice)`,
      });
      return;
    }
    seen.set(key, rel);
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      problems.push({ path: rel || '.', message: `cannot read the directory: ${(err as Error).message}` });
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const child = rel === '' ? e.name : `${rel}/${e.name}`;
      let isDir = e.isDirectory();
      if (e.isSymbolicLink()) {
        try {
          isDir = statSync(join(root, child)).isDirectory();
        } catch {
          isDir = false; // a dangling link: if it is wanted, reading it says why it cannot be read
        }
      }
      if (isDir) visit(child);
      else if (accept(child)) files.push(child);
    }
  };
  visit('');
  return { files: files.sort(), problems };
}
