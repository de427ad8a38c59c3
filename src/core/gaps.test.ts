/**
 * One default gap reason: an adapter declares only the gaps it has something specific to say
 * about, and every other standard it does not claim gets the reason of `gapReason`, in claim
 * checks, reports and `bothends list` alike.
 */
import { describe, expect, it } from 'vitest';
import { checkClaim, defineAdapter, gapReason, gapsFor, type Adapter } from './adapter.js';

const adapter: Adapter = defineAdapter({
  id: 'one-trick',
  library: 'one-trick',
  kind: 'in-process',
  variant: 'explicit',
  description: 'an adapter of one standard',
  probe: async () => ({ available: true, version: '1.0.0' }),
  capabilities: { claims: { 'aes-gcm': { ops: ['encrypt'] } }, gaps: { 'aes-cbc': 'one-trick has no unauthenticated mode' } },
  ops: { 'aes-gcm': { encrypt: () => ({}) } },
});

describe('gapReason', () => {
  it('is undefined for a claimed standard', () => {
    expect(gapReason(adapter, 'aes-gcm')).toBeUndefined();
  });

  it("is the adapter's own reason where it gives one", () => {
    expect(gapReason(adapter, 'aes-cbc')).toBe('one-trick has no unauthenticated mode');
  });

  it('gives a standard the adapter never heard of the default reason: what it does implement', () => {
    expect(gapReason(adapter, 'ml-kem-768')).toBe('one-trick has no binding for ml-kem-768: it implements aes-gcm');
    expect(checkClaim(adapter, 'ml-kem-768', 'encrypt', {})).toEqual({ ok: false, reason: gapReason(adapter, 'ml-kem-768') });
  });

  it('lists a reason for every standard not claimed, and only those', () => {
    expect(gapsFor(adapter, ['aes-gcm', 'aes-cbc', 'ml-kem-768'])).toEqual({
      'aes-cbc': 'one-trick has no unauthenticated mode',
      'ml-kem-768': 'one-trick has no binding for ml-kem-768: it implements aes-gcm',
    });
  });
});
