/**
 * `report.json`: the stable serialisation of a {@link Report}, and its validation against the
 * committed JSON Schema `schemas/report.schema.json`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import type { AdapterKind, Variant } from '../core/adapter.js';
import { operationNames, stageNames } from '../core/families/index.js';
import type { CaseKind, Expectation, FailureKind, Outcome } from '../core/model.js';
import { REPORT_SCHEMA_VERSION, type Report } from '../core/report-model.js';

/**
 * The document as JSON: 2-space indent, trailing newline, keys in the document's own order.
 * Keys are not sorted: parameter order carries meaning (`keyBits, ivBytes, tagBytes`), and
 * keeping it makes every renderer give the same output from a saved report.json as from the run.
 */
export function renderJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** A valid report.json of any version the schema accepts: before version 2 it had no intents. */
export type SavedReport = Omit<Report, 'intents' | 'ambiguities' | 'summary'> &
  Partial<Pick<Report, 'intents' | 'ambiguities'>> & { readonly summary: Omit<Report['summary'], 'asCalled'> & Partial<Pick<Report['summary'], 'asCalled'>> };

/**
 * A validated report.json as the current {@link Report}: a version 1 document (before intents)
 * has no intent cases, so it reads as having no intents, no ambiguities and nothing "as called".
 */
export function upgradeReport(saved: SavedReport): Report {
  return {
    ...saved,
    schemaVersion: REPORT_SCHEMA_VERSION,
    intents: saved.intents ?? [],
    ambiguities: saved.ambiguities ?? [],
    summary: { ...saved.summary, asCalled: saved.summary.asCalled ?? {} },
  };
}

/**
 * Every value of each enumerated field of the document. `satisfies` makes the compiler fail
 * here when the core types gain a member, and a test checks the schema lists exactly these.
 * The operations and stages are the family modules' ({@link FAMILY_ENUMS}).
 */
export const REPORT_ENUMS = {
  outcome: keysOf({ pass: 1, fail: 1, error: 1, unsupported: 1, skipped: 1 } satisfies Record<Outcome, 1>),
  failureKind: keysOf({
    'wrong-output': 1,
    'rejected-valid': 1,
    'accepted-invalid': 1,
    'wrong-capability': 1,
    'undetected-tamper': 1,
    mismatch: 1,
    divergence: 1,
  } satisfies Record<FailureKind, 1>),
  caseKind: keysOf({ intent: 1, kat: 1, matrix: 1, negative: 1, fuzz: 1, import: 1 } satisfies Record<CaseKind, 1>),
  expectation: keysOf({ accept: 1, reject: 1, either: 1 } satisfies Record<Expectation, 1>),
  stage: stageNames(),
  opName: operationNames(),
  adapterKind: keysOf({ 'in-process': 1, cli: 1, external: 1 } satisfies Record<AdapterKind, 1>),
  variant: keysOf({ explicit: 1, defaults: 1 } satisfies Record<Variant, 1>),
} as const;

/**
 * The enums the family modules declare: the committed schema leaves them open, and the
 * validator fills them in from the modules, so that a new family edits no schema.
 */
export const FAMILY_ENUMS = ['stage', 'opName'] as const satisfies readonly (keyof typeof REPORT_ENUMS)[];

function keysOf<K extends string>(record: Record<K, 1>): readonly K[] {
  return Object.keys(record) as K[];
}

/** Where the committed schema lives: `schemas/` beside the package.json above this module. */
export function reportSchemaPath(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}: cannot locate schemas/report.schema.json`);
    dir = up;
  }
  return join(dir, 'schemas', 'report.schema.json');
}

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (!compiled) {
    const schema = JSON.parse(readFileSync(reportSchemaPath(), 'utf8')) as { definitions: Record<string, object> };
    for (const name of FAMILY_ENUMS) schema.definitions[name] = { ...schema.definitions[name], enum: [...REPORT_ENUMS[name]] };
    compiled = new Ajv.default({ allErrors: true, allowUnionTypes: true }).compile(schema);
  }
  return compiled;
}

/**
 * Checks a parsed `report.json` against the schema, and that result ids are unique. Returns one
 * line per problem, each starting with its JSON path (`$.results[3].outcome`) and naming the
 * result's id where there is one; an empty list means the document is valid.
 */
export function validateReport(doc: unknown): string[] {
  const validate = validator();
  const errors = validate(doc) ? [] : (validate.errors ?? []).filter((e) => e.keyword !== 'if').map((e) => describe(e, doc));
  return [...new Set(errors), ...duplicateIds(doc)];
}

/**
 * Checks a parsed `bench.json` (the {@link Report.throughput} section) against the schema's
 * `throughput` definition; one line per problem, each starting with its JSON path.
 */
export function validateThroughput(doc: unknown): string[] {
  const root = validator().schema as { $id?: string };
  const validate = new Ajv.default({ allErrors: true, allowUnionTypes: true }).addSchema(root).getSchema(`${root.$id ?? ''}#/definitions/throughput`);
  if (!validate) throw new Error('schemas/report.schema.json has no throughput definition');
  return validate(doc) ? [] : [...new Set((validate.errors ?? []).map((e) => describe(e, doc)))];
}

function describe(error: ErrorObject, doc: unknown): string {
  const segments = error.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const params = error.params as Record<string, unknown>;
  let message = error.message ?? error.keyword;
  if (error.keyword === 'required') {
    segments.push(String(params['missingProperty']));
    message = 'is required';
  } else if (error.keyword === 'additionalProperties') {
    segments.push(String(params['additionalProperty']));
    message = 'is not allowed here';
  } else if (error.keyword === 'enum') {
    message = `must be one of: ${(params['allowedValues'] as unknown[]).map(String).join(', ')}`;
  } else if (error.keyword === 'const') {
    message = `must be ${JSON.stringify(params['allowedValue'])}`;
  } else if (error.keyword === 'not' && error.schemaPath.endsWith('/else/not')) {
    segments.push('failure');
    message = 'is allowed only when outcome is "fail"';
  }
  return `${jsonPath(segments)}${resultIdOf(segments, doc)}: ${message}`;
}

/** `$.results[3].params["key bits"]` from path segments. */
function jsonPath(segments: readonly string[]): string {
  return '$' + segments.map((s) => (/^\d+$/.test(s) ? `[${s}]` : /^[A-Za-z_$][\w$]*$/.test(s) ? `.${s}` : `[${JSON.stringify(s)}]`)).join('');
}

/** ` (result aes-gcm/…)` when the path points into a result that has an id. */
function resultIdOf(segments: readonly string[], doc: unknown): string {
  if (segments[0] !== 'results' || segments[1] === undefined || segments.length < 3) return '';
  const id = resultAt(doc, Number(segments[1]))?.['id'];
  return typeof id === 'string' ? ` (result ${id})` : '';
}

function resultAt(doc: unknown, index: number): Record<string, unknown> | undefined {
  const results = (doc as { results?: unknown } | null)?.results;
  const r = Array.isArray(results) ? (results[index] as unknown) : undefined;
  return r !== null && typeof r === 'object' ? (r as Record<string, unknown>) : undefined;
}

function duplicateIds(doc: unknown): string[] {
  const results = (doc as { results?: unknown } | null)?.results;
  if (!Array.isArray(results)) return [];
  const seen = new Map<string, number>();
  const errors: string[] = [];
  results.forEach((_, i) => {
    const id = resultAt(doc, i)?.['id'];
    if (typeof id !== 'string') return;
    const first = seen.get(id);
    if (first === undefined) seen.set(id, i);
    else errors.push(`$.results[${i}].id: duplicate of $.results[${first}].id (${id})`);
  });
  return errors;
}
