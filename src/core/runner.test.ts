import { describe, expect, it } from 'vitest';
import type { Case } from './case.js';
import { runCases } from './runner.js';
import { STANDARD_BY_ID } from '../standards/index.js';
import { rngFor } from './rng.js';

const std = STANDARD_BY_ID.get('aes-gcm')!;

function c(id: string, execute: Case['execute']): Case {
  return { id, standard: std, kind: 'matrix', params: {}, paramsId: 'p', producer: 'a', consumer: 'b', expected: 'accept', expectedBecause: 'because', ...(execute ? { execute } : {}) };
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
    const results = await runCases(cases, new Map(), { seed: 's', concurrency: 3, timeoutMs: 100, replay: (x) => `replay ${x.id}`, onResult: (r) => seen.push(r.id) });
    expect(results.map((r) => [r.id, r.outcome])).toEqual([['throws', 'error'], ['hangs', 'error'], ['passes', 'pass']]);
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
