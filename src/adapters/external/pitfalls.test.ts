/**
 * The encoding pitfalls of `adapter check` against real libraries (they pass) and against
 * node:crypto made to stumble as libraries do (each stumble fails its check).
 */
import { describe, expect, it } from 'vitest';
import { defineAdapter, type Adapter, type OpImpl } from '../../core/adapter.js';
import { RejectedError } from '../../core/errors.js';
import type { ByteMap } from '../../core/model.js';
import { EC_CURVES, ecScalarOfPkcs8, pemDearmor, ecPkcs8, type EcCurve } from '../../standards/key-encoding.js';
import { STANDARDS } from '../../standards/index.js';
import { BUILTIN_ADAPTERS } from '../index.js';
import { PITFALL_CHECKS, pitfallItems } from './pitfalls.js';

const byId = (id: string): Adapter => BUILTIN_ADAPTERS.find((a) => a.id === id)!;
const nodeCrypto = byId('node-crypto');

/** node-crypto with its ecdh derivation wrapped by `wrap`. */
function stumbling(id: string, wrap: (real: OpImpl) => OpImpl): Adapter {
  const real = nodeCrypto.ops['ecdh']!;
  return defineAdapter({ ...nodeCrypto, id, ops: { ...nodeCrypto.ops, ecdh: { ...real, derive: wrap(real.derive!) } } });
}

const secretOf = (i: ByteMap): Uint8Array => i['secretKey']!;

/** Refuses a scalar whose first byte is zero, as a reader does that strips it and then wants the full length. */
const stripsZero = stumbling('fake-strips-zero', (real) => async (p, i) => {
  const key = secretOf(i);
  const scalar =
    p['keyFormat'] === 'sec1'
      ? key
      : p['keyFormat'] === 'der'
        ? ecScalarOfPkcs8(key)
        : p['keyFormat'] === 'pem'
          ? ecScalarOfPkcs8(pemDearmor(key).body)
          : undefined;
  if (scalar?.[0] === 0) throw new RejectedError('private key must be 32 bytes');
  return real(p, i);
});

/** Reads a PKCS#8 key's scalar as its last bytes, right only while no public key follows it. */
const tailReader = stumbling('fake-pkcs8-tail', (real) => async (p, i) => {
  if (p['keyFormat'] !== 'der') return real(p, i);
  const key = secretOf(i);
  const size = EC_CURVES[p['curve'] as EcCurve].size;
  return real(p, { ...i, secretKey: ecPkcs8(p['curve'] as EcCurve, key.subarray(key.length - size)) });
});

/** Takes a compressed point's x and pads it into an uncompressed one with y = x: another secret or a crash. */
const badDecompress = stumbling('fake-decompress', (real) => async (p, i) => {
  const pk = i['publicKey']!;
  if (p['keyFormat'] !== 'sec1' || pk.length !== 33) return real(p, i);
  const x = pk.subarray(1);
  try {
    return await real(p, { ...i, publicKey: Uint8Array.of(4, ...x, ...x) });
  } catch {
    return { sharedSecret: x };
  }
});

describe('adapter check: encoding pitfalls', () => {
  it.each(['node-crypto', 'webcrypto', 'noble'])('%s passes both', async (id) => {
    const items = await pitfallItems(byId(id), STANDARDS);
    expect(items.map((i) => i.name)).toEqual([...PITFALL_CHECKS]);
    for (const i of items) expect(i, JSON.stringify(i.problems)).toMatchObject({ ok: true });
  });

  it('an adapter that claims no ecdh derivation has nothing to check', async () => {
    const items = await pitfallItems(byId('tweetnacl'), STANDARDS);
    expect(items.map((i) => [i.ok, i.detail])).toEqual(PITFALL_CHECKS.map(() => [true, 'not applicable: no ecdh derivation claimed']));
  });

  it.each([
    ['strips a leading zero', stripsZero, PITFALL_CHECKS[0], /secret scalar 00.*private key must be 32 bytes/],
    ['reads PKCS#8 from its tail', tailReader, PITFALL_CHECKS[1], /P-256 der: PKCS#8 secret key carrying its public key/],
    ['decompresses wrong', badDecompress, PITFALL_CHECKS[1], /sec1: peer public key as a compressed point .*derived/],
  ])('a reader that %s fails its check, naming the encoding', async (_what, fake, check, problem) => {
    const items = await pitfallItems(fake, STANDARDS);
    const failed = items.filter((i) => !i.ok);
    expect(failed.map((i) => i.name)).toEqual([check]);
    expect(failed[0]!.problems!.join('\n')).toMatch(problem);
  });
});
