/**
 * Section (a): harness overhead. The same work — encrypt then decrypt one small message and
 * compare — done five ways in one process, interleaved, median of several rounds:
 *
 * 1. `library`: node:crypto called directly (for node-crypto only: the bare loop of DESIGN.md);
 * 2. `adapter op`: the adapter's operation functions on prepared inputs;
 * 3. `step`: the harness's classified call (`step` → `invoke`: claim check, output check);
 * 4. `family`: the matrix cell's code (inputs derived from the seed, memo, compare), no runner;
 * 5. `runner`: `runCases` over that many synthetic matrix cases, on one thread, one case at a
 *    time (concurrency 1, as the bare loop does one operation at a time: both measured alike),
 *    handing each result on as it finishes, as `runSuite` takes them;
 * 6. `kat runner`: `runCases` over known-answer cases (one operation checked against the
 *    vector per case, so two cases per round trip: the bulk of a corpus run), on one thread.
 *
 * overhead = bare ops/s ÷ runner ops/s, where bare is `library` when there is one, else
 * `adapter op`. The layers in between say where the time goes. The worker pool is not a layer
 * here: for cases this small, passing them to a thread and back costs more than they do (it
 * pays for isolation and for heavy cases; section (c) measures it on the real plan).
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import type { Adapter } from '../src/core/adapter.js';
import { bytesEqual } from '../src/core/bytes.js';
import type { Case, CaseContext } from '../src/core/case.js';
import type { KatTest } from '../src/core/families/family.js';
import { familyOf } from '../src/core/families/index.js';
import { decryptInputs } from '../src/core/families/inputs.js';
import type { ByteMap, CaseResult } from '../src/core/model.js';
import { buildPlan } from '../src/core/plan.js';
import { runCases } from '../src/core/run-cases.js';
import type { Standard } from '../src/core/standard.js';
import { step } from '../src/core/step.js';
import { interleaved, type Contender, type Measured } from './stats.js';
import { runnerOptions, syntheticCases, workloadFor, type Workload } from './synthetic.js';

/** DESIGN.md: case throughput ≥ 0.8 × a bare loop, i.e. bare ÷ harness ≤ 1.25. */
export const OVERHEAD_GOAL = 1.25;

/** Message size of the overhead workload: a small message, where overhead shows most. */
export const OVERHEAD_MESSAGE_BYTES = 64;

/** Prepared inputs cycled through by the loops that take inputs as given. */
const POOL = 64;

/** One adapter's layers and ratios. */
export interface OverheadResult {
  readonly adapter: string;
  readonly standard: string;
  readonly paramsId: string;
  readonly messageBytes: number;
  readonly layers: readonly Measured[];
  /** The layer the ratio is taken against: `library` or `adapter op`. */
  readonly bare: string;
  /** bare ops/s ÷ runner ops/s. */
  readonly ratio: number;
}

function pool(w: Workload): ByteMap[] {
  return Array.from({ length: POOL }, (_, j) => familyOf(w.standard).messages!.encryptInputs(`pool${j}`, w.standard, w.params, w.size));
}

/** Throws when a round trip did not give the plaintext back: a benchmark must not time broken work. */
function check(got: Uint8Array | undefined, want: Uint8Array | undefined, who: string): void {
  if (!got || !want || !bytesEqual(got, want)) throw new Error(`${who}: round trip did not give the plaintext back`);
}

/** node:crypto AES-GCM called directly, as a user of the library would. */
function libraryLoop(w: Workload): Contender | undefined {
  if (w.adapter.id !== 'node-crypto' || w.standard.id !== 'aes-gcm') return undefined;
  const cipher = `aes-${String(w.params['keyBits'])}-gcm` as 'aes-128-gcm';
  const authTagLength = Number(w.params['tagBytes']);
  const inputs = pool(w).map((m) => ({ key: m['key']!, iv: m['iv']!, aad: m['aad']!, plaintext: m['plaintext']! }));
  return {
    name: 'library',
    prepare: (n) => async () => {
      for (let i = 0; i < n; i++) {
        const m = inputs[i % POOL]!;
        const c = createCipheriv(cipher, m.key, m.iv, { authTagLength }).setAAD(m.aad);
        const ct = Buffer.concat([c.update(m.plaintext), c.final()]);
        const d = createDecipheriv(cipher, m.key, m.iv, { authTagLength }).setAuthTag(c.getAuthTag()).setAAD(m.aad);
        check(Buffer.concat([d.update(ct), d.final()]), m.plaintext, 'library');
      }
    },
  };
}

function adapterOpLoop(w: Workload): Contender {
  const ops = w.adapter.ops[w.standard.id]!;
  const inputs = pool(w);
  return {
    name: 'adapter op',
    prepare: (n) => async () => {
      for (let i = 0; i < n; i++) {
        const m = inputs[i % POOL]!;
        const ct = (await ops.encrypt!(w.params, m))['ciphertext']!;
        check((await ops.decrypt!(w.params, decryptInputs(m, ct)))['plaintext'], m['plaintext'], 'adapter op');
      }
    },
  };
}

function stepLoop(w: Workload): Contender {
  const inputs = pool(w);
  const { adapter: a, standard: s, params } = w;
  return {
    name: 'step',
    prepare: (n) => async () => {
      for (let i = 0; i < n; i++) {
        const m = inputs[i % POOL]!;
        const progress = { stage: undefined };
        const e = await step(progress, a, s.id, 'encrypt', params, m);
        const d = e.ok ? await step(progress, a, s.id, 'decrypt', params, decryptInputs(m, e.out['ciphertext']!)) : e;
        check(d.ok ? d.out['plaintext'] : undefined, m['plaintext'], 'step');
      }
    },
  };
}

/** The matrix family code with the smallest context that satisfies it: no runner around it. */
function familyLoop(w: Workload, std: Standard): Contender {
  const family = familyOf(std);
  const a = w.adapter;
  return {
    name: 'family',
    prepare: (n) => async () => {
      for (let i = 0; i < n; i++) {
        const memo = new Map<string, Promise<unknown>>();
        const ctx: CaseContext = {
          seed: `family#${i}`,
          progress: { stage: undefined },
          adapter: () => a,
          memo: <T>(k: string, make: () => Promise<T>): Promise<T> => (memo.get(k) as Promise<T> | undefined) ?? (memo.set(k, make()).get(k) as Promise<T>),
        };
        const v = await family.matrix(ctx, std, w.params, a.id, a.id);
        if (v.outcome !== 'pass') throw new Error(`family: ${v.message}`);
      }
    },
  };
}

function runnerLoop(w: Workload): Contender {
  const adapters = new Map([[w.adapter.id, w.adapter]]);
  return {
    name: 'runner',
    prepare: (n) => {
      const cases = syntheticCases(w, n);
      return async () => {
        // As runSuite calls it: each result handed on as it finishes (keeping them for the
        // reports is the report's cost, measured in section (e)).
        const p = passing('runner');
        await runCases(cases, adapters, { ...runnerOptions('bench'), concurrency: 1, retain: false, onResult: p.onResult });
        p.check();
      };
    },
  };
}

/**
 * `n` known-answer vectors of `w`, planned by the run's own planner (two cases each: encrypt,
 * decrypt). The known answers are the adapter's own encryptions of generated inputs, made here,
 * untimed; every case must pass.
 */
async function katCases(w: Workload, n: number): Promise<Case[]> {
  const { adapter: a, standard: std, params } = w;
  const encrypt = a.ops[std.id]!.encrypt!;
  const tests: KatTest[] = [];
  for (let i = 0; i < n; i++) {
    const inputs = familyOf(std).messages!.encryptInputs(`kat${i}`, std, params, w.size);
    const fields = { ...inputs, ciphertext: (await encrypt(params, inputs))['ciphertext']! };
    tests.push({ tcId: i + 1, comment: 'benchmark vector', flags: [], result: 'valid', source: 'npm run bench', fields });
  }
  const file = { file: `bench/${a.id}.json`, standard: std.id, groups: [{ params, tests }] };
  return buildPlan({ standards: [std], adapters: [{ adapter: a, probe: { available: true, version: 'bench' } }], vectors: [file], kinds: ['kat'] });
}

/** Throws for the first case that did not pass: a benchmark must not time broken work. */
function passing(layer: string): { onResult: (r: CaseResult) => void; check: () => void } {
  let bad: CaseResult | undefined;
  return {
    onResult: (r) => {
      if (r.outcome !== 'pass') bad ??= r;
    },
    check: () => {
      if (bad) throw new Error(`${layer}: ${bad.id}: ${bad.message}`);
    },
  };
}

/** Known-answer cases on one thread; `n` round trips are 2n cases. */
function katRunnerLoop(w: Workload): Contender {
  const adapters = new Map([[w.adapter.id, w.adapter]]);
  return {
    name: 'kat runner',
    prepare: async (n) => {
      const cases = await katCases(w, n);
      return async () => {
        const p = passing('kat runner');
        await runCases(cases, adapters, { ...runnerOptions('bench'), concurrency: 1, retain: false, onResult: p.onResult });
        p.check();
      };
    },
  };
}

/** Measures one workload's layers. */
export async function measureOverhead(w: Workload, rounds: number, targetMs: number): Promise<OverheadResult> {
  const std = { ...w.standard, plaintextSizes: [w.size] };
  const library = libraryLoop(w);
  const contenders = [...(library ? [library] : []), adapterOpLoop(w), stepLoop(w), familyLoop(w, std), runnerLoop(w), katRunnerLoop(w)];
  const layers = await interleaved(contenders, rounds, targetMs);
  const bare = layers[0]!;
  const layer = (name: string): Measured => layers.find((l) => l.name === name)!;
  return {
    adapter: w.adapter.id,
    standard: w.standard.id,
    paramsId: w.standard.paramsId(w.params),
    messageBytes: w.size,
    layers,
    bare: bare.name,
    ratio: bare.opsPerSec / layer('runner').opsPerSec,
  };
}

/**
 * The workloads of section (a): every available in-process adapter with a symmetric standard,
 * node-crypto first. `defaults` variants are left out: they call the same library, and the
 * harness around them is the same.
 */
export function overheadWorkloads(adapters: ReadonlyArray<{ adapter: Adapter; available: boolean }>, standards: readonly Standard[]): Workload[] {
  const chosen = adapters.filter((a) => a.available && a.adapter.kind === 'in-process' && a.adapter.variant === 'explicit');
  const list = chosen.map((a) => workloadFor(a.adapter, standards, OVERHEAD_MESSAGE_BYTES));
  const found = list.filter((w): w is Workload => w !== undefined);
  return [...found.filter((w) => w.adapter.id === 'node-crypto'), ...found.filter((w) => w.adapter.id !== 'node-crypto')];
}
