/**
 * `bothends adapter check`: does a program conform to the bothends adapter protocol, and does
 * it do what it claims? Each check is one item with a verdict and a detail; the adapter
 * conforms when every item passes. Checks, in order: handshake; claims; known answers, round
 * trips and tampered input (the suite run on this adapter alone); known encoding pitfalls of EC
 * keys (pitfalls.ts: a secret scalar with a leading zero byte, both shapes of each encoding); undeclared combinations
 * refused as `unsupported`; malformed requests answered `bad-request`; many requests in flight
 * at once; no restarts; exit when stdin closes.
 */
import { checkClaim, declaresImplicitRejection, type Adapter, type OpImpl } from '../../core/adapter.js';
import { bytesEqual, cappedHex } from '../../core/bytes.js';
import { katOps, opsForTest } from '../../core/families/kat.js';
import { familyOf } from '../../core/families/index.js';
import { proveResolution } from '../../core/families/intent-runner.js';
import { describeError, UnsupportedError } from '../../core/errors.js';
import { isUnexpected, type KnownDeviation } from '../../core/expectations.js';
import type { ByteMap, CaseKind, CaseResult, OpName, ParamValue, Params } from '../../core/model.js';
import type { KatFile } from '../../core/plan.js';
import { rngFor } from '../../core/rng.js';
import { runSuite } from '../../core/run-suite.js';
import type { Standard } from '../../core/standard.js';
import { externalAdapter, type ExternalAdapter, type ExternalSpec } from '../external.js';
import { pitfallItems } from './pitfalls.js';
import { parseResponse } from './protocol.js';

/** One check and its verdict. */
export interface CheckItem {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
  /** Individual problems, capped, for the reader to act on. */
  readonly problems?: readonly string[];
}

/** The whole verdict. */
export interface CheckReport {
  readonly adapter: string;
  readonly command: string;
  readonly conforms: boolean;
  readonly implementation?: { readonly name: string; readonly version: string };
  readonly notes: readonly string[];
  readonly items: readonly CheckItem[];
  /** What the process wrote to stderr (last 16 KiB). */
  readonly stderr: string;
}

/** What to check against. */
export interface CheckOptions {
  readonly standards: readonly Standard[];
  readonly vectors: readonly KatFile[];
  /** Known deviations that do not count against the adapter (matched by its id). */
  readonly expectations?: readonly KnownDeviation[];
  readonly seed?: string;
  /** Requests in flight in the concurrency check. */
  readonly inFlight?: number;
  readonly onItem?: (item: CheckItem) => void;
  /** The ends a reader-only intent resolution is proven on (what they make as called); default: bothends' own adapters. */
  readonly others?: readonly Adapter[];
}

/** A request whose correct answer is known: from a vector file. */
interface Reference {
  readonly standard: string;
  readonly op: OpName;
  readonly params: Params;
  readonly inputs: Readonly<Record<string, Uint8Array>>;
  readonly output: readonly [name: string, bytes: Uint8Array];
  readonly label: string;
}

const MAX_PROBLEMS = 12;
const RAW_TIMEOUT_MS = 5_000;
const CASE_TIMEOUT_MS = 120_000;

function item(name: string, problems: readonly string[], passed: string, failed = `${problems.length} problem(s)`): CheckItem {
  return problems.length === 0 ? { name, ok: true, detail: passed } : { name, ok: false, detail: failed, problems: problems.slice(0, MAX_PROBLEMS) };
}

/** Every intent resolution the hello declares, proven both ways against the adapter's explicit operations. */
async function intentsItem(adapter: ExternalAdapter, o: CheckOptions): Promise<CheckItem> {
  const problems: string[] = [];
  let proven = 0;
  // Imported when needed: the built-in adapters include the reference adapters, which are external ones.
  const others = o.others ?? (await import('../index.js')).DEFAULT_ADAPTERS;
  for (const std of o.standards) {
    const exchanges = familyOf(std).intent;
    for (const intent of std.intents ?? []) {
      const r = adapter.intents?.[std.id]?.[intent.id];
      if (!r || !exchanges || r.refused !== undefined) continue;
      const missing = std.params.filter((p) => r.params[p.name] === undefined).map((p) => p.name);
      if (missing.length) problems.push(`${std.id} ${intent.id}: the resolution does not declare ${missing.join(', ')}`);
      for (const [name, value] of Object.entries(intent.fixes))
        if (r.params[name] !== value)
          problems.push(`${std.id} ${intent.id}: "${intent.sentence}" fixes ${name} = ${String(value)}, the resolution says ${String(r.params[name])}`);
      if (missing.length) continue;
      for (const f of await proveResolution(adapter, std, intent, r, exchanges, 'adapter check', others)) problems.push(`${std.id} ${intent.id}: ${f}`);
      proven++;
    }
  }
  return item(
    'intent resolutions',
    problems,
    proven ? `${proven} declared resolution(s) hold both ways against the explicit operations` : 'declares no intent resolution',
  );
}

/** Valid vector tests of claimed parameter sets whose output is deterministic, spread over all standards. */
function references(adapter: Adapter, o: CheckOptions): Reference[] {
  const byId = new Map(o.standards.map((s) => [s.id, s]));
  const all: Reference[] = [];
  for (const vf of o.vectors) {
    const std = byId.get(vf.standard);
    if (!std) continue;
    for (const group of vf.groups) {
      for (const test of group.tests.filter((t) => t.result === 'valid')) {
        for (const k of opsForTest(std, test)) {
          if (!(k.consuming || std.deterministic) || !checkClaim(adapter, std.id, k.op, group.params).ok) continue;
          const inputs = Object.fromEntries(Object.entries(k.inputs).map(([name, field]) => [name, test.fields[field]!]));
          all.push({
            standard: std.id,
            op: k.op,
            params: group.params,
            inputs,
            output: [k.output[0], test.fields[k.output[1]]!],
            label: `${vf.file} tcId ${test.tcId} ${k.op}`,
          });
        }
      }
    }
  }
  return all;
}

/** Up to `n` items spread evenly over `list`. */
function spread<T>(list: readonly T[], n: number): T[] {
  if (list.length <= n) return [...list];
  const step = list.length / n;
  return Array.from({ length: n }, (_, i) => list[Math.floor(i * step)]!);
}

/** Every combination of a standard's declared parameter values. */
function combinations(std: Standard): Params[] {
  let out: Array<Record<string, ParamValue>> = [{}];
  for (const spec of std.params) out = out.flatMap((p) => spec.values.map((v) => ({ ...p, [spec.name]: v })));
  return out;
}

/** Requests outside the claims: unclaimed parameter combinations, operations and standards. */
function undeclared(
  adapter: Adapter,
  standards: readonly Standard[],
  seed: string,
): Array<{ std: Standard; op: OpName; params: Params; inputs: Record<string, Uint8Array> }> {
  const rng = rngFor(seed, 'adapter-check/undeclared');
  const out: Array<{ std: Standard; op: OpName; params: Params; inputs: Record<string, Uint8Array> }> = [];
  for (const std of standards) {
    const ops = katOps(std);
    const inputsOf = (op: OpName): Record<string, Uint8Array> =>
      Object.fromEntries(Object.keys(ops.find((k) => k.op === op)?.inputs ?? {}).map((n) => [n, rng.bytes(16)]));
    const combos = std.id in adapter.capabilities.claims ? combinations(std) : std.matrix.slice(0, 1);
    const refused = combos.flatMap((params) =>
      std.ops.filter((op) => !checkClaim(adapter, std.id, op, params).ok).map((op) => ({ std, op, params, inputs: inputsOf(op) })),
    );
    out.push(...spread(refused, 24));
  }
  return out;
}

/**
 * The adapter with its successful decryptions and derivations recorded: deterministic answers
 * the later checks can ask for again, for standards without known answers (RSA is randomized).
 */
function recording(adapter: Adapter, sink: Reference[]): Adapter {
  const ops: Record<string, Partial<Record<OpName, OpImpl>>> = {};
  for (const [standard, table] of Object.entries(adapter.ops)) {
    ops[standard] = Object.fromEntries(
      Object.entries(table).map(([op, impl]) => [
        op,
        async (params: Params, inputs: ByteMap): Promise<ByteMap> => {
          const out = await impl!(params, inputs);
          const name = op === 'decrypt' ? 'plaintext' : op === 'derive' ? 'sharedSecret' : undefined;
          const bytes = name === undefined ? undefined : out[name];
          if (name && bytes)
            sink.push({
              standard,
              op: op as OpName,
              params,
              inputs,
              output: [name, bytes],
              label: `${standard} ${op} ${Object.values(params).join(' ')} (recorded)`,
            });
          return out;
        },
      ]),
    );
  }
  return { ...adapter, probe: () => adapter.probe(), capabilities: adapter.capabilities, ops };
}

/** The suite on this adapter alone: known answers, its own round trips, its own tampered output. */
async function suiteItems(adapter: Adapter, o: CheckOptions, recorded: Reference[]): Promise<CheckItem[]> {
  const claimed = o.standards.filter((s) => s.id in adapter.capabilities.claims);
  const report = await runSuite({
    standards: claimed,
    adapters: [recording(adapter, recorded)],
    kinds: ['kat', 'matrix', 'negative'],
    vectors: o.vectors.filter((v) => claimed.some((s) => s.id === v.standard)),
    expectations: o.expectations ?? [],
    seed: o.seed ?? 'bothends',
    isolation: 'none',
    // Correctness, not speed: slow key generation (RSA-4096) must not turn into errors here;
    // the per-request timeout still catches a process that hangs.
    timeoutMs: CASE_TIMEOUT_MS,
  });
  const byKind = (kind: CaseKind): CaseResult[] => report.results.filter((r) => r.kind === kind);
  const describe = (kind: CaseKind, what: string): CheckItem => {
    const results = byKind(kind);
    const count = (outcome: string): number => results.filter((r) => r.outcome === outcome).length;
    const known = results.filter((r) => r.known).length;
    const bad = results.filter(isUnexpected).map((r) => `${r.outcome}${r.failure ? ` (${r.failure})` : ''} ${r.id}: ${r.message}`);
    const implicit = results.filter((r) => r.outcome === 'pass' && r.rejection === 'implicit').length;
    const summary = `${count('pass')} pass${implicit ? ` (${implicit} by implicit rejection)` : ''}, ${count('unsupported')} unsupported (outside the claims)${known ? `, ${known} known deviation(s) listed in the expectations` : ''}`;
    return item(what, bad, summary, `${bad.length} unexpected of ${results.length}: ${summary}`);
  };
  return [describe('kat', 'known answers'), describe('matrix', 'round trips'), describe('negative', 'tampered input rejected')];
}

/** Undeclared combinations must come back `unsupported`. */
async function undeclaredItem(adapter: Adapter, o: CheckOptions): Promise<CheckItem> {
  const requests = undeclared(adapter, o.standards, o.seed ?? 'bothends');
  const problems: string[] = [];
  for (const r of requests) {
    const where = `${r.std.id} ${r.op} ${r.std.paramsId(r.params)}`;
    try {
      const out = await adapter.ops[r.std.id]![r.op]!(r.params, r.inputs);
      problems.push(`${where}: answered ok (${Object.keys(out).join(', ')}) although the hello does not claim it`);
    } catch (err) {
      if (!(err instanceof UnsupportedError)) problems.push(`${where}: expected code unsupported, got ${describeError(err)}`);
    }
  }
  return item('undeclared combinations refused as unsupported', problems, `${requests.length} requests outside the claims, all answered unsupported`);
}

/** One malformed line and the id its bad-request answer must carry. */
interface BadLine {
  readonly what: string;
  readonly line: string;
  readonly id: string | null;
}

function badLines(ref: Reference): BadLine[] {
  const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');
  const inputs = Object.fromEntries(Object.entries(ref.inputs).map(([k, v]) => [k, b64(v)]));
  const request = (id: string, changes: Record<string, unknown>): string =>
    JSON.stringify({ id, op: ref.op, standard: ref.standard, params: ref.params, inputs, ...changes });
  const [firstParam] = Object.keys(ref.params);
  const [firstInput] = Object.keys(inputs);
  const lines: BadLine[] = [
    { what: 'a line that is not JSON', line: 'this is not JSON', id: null },
    { what: 'an object without an id', line: JSON.stringify({ op: ref.op, standard: ref.standard }), id: null },
    { what: 'an unknown operation', line: request('check-op', { op: 'frobnicate' }), id: 'check-op' },
  ];
  if (firstParam) {
    const { [firstParam]: _dropped, ...params } = ref.params;
    lines.push({ what: `a missing parameter (${firstParam}; there are no defaults)`, line: request('check-param', { params }), id: 'check-param' });
  }
  if (firstInput) {
    const { [firstInput]: _dropped, ...rest } = inputs;
    lines.push({ what: `a missing input (${firstInput})`, line: request('check-input', { inputs: rest }), id: 'check-input' });
    lines.push({
      what: `an input that is not base64 (${firstInput})`,
      line: request('check-b64', { inputs: { ...inputs, [firstInput]: '*not base64*' } }),
      id: 'check-b64',
    });
  }
  return lines;
}

/** Malformed requests must be answered `bad-request` (id null when the line had no usable id); the adapter must go on working. */
async function badRequestItem(adapter: ExternalAdapter, ref: Reference | undefined): Promise<CheckItem> {
  const name = 'malformed requests answered bad-request';
  if (!ref) return { name, ok: false, detail: 'no known answer among the claims to build requests from' };
  const problems: string[] = [];
  for (const bad of badLines(ref)) {
    try {
      const answer = parseResponse(await adapter.connection.exchangeRaw(bad.line, RAW_TIMEOUT_MS));
      if (typeof answer === 'string') problems.push(`${bad.what}: the answer is not a response (${answer})`);
      else if (answer.id !== bad.id) problems.push(`${bad.what}: answered id ${JSON.stringify(answer.id)}, expected ${JSON.stringify(bad.id)}`);
      else if (!('error' in answer.reply) || answer.reply.error.code !== 'bad-request')
        problems.push(`${bad.what}: expected code bad-request, got ${JSON.stringify(answer.reply)}`.slice(0, 300));
    } catch (err) {
      problems.push(`${bad.what}: ${describeError(err)}`);
    }
  }
  const after = await answerOf(adapter, ref);
  if (after) problems.push(`after the malformed requests, a valid one failed: ${after}`);
  return item(name, problems, `${badLines(ref).length} malformed requests answered bad-request; a valid request afterwards still works`);
}

/** Why the adapter's answer to `ref` is wrong, or undefined when it is right. */
async function answerOf(adapter: Adapter, ref: Reference): Promise<string | undefined> {
  try {
    const out = await adapter.ops[ref.standard]![ref.op]!(ref.params, ref.inputs);
    const got = out[ref.output[0]];
    if (!got) return `${ref.label}: no ${ref.output[0]} in the answer`;
    return bytesEqual(got, ref.output[1]) ? undefined : `${ref.label}: expected ${cappedHex(ref.output[1], 24)}, got ${cappedHex(got, 24)}`;
  } catch (err) {
    return `${ref.label}: ${describeError(err)}`;
  }
}

/** Many known-answer requests in flight at once: each must come back once, with its own answer. */
async function concurrencyItem(adapter: Adapter, refs: readonly Reference[], n: number): Promise<CheckItem> {
  const name = 'concurrent requests matched by id';
  const chosen = spread(refs, n);
  if (chosen.length < 2) return { name, ok: false, detail: 'fewer than two known answers among the claims' };
  const t0 = performance.now();
  const wrong = (await Promise.all(chosen.map((r) => answerOf(adapter, r)))).filter((p): p is string => p !== undefined);
  const ms = performance.now() - t0;
  return item(name, wrong, `${chosen.length} requests in flight at once, each answered with its own known answer (${ms.toFixed(0)} ms)`);
}

/** Runs every check on `spec`; never throws for a non-conforming adapter. */
export async function checkAdapter(spec: ExternalSpec, o: CheckOptions): Promise<CheckReport> {
  const adapter = externalAdapter({ ...spec, standards: o.standards });
  const items: CheckItem[] = [];
  const add = (i: CheckItem): void => {
    items.push(i);
    o.onItem?.(i);
  };
  const command = [spec.command.file, ...spec.command.args].join(' ');
  try {
    const t0 = performance.now();
    const probe = await adapter.probe();
    if (!probe.available) {
      add({ name: 'handshake', ok: false, detail: probe.reason });
      return finish(adapter, command, items);
    }
    add({
      name: 'handshake',
      ok: true,
      detail: `${adapter.hello?.implementation} ${probe.version}, protocol 1, hello after ${(performance.now() - t0).toFixed(0)} ms`,
    });
    const claimed = Object.keys(adapter.capabilities.claims);
    // A standard the hello claims but bothends had to drop (a misspelled parameter or value, a
    // parameter left out) would silently lose its cells, and implicit rejection declared where
    // the standard does not permit it would excuse nothing: the check says so and fails.
    const dropped = adapter.notes.filter((n) => / treated as a gap: |rejection "implicit" ignored/.test(n));
    const gaps = Object.keys(adapter.capabilities.gaps).join(', ') || 'none';
    const implicit = claimed.filter((id) => declaresImplicitRejection(adapter, id));
    const rejecting = implicit.length ? `; implicit rejection declared for ${implicit.join(', ')}` : '';
    add(
      !claimed.length
        ? { name: 'claims', ok: false, detail: 'claims no standard bothends knows' }
        : dropped.length
          ? { name: 'claims', ok: false, detail: `${dropped.length} claim(s) dropped or ignored; kept: ${claimed.join(', ')}`, problems: dropped }
          : { name: 'claims', ok: true, detail: `${claimed.join(', ')}; gaps: ${gaps}${rejecting}` },
    );
    if (!claimed.length) return finish(adapter, command, items);
    const recorded: Reference[] = [];
    for (const i of await suiteItems(adapter, o, recorded)) add(i);
    for (const i of await pitfallItems(adapter, o.standards)) add(i);
    add(await undeclaredItem(adapter, o));
    add(await intentsItem(adapter, o));
    const refs = [...references(adapter, o), ...recorded.filter((r) => r.op === 'derive' || r.inputs['ciphertext'] !== undefined)];
    add(await badRequestItem(adapter, refs[0]));
    add(await concurrencyItem(adapter, refs, o.inFlight ?? 64));
    const restarts = adapter.connection.started - 1;
    add(
      item(
        'process stayed up',
        restarts > 0 ? [`restarted ${restarts} time(s); see the errors above and stderr`] : [],
        'one process for the whole check, no restarts',
      ),
    );
    const exited = await adapter.connection.close();
    add(item('exits when stdin closes', exited ? [] : ['still running 2 s after its stdin closed; it was killed'], 'exited by itself after stdin closed'));
  } catch (err) {
    add({ name: 'check', ok: false, detail: `the check itself failed: ${describeError(err)}` });
  }
  return finish(adapter, command, items);
}

async function finish(adapter: ExternalAdapter, command: string, items: readonly CheckItem[]): Promise<CheckReport> {
  await adapter.dispose?.();
  const hello = adapter.hello;
  return {
    adapter: adapter.id,
    command,
    conforms: items.length > 0 && items.every((i) => i.ok),
    ...(hello ? { implementation: { name: hello.implementation, version: hello.version } } : {}),
    notes: adapter.notes,
    items,
    stderr: adapter.connection.stderr.all(),
  };
}
