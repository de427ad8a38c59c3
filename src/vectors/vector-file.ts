/**
 * The vector file format (docs/vector-format.md): the JSON shape on disk, described by
 * vectors/schema/vector-file.schema.json, and the typed form the loader returns.
 */
import type { KatTest } from '../core/families/family.js';
import type { Params, VectorResult } from '../core/model.js';

/** What a test expects: Wycheproof's three results. */
export type { VectorResult } from '../core/model.js';

/** Every result, in the order the schema lists them. */
export const VECTOR_RESULTS: readonly VectorResult[] = ['valid', 'invalid', 'acceptable'];

export { BUG_TYPES, type BugType } from '../core/model.js';
import type { BugType } from '../core/model.js';

/** The explanation of one flag, in the file's `notes` map. */
export interface FlagNote {
  readonly bugType: BugType;
  readonly description: string;
}

/** One cited document, in the file's `sources` map. */
export interface SourceInfo {
  readonly title: string;
  readonly url?: string;
}

/** A test as written on disk: metadata plus lower-case hex fields named after the operation's inputs and outputs. */
export interface VectorTestJson {
  readonly tcId: number;
  readonly comment: string;
  /** Key into the file's `sources`. */
  readonly source: string;
  /** Where in the source: "Test Case 2", "§2.8.2", "F.2.1". */
  readonly ref?: string;
  readonly flags: readonly string[];
  readonly result: VectorResult;
  readonly [field: string]: string | number | readonly string[] | undefined;
}

/** A group as written on disk. */
export interface VectorGroupJson {
  readonly params: Params;
  readonly tests: readonly VectorTestJson[];
}

/** A vector file as written on disk. */
export interface VectorFileJson {
  readonly $schema?: string;
  readonly standard: string;
  readonly description: string;
  readonly numberOfTests: number;
  readonly sources: Readonly<Record<string, SourceInfo>>;
  readonly notes: Readonly<Record<string, FlagNote>>;
  readonly groups: readonly VectorGroupJson[];
}

/**
 * A loaded, checked test: the known-answer test the engine runs (`core/families/kat.ts`), with
 * `source` resolved to "title, ref" and the hex fields decoded.
 */
export type VectorTest = KatTest;

/** A loaded group: one parameter set and its tests. */
export interface VectorGroup {
  readonly params: Params;
  readonly tests: readonly VectorTest[];
}

/** A loaded, checked vector file. */
export interface VectorFile {
  /** Path relative to the vectors root, with `/` separators. */
  readonly file: string;
  readonly standard: string;
  readonly description: string;
  readonly sources: Readonly<Record<string, SourceInfo>>;
  readonly notes: Readonly<Record<string, FlagNote>>;
  readonly groups: readonly VectorGroup[];
}

/** The citation a test resolves to: "title, ref". */
export function citation(source: SourceInfo, ref: string | undefined): string {
  return ref ? `${source.title}, ${ref}` : source.title;
}

/** A vector file as the project writes it: two-space JSON with a final newline. */
export function serializeVectorFile(json: VectorFileJson): string {
  return `${JSON.stringify(json, null, 2)}\n`;
}
