import { describe, expect, it } from 'vitest';
import type { Case } from './case.js';
import { defineAdapter } from './adapter.js';
import { makeMemo, runCases } from './run-cases.js';
import { step } from './step.js';
import { STANDARD_BY_ID } from '../standards/index.js';
import { rngFor } from './rng.js';

const std = STANDARD_BY_ID.get('aes-gcm')!;

function c(id: string, execute: Case['execute']): Case {
  return {
    id,
    standard: std,
    kind: 'matrix',
    params: {},
    paramsId: 'p',
    producer: 'a',
    consumer: 'b',
    expected: 'accept',
    expectedBecause: 'because',
    ...(execute ? { execute } : {}),
  };
}

describe('runner', () => {
  it('turns throws, hangs and rejections into error results in plan order and goes on', async () => {
    const cases = [
      c('throws', async () => {
        throw new Error('kaput');
      }),
      c('hangs', async (ctx) => {
        ctx.progress.stage = 'decrypt';
        return new Promise(() => undefined);
      }),
      c('passes', async () => ({ outcome: 'pass', message: 'ok', sides: [] })),
    ];
    const seen: string[] = [];
    const results = await runCases(cases, new Map(), {
      seed: 's',
      concurrency: 3,
      timeoutMs: 100,
      replay: (x) => `replay ${x.id}`,
      onResult: (r) => seen.push(r.id),
    });
    expect(results.map((r) => [r.id, r.outcome])).toEqual([
      ['throws', 'error'],
      ['hangs', 'error'],
      ['passes', 'pass'],
    ]);
    expect(results[0]!.message).toMatch(/kaput/);
    expect(results[1]!.message).toMatch(/timed out after 100 ms during decrypt/);
    expect(results[1]!.stage).toBe('decrypt');
    expect(results[2]!.replay).toBe('replay passes');
    expect(seen.sort()).toEqual(['hangs', 'passes', 'throws']);
  });

  it('produces a memoised artifact once for all consumers', async () => {
    let made = 0;
    const make = async (): Promise<number> => ++made;
    const cases = [1, 2, 3].map((n) => c(`c${n}`, async (ctx) => ({ outcome: 'pass', message: String(await ctx.memo('k', make)), sides: [] })));
    const results = await runCases(cases, new Map(), { seed: 's', concurrency: 2, timeoutMs: 1000, replay: () => '' });
    expect(made).toBe(1);
    expect(results.every((r) => r.message === '1')).toBe(true);
  });
});

describe('rng', () => {
  it('is a function of seed and label only', () => {
    expect(rngFor('s', 'a').bytes(40)).toEqual(rngFor('s', 'a').bytes(40));
    expect(rngFor('s', 'a').bytes(40)).not.toEqual(rngFor('s', 'b').bytes(40));
    expect(rngFor('t', 'a').bytes(40)).not.toEqual(rngFor('s', 'a').bytes(40));
  });
});

describe('rng quality', () => {
  it('keeps seed and label apart, and spreads its bytes evenly', () => {
    expect(rngFor('ab', 'c').bytes(32)).not.toEqual(rngFor('a', 'bc').bytes(32));
    const counts = new Array<number>(256).fill(0);
    for (const b of rngFor('s', 'spread').bytes(256 * 400)) counts[b]!++;
    // 400 expected per value; a broken generator (stuck, short cycle, low bits only) is far off.
    expect(Math.min(...counts)).toBeGreaterThan(300);
    expect(Math.max(...counts)).toBeLessThan(500);
    const odd = rngFor('s', 'odd').bytes(7);
    expect(odd).toHaveLength(7);
    expect(rngFor('s', 'odd').bytes(8).subarray(0, 7)).toEqual(odd);
    const ints = Array.from(
      { length: 1000 },
      (
        (r) => () =>
          r.int(10)
      )(rngFor('s', 'ints')),
    );
    expect(new Set(ints).size).toBe(10);
  });
});

describe('artifact memo', () => {
  it('keeps `keep` entries for the whole run, keeps what is used and drops what is not', async () => {
    const memo = makeMemo(2);
    let made = 0;
    const make = async (): Promise<number> => ++made;
    await memo('pair', make, true);
    await memo('a', make);
    await memo('b', make);
    await memo('c', make); // the generation {a, b} is full: c starts a new one
    expect(made).toBe(4);
    expect(await memo('a', make)).toBe(2); // found in the previous generation, moved to the current one
    await memo('d', make); // {c, a} becomes the previous generation; {a, b}'s b is dropped
    expect(await memo('pair', make)).toBe(1);
    expect(await memo('a', make)).toBe(2);
    expect(await memo('b', make)).toBe(6); // made again
    expect(made).toBe(6);
  });

  it('holds at most twice its capacity besides the kept entries', async () => {
    const memo = makeMemo(3);
    let made = 0;
    const make = async (): Promise<number> => ++made;
    for (let i = 0; i < 20; i++) await memo(`k${i}`, make);
    made = 0;
    for (let i = 0; i < 20; i++) await memo(`k${i}`, make);
    // Only the last two generations (k12…k17 once k18 began a third, then k18, k19) can have survived.
    expect(made).toBeGreaterThanOrEqual(20 - 6);
  });
});

describe('sides in results', () => {
  const fake = defineAdapter({
    id: 'fake',
    library: 'fake',
    kind: 'in-process',
    variant: 'explicit',
    description: 'returns its input as output',
    probe: async () => ({ available: true, version: '1' }),
    capabilities: { claims: { 'aes-gcm': { ops: ['encrypt'] } }, gaps: {} },
    ops: { 'aes-gcm': { encrypt: (_p, i) => ({ ciphertext: i['plaintext']! }) } },
  });
  const stepCase = (id: string, outcome: 'pass' | 'fail'): Case =>
    c(id, async (ctx) => {
      const s = await step(ctx.progress, ctx.adapter('fake'), 'aes-gcm', 'encrypt', {}, { plaintext: Uint8Array.of(0xab, 0xcd) });
      return { outcome, message: 'm', sides: [s.side] };
    });

  it('carry the bytes as hex only when the case did not pass, and never the bytes themselves', async () => {
    const results = await runCases([stepCase('p', 'pass'), stepCase('f', 'fail')], new Map([['fake', fake]]), {
      seed: 's',
      concurrency: 1,
      timeoutMs: 1000,
      replay: () => '',
    });
    expect(results[0]!.sides).toEqual([{ adapter: 'fake', op: 'encrypt', message: 'ok' }]);
    expect(results[1]!.sides).toEqual([{ adapter: 'fake', op: 'encrypt', message: 'ok', input: 'plaintext=abcd', output: 'ciphertext=abcd' }]);
    expect(Object.getOwnPropertySymbols(results[0]!.sides[0]!)).toEqual([]);
    expect(Object.getOwnPropertySymbols(results[1]!.sides[0]!)).toEqual([]);
  });

  it('can be streamed without being kept', async () => {
    const seen: string[] = [];
    const results = await runCases([stepCase('p', 'pass')], new Map([['fake', fake]]), {
      seed: 's',
      concurrency: 1,
      timeoutMs: 1000,
      replay: () => '',
      retain: false,
      onResult: (r) => seen.push(r.id),
    });
    expect(results).toEqual([]);
    expect(seen).toEqual(['p']);
  });
});

describe('time budgets', () => {
  it('gives a case with a budget factor that many times the timeout', async () => {
    const slow = (id: string, budgetFactor?: number): Case => ({
      ...c(id, () => new Promise((resolve) => setTimeout(() => resolve({ outcome: 'pass', message: 'done', sides: [] }), 150))),
      ...(budgetFactor ? { budgetFactor } : {}),
    });
    const results = await runCases([slow('plain'), slow('heavy', 4)], new Map(), { seed: 's', concurrency: 2, timeoutMs: 60, replay: () => '' });
    expect(results.map((r) => [r.id, r.outcome])).toEqual([
      ['plain', 'error'],
      ['heavy', 'pass'],
    ]);
  });
});
