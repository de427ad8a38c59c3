/**
 * Loads vector files: JSON, then the schema, then the standard's rules. A bad file is reported
 * (as `ConfigError`s naming the file, the JSON path and the tcId) and left out; it never stops
 * the others from loading.
 */
import { join, relative, sep } from 'node:path';
import { ConfigError } from '../core/errors.js';
import { MAX_FILE_BYTES, readRegularFile, walkFiles } from './files.js';
import { interpret } from './interpret.js';
import type { Problem } from './problem.js';
import { schemaProblems } from './schema.js';
import type { VectorFile, VectorFileJson } from './vector-file.js';

export { DEFAULT_VECTORS_DIR } from './paths.js';

/** Vector files end in `_test.json`, like Wycheproof's. */
const VECTOR_FILE = /_test\.json$/;

/** What loading produced: the good files and one error per problem found in the others. */
export interface VectorLoad {
  readonly files: VectorFile[];
  readonly errors: ConfigError[];
}

/** "line 3, column 7" for a character offset. */
function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${before[before.length - 1]!.length + 1}`;
}

const UNEXPECTED_TOKEN = /^(Unexpected token .+?), .* is not valid JSON$/s;

/**
 * Where JSON.parse stopped. V8 gives a position for most errors but not for an unexpected
 * token; then the position is found as the shortest prefix that fails the same way (a prefix
 * cut before the bad token only fails for ending early).
 */
function errorOffset(text: string, message: string): number | undefined {
  const position = /at position (\d+)/.exec(message);
  if (position) return Number(position[1]);
  if (!UNEXPECTED_TOKEN.test(message)) return undefined;
  const failsOnToken = (k: number): boolean => {
    try {
      JSON.parse(text.slice(0, k));
      return false;
    } catch (err) {
      return UNEXPECTED_TOKEN.test((err as Error).message);
    }
  };
  let lo = 1;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (failsOnToken(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo - 1;
}

/** JSON.parse's complaint, with the position turned into a line and column. */
function jsonProblem(err: unknown, text: string): Problem {
  const raw = err instanceof Error ? err.message : String(err);
  const message = raw.replace(UNEXPECTED_TOKEN, '$1');
  const offset = errorOffset(text, raw);
  const where = offset === undefined ? `end of input (${lineColumn(text, text.length)})` : lineColumn(text, offset);
  return { message: `invalid JSON at ${where}: ${message}` };
}

/** Reads, parses and checks one file: its problems, or the decoded file. */
function read(path: string, file: string, maxBytes: number): { vectors?: VectorFile; problems: readonly Problem[] } {
  let text: string;
  try {
    text = readRegularFile(path, maxBytes).toString('utf8');
  } catch (err) {
    return { problems: [{ message: `cannot read the file: ${(err as Error).message}` }] };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { problems: [jsonProblem(err, text)] };
  }
  try {
    const structural = schemaProblems(json);
    if (structural.length > 0) return { problems: structural };
    return interpret(json as VectorFileJson, file);
  } catch (err) {
    // A check that breaks on some input (a RangeError on a huge one) still names the file, and the others load.
    return { problems: [{ message: `cannot check the file: ${(err as Error).name}: ${(err as Error).message}` }] };
  }
}

/**
 * Loads one vector file. `root` is the vectors root the file's reported name is relative to
 * (posix separators), e.g. `aes-gcm/aes_gcm_spec_test.json`.
 */
export function loadVectorFile(path: string, root: string, maxBytes = MAX_FILE_BYTES): VectorLoad {
  const file = relative(root, path).split(sep).join('/');
  const { vectors, problems } = read(path, file, maxBytes);
  return {
    files: vectors ? [vectors] : [],
    errors: problems.map((p) => new ConfigError(p.message, { file, ...(p.path === undefined ? {} : { path: p.path }) })),
  };
}

/**
 * Loads every `*_test.json` below `dir`, in path order. Each real directory is read once (links
 * that loop are reported), only regular files of at most `maxBytes` are read; every problem is
 * its own error naming the path, and the other files still load.
 */
export function loadVectorDir(dir: string, maxBytes = MAX_FILE_BYTES): VectorLoad {
  const walk = walkFiles(dir, (rel) => VECTOR_FILE.test(rel));
  const loads = walk.files.map((name) => loadVectorFile(join(dir, name), dir, maxBytes));
  const walkErrors = walk.problems.map((p) => new ConfigError(p.message, { file: p.path === '.' ? dir : p.path }));
  return { files: loads.flatMap((l) => l.files), errors: [...walkErrors, ...loads.flatMap((l) => l.errors)] };
}
