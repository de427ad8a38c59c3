/**
 * The checks a JSON Schema cannot make: a file that conforms to the schema is read against
 * its standard's declaration (parameters and values, fields per family and result, byte
 * lengths), its own `sources` and `notes`, and its `numberOfTests`, then decoded.
 */
import { fromHex } from '../core/bytes.js';
import type { Params } from '../core/model.js';
import type { Sizes, Standard } from '../core/standard.js';
import { STANDARD_BY_ID } from '../standards/index.js';
import { ALL_FIELD_NAMES, ciphertextLength, fieldSpecs, fixedLength, isRequired } from './fields.js';
import type { Problem } from './problem.js';
import { citation, type VectorFile, type VectorFileJson, type VectorGroup, type VectorGroupJson, type VectorTest, type VectorTestJson } from './vector-file.js';

/** The outcome of interpreting one file: the decoded file, or what is wrong with it. */
export type Interpretation =
  | { readonly vectors: VectorFile; readonly problems: readonly [] }
  | { readonly vectors?: undefined; readonly problems: readonly Problem[] };

const list = (values: readonly unknown[]): string => values.map((v) => JSON.stringify(v)).join(', ');

/** "tcId 3" or "tcId 3–9": which tests a group-level problem affects. */
function tcIdRange(group: VectorGroupJson): string {
  // A loop, not Math.min(...ids): a spread of a big group's ids overflows the stack.
  let lo = Infinity;
  let hi = -Infinity;
  for (const t of group.tests) {
    lo = Math.min(lo, t.tcId);
    hi = Math.max(hi, t.tcId);
  }
  return lo === hi ? `tcId ${lo}` : `tcId ${lo}–${hi}`;
}

/** Problems with a group's parameters: each of the standard's, each declared, no others. */
function paramProblems(std: Standard, params: Params, path: string, affects: string): Problem[] {
  const problems: Problem[] = [];
  for (const spec of std.params) {
    const value = params[spec.name];
    if (value === undefined) {
      problems.push({ path: `${path}.${spec.name}`, message: `${affects}: missing parameter ${spec.name} of ${std.id} (one of ${list(spec.values)})` });
    } else if (!spec.values.includes(value)) {
      problems.push({
        path: `${path}.${spec.name}`,
        message: `${affects}: ${spec.name} ${JSON.stringify(value)} is not a value ${std.id} declares (${list(spec.values)})`,
      });
    }
  }
  const names = std.params.map((p) => p.name);
  for (const name of Object.keys(params).filter((n) => !names.includes(n))) {
    problems.push({ path: `${path}.${name}`, message: `${affects}: ${name} is not a parameter of ${std.id} (it has ${names.join(', ')})` });
  }
  return problems;
}

/** Checks one test and decodes its fields; `sizes` is undefined when the group's params are bad. */
function checkTest(
  std: Standard,
  json: VectorFileJson,
  params: Params,
  sizes: Sizes | undefined,
  test: VectorTestJson,
  path: string,
  problems: Problem[],
): VectorTest {
  const at = (field: string, message: string): void => {
    problems.push({ path: `${path}.${field}`, message: `tcId ${test.tcId}: ${message}` });
  };
  const source = json.sources[test.source];
  if (!source) at('source', `source "${test.source}" is not in the file's sources (${list(Object.keys(json.sources))})`);
  test.flags.forEach((flag, k) => {
    if (!json.notes[flag]) at(`flags[${k}]`, `flag ${flag} has no entry in the file's notes`);
  });

  const specs = fieldSpecs(std);
  const allowed = specs.map((s) => s.name);
  const fields: Record<string, Uint8Array> = {};
  for (const name of ALL_FIELD_NAMES) {
    const hex = test[name];
    if (typeof hex !== 'string') continue;
    if (!allowed.includes(name)) {
      at(name, `${name} is not a field of ${std.id} tests (${std.family}: ${allowed.join(', ')})`);
      continue;
    }
    try {
      fields[name] = fromHex(hex);
    } catch (err) {
      at(name, (err as Error).message);
    }
  }
  for (const spec of specs) {
    if (isRequired(spec.need, test.result) && test[spec.name] === undefined) {
      at(spec.name, `missing ${spec.name}, which ${std.id} tests with result "${test.result}" need`);
    }
  }
  if (sizes) {
    for (const [name, bytes] of Object.entries(fields)) {
      const want = fixedLength(name, sizes);
      if (want !== undefined && bytes.length !== want) {
        at(name, `${name} is ${bytes.length} bytes; ${std.id} ${std.paramsId(params)} needs ${want}`);
      }
    }
    const { plaintext, ciphertext } = fields;
    if (test.result !== 'invalid' && plaintext && ciphertext && !sizes.framed) {
      const want = ciphertextLength(std, params, sizes, plaintext.length);
      if (ciphertext.length !== want.length) {
        at('ciphertext', `ciphertext is ${ciphertext.length} bytes; a ${plaintext.length}-byte plaintext gives ${want.length} (${want.rule})`);
      }
    }
  }
  return {
    tcId: test.tcId,
    comment: test.comment,
    flags: test.flags,
    result: test.result,
    source: source ? citation(source, test.ref) : test.source,
    fields,
  };
}

/**
 * Interprets a file that already conforms to the schema. `file` is only used in messages
 * and in the result; every problem is collected, not only the first.
 */
export function interpret(json: VectorFileJson, file: string): Interpretation {
  const std = STANDARD_BY_ID.get(json.standard);
  if (!std) {
    return { problems: [{ path: 'standard', message: `unknown standard "${json.standard}" (known: ${[...STANDARD_BY_ID.keys()].join(', ')})` }] };
  }
  const problems: Problem[] = [];
  const firstSeen = new Map<number, string>();
  const groups: VectorGroup[] = json.groups.map((group, i) => {
    const groupPath = `groups[${i}]`;
    const bad = paramProblems(std, group.params, `${groupPath}.params`, `group of ${tcIdRange(group)}`);
    problems.push(...bad);
    const sizes = bad.length === 0 ? std.sizes(group.params) : undefined;
    const tests = group.tests.map((test, j) => {
      const path = `${groupPath}.tests[${j}]`;
      const earlier = firstSeen.get(test.tcId);
      if (earlier !== undefined) problems.push({ path: `${path}.tcId`, message: `tcId ${test.tcId}: duplicate tcId (also at ${earlier})` });
      else firstSeen.set(test.tcId, path);
      return checkTest(std, json, group.params, sizes, test, path, problems);
    });
    return { params: group.params, tests };
  });
  const count = json.groups.reduce((n, g) => n + g.tests.length, 0);
  if (json.numberOfTests !== count) {
    problems.push({ path: 'numberOfTests', message: `numberOfTests is ${json.numberOfTests}, but the groups hold ${count} tests` });
  }
  if (problems.length > 0) return { problems };
  return {
    vectors: { file, standard: std.id, description: json.description, sources: json.sources, notes: json.notes, groups },
    problems: [],
  };
}
