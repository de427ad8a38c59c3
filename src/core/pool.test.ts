import { describe, expect, it } from 'vitest';
import type { Case } from './case.js';
import { batchesByWorker, steal } from './pool.js';

/** Just enough of a case for the batching: an id naming its affinity. */
const fake = (affinity: string | undefined): Case => ({ id: affinity ?? '-' }) as unknown as Case;

describe('worker pool batches', () => {
  const plan = ['forge', undefined, 'webcrypto', 'forge', undefined, 'forge', 'webcrypto', 'forge', undefined].map(fake);
  const affinity = (c: Case): string | undefined => (c.id === '-' ? undefined : c.id);
  const indices = plan.map((_, i) => i);

  it('gives every case of one affinity to one worker, in plan order, the rest to all', () => {
    const { shared, own } = batchesByWorker(plan, indices, 2, 2, affinity);
    expect(shared).toEqual([[1, 4], [8]]);
    const forge = own.findIndex((q) => q.flat().includes(0));
    expect(own[forge]!.flat().filter((i) => plan[i]!.id === 'forge')).toEqual([0, 3, 5, 7]);
    for (const q of own) for (const b of q) expect(b.length).toBeLessThanOrEqual(2);
    // Nothing lost, nothing twice.
    expect([...shared.flat(), ...own.flat(2)].sort((a, b) => a - b)).toEqual(indices);
    // One worker: everything with an affinity is its own.
    expect(batchesByWorker(plan, indices, 32, 1, affinity).own[0]!.flat()).toEqual([0, 2, 3, 5, 6, 7]);
  });

  it('lets an idle worker take the next batch of the worker with the most left', () => {
    const own = [[[1]], [[2], [3]], []];
    expect(steal(own)).toEqual([2]);
    expect(steal(own)).toEqual([1]);
    expect(steal(own)).toEqual([3]);
    expect(steal(own)).toBeUndefined();
  });
});
