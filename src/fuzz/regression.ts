/**
 * Saving a shrunk counterexample as a regression vector: a normal bothends vector file
 * (vectors/schema/vector-file.schema.json), `<dir>/<standard>/fuzz_regression_<...>_test.json`,
 * whose source names the seed, the fast-check path and the replay command. Which output is
 * right is decided by running every implementation on the inputs: the answer a strict majority
 * of those that answered gives (at least two), so a broken producer or consumer cannot vote
 * its own bug into the file.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bytesEqual, toHex } from '../core/bytes.js';
import type { CaseContext } from '../core/case.js';
import { invoke } from '../core/call-adapter.js';
import type { Params } from '../core/model.js';
import type { Standard } from '../core/standard.js';
import { interpret } from '../vectors/interpret.js';
import { schemaProblems } from '../vectors/schema.js';
import { serializeVectorFile, type FlagNote, type VectorFileJson } from '../vectors/vector-file.js';
import type { Regression } from '../core/families/fuzz-property.js';

/** Where the counterexample came from. */
export interface Provenance {
  readonly caseId: string;
  readonly seed: string;
  readonly fcSeed: number;
  readonly path: string;
  readonly replay: string;
  readonly what: string;
}

const NOTES: Readonly<Record<Regression['flag'], FlagNote>> = {
  FuzzRoundTrip: {
    bugType: 'FUNCTIONALITY',
    description:
      'Found by bothends fuzz: implementations disagreed on these inputs (a failed round trip, different outputs, a crash or a refusal). The expected output is what a majority of the implementations computed.',
  },
  FuzzTamper: {
    bugType: 'AUTH_BYPASS',
    description: 'Found by bothends fuzz: a consumer accepted this ciphertext, made by flipping one bit of a valid one. Decryption must fail.',
  },
};

/** The output a strict majority (at least two) of the implementations that answered gave, or why there is none. */
async function vote(
  ctx: CaseContext,
  std: Standard,
  params: Params,
  voters: readonly string[],
  v: NonNullable<Regression['vote']>,
): Promise<{ value: Uint8Array; tally: string } | { why: string }> {
  const answers = new Map<string, { value: Uint8Array; who: string[] }>();
  let answered = 0;
  for (const id of voters) {
    try {
      const out = (await invoke(ctx.adapter(id), std.id, v.op, params, v.inputs))[v.output]!;
      answered++;
      const entry = answers.get(toHex(out)) ?? { value: out, who: [] };
      entry.who.push(id);
      answers.set(toHex(out), entry);
    } catch {
      // A refusal or a crash is no answer.
    }
  }
  const best = [...answers.values()].sort((a, b) => b.who.length - a.who.length)[0];
  if (!best || best.who.length < 2 || best.who.length * 2 <= answered) {
    return {
      why: `no majority among the ${answered} implementations that answered (${[...answers.values()].map((a) => a.who.join('+')).join(' vs ') || 'none'})`,
    };
  }
  return { value: best.value, tally: `${best.who.join(', ')} (${best.who.length} of ${answered})` };
}

/** `aes_gcm-ish`-safe file name part. */
const slug = (s: string): string =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');

/**
 * Writes the regression vector of a failure below `dir` and returns its path, or the reason
 * none was written (no majority, or a file that would not load — never written then).
 */
export async function saveRegression(
  dir: string,
  ctx: CaseContext,
  std: Standard,
  params: Params,
  voters: readonly string[],
  r: Regression,
  from: Provenance,
): Promise<{ path: string } | { why: string }> {
  const fields: Record<string, Uint8Array> = { ...r.fields };
  let decided = '';
  if (r.vote) {
    const v = await vote(ctx, std, params, voters, r.vote);
    if ('why' in v) return { why: `no regression vector: ${v.why}` };
    if (r.vote.intended && !bytesEqual(r.vote.intended, v.value)) {
      return {
        why: `no regression vector: ${v.tally} read another message than the one encrypted, so the producer is at fault, and a randomized encryption has no known answer to save`,
      };
    }
    fields[r.vote.field] = v.value;
    decided = ` The expected ${r.vote.field} is what ${v.tally} computed.`;
  }
  const hex = Object.fromEntries(Object.entries(fields).map(([k, b]) => [k, toHex(b)]));
  const digest = createHash('sha256')
    .update(JSON.stringify([std.id, params, hex, r.result]))
    .digest('hex')
    .slice(0, 10);
  const name = `fuzz_regression_${slug(std.paramsId(params))}_${digest}_test.json`;
  const json: VectorFileJson = {
    $schema: '../schema/vector-file.schema.json',
    standard: std.id,
    description: `Regression vector found by bothends fuzz: ${from.what}.${decided}`,
    numberOfTests: 1,
    sources: { 'bothends-fuzz': { title: `bothends fuzz, seed "${from.seed}" (fast-check seed ${from.fcSeed}, path "${from.path}"); replay: ${from.replay}` } },
    notes: { [r.flag]: NOTES[r.flag] },
    groups: [
      { params, tests: [{ tcId: 1, comment: from.what, source: 'bothends-fuzz', ref: `case ${from.caseId}`, flags: [r.flag], result: r.result, ...hex }] },
    ],
  };
  const problems = [...schemaProblems(json), ...interpret(json, name).problems];
  if (problems.length > 0) return { why: `no regression vector: it would not load (${problems.map((p) => p.message).join('; ')})` };
  const target = join(dir, std.id, name);
  mkdirSync(join(dir, std.id), { recursive: true });
  writeFileSync(target, serializeVectorFile(json));
  return { path: target };
}
