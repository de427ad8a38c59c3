/**
 * Structural checks of a vector file against vectors/schema/vector-file.schema.json (filled in
 * with the family modules' own parameters and fields), with ajv's errors turned into JSON paths
 * (`groups[0].tests[3].key`) and plain sentences.
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import { VECTOR_SCHEMA_PATH } from './paths.js';
import { childPath, explainSchemaError, segments } from '../core/json-schema-errors.js';
import { familyParams } from '../core/families/index.js';
import { ALL_FIELD_NAMES } from './fields.js';
import type { Problem } from './problem.js';

let compiled: ValidateFunction | undefined;

/** The schema's pattern for hex fields: an even number of lower-case hex digits. */
const HEX_PATTERN = '^([0-9a-f]{2})*$';

/**
 * The regular expressions ajv checks patterns with, except the hex pattern, which is checked by
 * a linear scan: as a backtracking regex it overflows the stack (RangeError) on a field of
 * 16 million digits. The other patterns apply to short names.
 */
const regExp = Object.assign(
  (pattern: string, flags: string): { test(s: string): boolean } =>
    pattern === HEX_PATTERN ? { test: (s: string) => s.length % 2 === 0 && !/[^0-9a-f]/.test(s) } : new RegExp(pattern, flags),
  { code: 'bothendsRegExp' },
);

/** The JSON shape of the committed schema that the families' declarations fill in. */
interface VectorSchema {
  definitions: {
    group: { properties: { params: { properties: Record<string, object> } } };
    test: { properties: Record<string, object> };
  };
}

/**
 * The vector file schema as bothends validates with it: the committed file, with what the family
 * modules declare filled in. The committed file leaves to the modules the parameters a family
 * declares as its own and every test's hex fields (`ALL_FIELD_NAMES`, from the families' `fields`).
 */
export function vectorSchema(): VectorSchema {
  const schema = JSON.parse(readFileSync(VECTOR_SCHEMA_PATH, 'utf8')) as VectorSchema;
  const params = schema.definitions.group.properties.params.properties;
  for (const [name, { type }] of Object.entries(familyParams())) params[name] = { type };
  const test = schema.definitions.test.properties;
  for (const name of ALL_FIELD_NAMES) test[name] = { $ref: '#/definitions/hex' };
  return schema;
}

/** The compiled schema; read once, on first use. */
function validator(): ValidateFunction {
  compiled ??= new Ajv({ allErrors: true, verbose: true, strict: true, code: { regExp } }).compile(vectorSchema());
  return compiled;
}

/** The tcId of the test a path points into, if it points into one. */
function tcIdAt(data: unknown, segs: ReadonlyArray<string | number>): number | undefined {
  if (segs[0] !== 'groups' || segs[2] !== 'tests' || typeof segs[1] !== 'number' || typeof segs[3] !== 'number') return undefined;
  const groups = (data as { groups?: unknown }).groups;
  const tests = Array.isArray(groups) ? (groups[segs[1]] as { tests?: unknown } | undefined)?.tests : undefined;
  const tcId = Array.isArray(tests) ? (tests[segs[3]] as { tcId?: unknown } | undefined)?.tcId : undefined;
  return typeof tcId === 'number' ? tcId : undefined;
}

/** Every schema violation of `data`; empty when it conforms. */
export function schemaProblems(data: unknown): Problem[] {
  const validate = validator();
  if (validate(data)) return [];
  const seen = new Set<string>();
  const problems: Problem[] = [];
  for (const e of validate.errors ?? []) {
    // propertyNames reports the name's own failure (kept, it says why) and then a wrapper.
    if (e.keyword === 'propertyNames') continue;
    const { segs, message } = explainSchemaError(e);
    const path = segs.reduce<string>((base, s) => childPath(base, s), '');
    const tcId = tcIdAt(data, segs);
    const text = tcId === undefined ? message : `tcId ${tcId}: ${message}`;
    if (seen.has(`${path}\0${text}`)) continue;
    seen.add(`${path}\0${text}`);
    problems.push(path === '' ? { message: text } : { path, message: text });
  }
  return problems;
}
