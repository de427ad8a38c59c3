/**
 * The Wycheproof importer: reads C2SP Wycheproof `testvectors_v1` files where they are (never
 * copied) and turns every test whose schema, algorithm and parameters map onto a bothends
 * standard (./wycheproof-map.ts) into the known-answer structure the plan runs as kind
 * `import`. `valid` tests must pass, `invalid` ones must be rejected, and `acceptable` ones
 * follow the per-flag policy of ./policy.ts. Provenance (file, tcId, flags, bug types, CVEs)
 * travels with every test. Everything not imported is counted in the inventory with its reason.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { katOps } from '../../core/families/kat.js';
import { ConfigError } from '../../core/errors.js';
import { readRegularFile } from '../files.js';
import type { Params } from '../../core/model.js';
import type { Standard } from '../../core/standard.js';
import type { CorpusFileEntry } from '../../core/corpora-model.js';
import { STANDARD_BY_ID } from '../../standards/index.js';
import { fieldSpecs, fixedLength, isRequired } from '../fields.js';
import type { VectorResult } from '../vector-file.js';
import { checkDraft, declaredParams, Exclusions, mergeImports, NO_IMPORT, type DraftTest, type ImportedCorpus, type ImportedNote } from './corpus.js';
import { decideAcceptable } from './policy.js';
import { WYCHEPROOF_SCHEMAS, type Decoded, type SchemaEntry, type WpFile, type WpGroup, type WpTest } from './wycheproof-map.js';
import type { Importer } from './importer.js';

/** Environment variable naming the Wycheproof `testvectors_v1` directory. */
export const WYCHEPROOF_ENV = 'BOTHENDS_WYCHEPROOF_DIR';

const TEST_FILE = /_test\.json$/;
const RESULTS = new Set(['valid', 'invalid', 'acceptable']);

/** The directory holding the files: `dir` itself, or its `testvectors_v1` (a whole checkout). */
function filesDir(dir: string): string {
  const nested = join(dir, 'testvectors_v1');
  try {
    return statSync(nested).isDirectory() ? nested : dir;
  } catch {
    return dir;
  }
}

/** Structural problems that stop a file from being read at all, as JSON paths. */
function shapeProblems(json: unknown): Array<{ path: string; message: string }> {
  const o = json as Partial<WpFile> | null;
  if (typeof o !== 'object' || o === null) return [{ path: '$', message: 'not a JSON object' }];
  if (typeof o.schema !== 'string') return [{ path: 'schema', message: 'missing the "schema" name' }];
  if (!Array.isArray(o.testGroups)) return [{ path: 'testGroups', message: 'missing the "testGroups" array' }];
  const problems: Array<{ path: string; message: string }> = [];
  o.testGroups.forEach((g: Partial<WpGroup> | null, i) => {
    if (typeof g !== 'object' || g === null || !Array.isArray(g.tests)) {
      problems.push({ path: `testGroups[${i}].tests`, message: 'missing the "tests" array' });
      return;
    }
    g.tests.forEach((t: Partial<WpTest> | null, j) => {
      const at = `testGroups[${i}].tests[${j}]`;
      if (typeof t !== 'object' || t === null || typeof t.tcId !== 'number') problems.push({ path: `${at}.tcId`, message: 'missing numeric tcId' });
      else if (!RESULTS.has(String(t.result)))
        problems.push({ path: `${at}.result`, message: `tcId ${t.tcId}: result ${JSON.stringify(t.result)} is not valid, invalid or acceptable` });
      else if (t.flags !== undefined && !Array.isArray(t.flags)) problems.push({ path: `${at}.flags`, message: `tcId ${t.tcId}: "flags" is not an array` });
    });
  });
  return problems;
}

/** The file with the members some schemas omit filled in: no flags, no comment. */
function normalized(json: WpFile): WpFile {
  const tests = (g: WpGroup): WpTest[] => g.tests.map((t) => ({ ...t, flags: t.flags ?? [], comment: t.comment ?? '' }));
  return { ...json, testGroups: json.testGroups.map((g) => ({ ...g, tests: tests(g) })) };
}

/** bothends' result for a Wycheproof test, and the policy text for an `acceptable` one. */
function resultOf(t: WpTest, unknownFlags: Set<string>): { result: VectorResult; note: string } {
  if (t.result !== 'acceptable') return { result: t.result, note: '' };
  const d = decideAcceptable(t.flags);
  for (const f of d.unknownFlags) unknownFlags.add(f);
  const result: VectorResult = d.expected === 'accept' ? 'valid' : d.expected === 'reject' ? 'invalid' : 'acceptable';
  return { result, note: `; Wycheproof "acceptable", bothends expects ${d.expected} (${d.because})` };
}

/** The standard's parameters for one test, or why it falls outside every parameter set the standard declares. */
function paramsOf(std: Standard, entry: SchemaEntry, fixed: Params, g: WpGroup, t: WpTest): { params: Params } | { why: string } {
  const values = Object.fromEntries(std.params.map((spec) => [spec.name, fixed[spec.name] ?? entry.params[spec.name]?.(g, t)]));
  return declaredParams(std, values, `${entry.what} tests`);
}

/** One test's bothends fields, or why it cannot be written in the standard's layout. */
function fieldsOf(
  std: Standard,
  entry: SchemaEntry,
  params: Params,
  g: WpGroup,
  t: WpTest,
  result: VectorResult,
): { fields: Record<string, Uint8Array> } | { why: string } {
  // An invalid test is only decrypted (or derived): the expected output it may carry is meaningless.
  const skip =
    result === 'invalid'
      ? new Set(
          katOps(std)
            .filter((k) => k.consuming)
            .map((k) => k.output[1]),
        )
      : new Set<string>();
  const sizes = std.sizes(params);
  const fields: Record<string, Uint8Array> = {};
  for (const spec of fieldSpecs(std)) {
    if (skip.has(spec.name)) continue;
    let value: Decoded | undefined;
    try {
      value = entry.fields[spec.name]?.(t, g);
    } catch (err) {
      return { why: `${spec.name} cannot be decoded: ${(err as Error).message}` };
    }
    if (value === undefined) {
      if (isRequired(spec.need, result)) return { why: `${std.id} tests need ${spec.name}, which ${entry.what} tests do not provide` };
      continue;
    }
    if (!(value instanceof Uint8Array)) return { why: value.unrepresentable };
    const want = fixedLength(spec.name, sizes);
    if (want !== undefined && value.length !== want)
      return { why: `${spec.name} of ${value.length} bytes cannot exist in ${std.id} ${std.paramsId(params)} (${want} bytes)` };
    fields[spec.name] = value;
  }
  return { fields };
}

interface FileImport {
  readonly entry: CorpusFileEntry;
  /** Imported tests by standard, then by parameter set. */
  readonly drafts: ReadonlyMap<string, Map<string, { params: Params; tests: DraftTest[] }>>;
}

/** Maps every group and test of one parsed file. */
function mapFile(json: WpFile, file: string): FileImport {
  const exclusions = new Exclusions();
  const unknownFlags = new Set<string>();
  const drafts = new Map<string, Map<string, { params: Params; tests: DraftTest[] }>>();
  const entry = WYCHEPROOF_SCHEMAS[json.schema];
  json.testGroups.forEach((g, gi) => {
    if (!entry) return exclusions.add('unknown-schema', `bothends has no mapping for the schema ${json.schema}`, gi, g.tests.length);
    const target = entry.target(json, g);
    if ('none' in target) return exclusions.add('no-standard', target.none, gi, g.tests.length);
    const std = STANDARD_BY_ID.get(target.standard);
    if (!std) return exclusions.add('no-standard', `bothends has no standard "${target.standard}" (yet)`, gi, g.tests.length);
    const version = [g.source?.name, g.source?.version].filter(Boolean).join(' ');
    for (const t of g.tests) {
      const p = paramsOf(std, entry, target.fixed ?? {}, g, t);
      if ('why' in p) {
        exclusions.add('no-parameter-set', p.why, gi);
        continue;
      }
      const { result, note } = resultOf(t, unknownFlags);
      const f = fieldsOf(std, entry, p.params, g, t, result);
      if ('why' in f) {
        exclusions.add('not-representable', f.why, gi);
        continue;
      }
      const ref = `tcId ${t.tcId}${version ? ` (${version})` : ''}${note}`;
      bucket(drafts, std, p.params).push({ tcId: t.tcId, comment: t.comment || t.flags.join(', '), flags: t.flags, result, ref, fields: f.fields });
    }
  });
  const tests = json.testGroups.reduce((n, g) => n + g.tests.length, 0);
  return {
    drafts,
    entry: {
      corpus: 'wycheproof',
      file,
      format: json.schema,
      algorithm: json.algorithm ?? '(none)',
      tests,
      imported: tests - exclusions.total,
      standards: [...drafts.keys()],
      excluded: exclusions.list(),
      unknownFlags: [...unknownFlags].sort(),
    },
  };
}

/** The list of imported tests of `std` under `params`. */
function bucket(drafts: Map<string, Map<string, { params: Params; tests: DraftTest[] }>>, std: Standard, params: Params): DraftTest[] {
  let byParams = drafts.get(std.id);
  if (!byParams) drafts.set(std.id, (byParams = new Map()));
  const id = std.paramsId(params);
  let group = byParams.get(id);
  if (!group) byParams.set(id, (group = { params, tests: [] }));
  return group.tests;
}

/** Wycheproof's notes as imported, with a placeholder for a flag the file does not explain. */
function notesOf(json: WpFile): Record<string, ImportedNote> {
  const notes: Record<string, ImportedNote> = {};
  for (const [flag, n] of Object.entries(json.notes ?? {})) {
    notes[flag] = { bugType: n.bugType ?? 'UNKNOWN', description: n.description ?? '(no description)', ...(n.cves?.length ? { cves: n.cves } : {}) };
  }
  for (const t of json.testGroups.flatMap((g) => g.tests)) {
    for (const f of t.flags) notes[f] ??= { bugType: 'UNKNOWN', description: 'flag not explained in the Wycheproof file' };
  }
  return notes;
}

/** Imports one parsed Wycheproof file; `file` is its corpus path (`wycheproof/<name>`). */
export function importWycheproofJson(json: unknown, file: string): ImportedCorpus {
  const problems = shapeProblems(json);
  if (problems.length > 0) return { ...NO_IMPORT, errors: problems.map((p) => new ConfigError(`importer: ${p.message}`, { file, path: p.path })) };
  const wp = normalized(json as WpFile);
  const { entry, drafts } = mapFile(wp, file);
  const notes = notesOf(wp);
  const title = `C2SP Wycheproof testvectors_v1/${file.replace(/^wycheproof\//, '')} (${wp.algorithm ?? wp.schema})`;
  const checked = [...drafts].map(([standard, groups]) =>
    checkDraft({ file, standard, description: `Wycheproof ${wp.algorithm ?? wp.schema}, imported`, title, notes, groups: [...groups.values()] }),
  );
  return {
    files: checked.flatMap((c) => (c.file ? [c.file] : [])),
    procedures: [],
    inventory: [entry],
    errors: checked.flatMap((c) => c.errors),
  };
}

/** Imports every `*_test.json` of a Wycheproof `testvectors_v1` directory (or a checkout holding one). */
export function importWycheproofDir(dir: string): ImportedCorpus {
  const root = filesDir(dir);
  let names: string[];
  try {
    names = readdirSync(root)
      .filter((n) => TEST_FILE.test(n))
      .sort();
  } catch (err) {
    return { ...NO_IMPORT, errors: [new ConfigError(`cannot read the Wycheproof directory: ${(err as Error).message}`, { file: dir })] };
  }
  const parts = names.map((name) => {
    const file = `wycheproof/${name}`;
    try {
      return importWycheproofJson(JSON.parse(readRegularFile(join(root, name)).toString('utf8')), file);
    } catch (err) {
      return { ...NO_IMPORT, errors: [new ConfigError(`importer: cannot read: ${(err as Error).message}`, { file })] };
    }
  });
  return mergeImports(parts);
}

/** `--wycheproof [dir]`: the importer's descriptor (see importer.ts). */
export const wycheproofImporter: Importer = {
  name: 'wycheproof',
  env: WYCHEPROOF_ENV,
  help: `also run the Wycheproof testvectors_v1 files of DIR (default: $${WYCHEPROOF_ENV}) as kind import`,
  title: 'C2SP Wycheproof `testvectors_v1` files',
  load: importWycheproofDir,
};
