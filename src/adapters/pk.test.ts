/**
 * The public-key bindings (RSA-OAEP, RSAES-PKCS1-v1_5, ECDH, X25519) against their capability
 * tables, both ways, with RSA keys generated once per adapter and encoding; tampered public
 * keys; and the library facts the bindings rely on, each asserted so that a change shows.
 */
import { constants, createECDH, createHash, generateKeyPairSync, privateDecrypt, publicEncrypt, webcrypto } from 'node:crypto';
import { p256 } from '@noble/curves/nist.js';
import forge from 'node-forge';
import { describe, expect, it } from 'vitest';
import { type Adapter, checkClaim } from '../core/adapter.js';
import { toHex } from '../core/bytes.js';
import { RejectedError, UnsupportedError } from '../core/errors.js';
import type { ByteMap, OpName, Params } from '../core/model.js';
import { HASHES } from '../core/registry.js';
import { rngFor } from '../core/rng.js';
import type { Standard } from '../core/standard.js';
import { ecdh } from '../standards/ecdh.js';
import { rsaOaep } from '../standards/rsa-oaep.js';
import { rsaesPkcs1v15 } from '../standards/rsaes-pkcs1-v1_5.js';
import { x25519 } from '../standards/x25519.js';
import { BUILTIN_ADAPTERS, PEER_ADAPTERS } from './index.js';
import { runProgram } from './subprocess.js';

const ALL = [...BUILTIN_ADAPTERS, ...PEER_ADAPTERS];
const opensslAvailable = (await PEER_ADAPTERS[0]!.probe()).available;
/** Adapters that can run here (the openssl command line may be missing). */
const runnable = ALL.filter((a) => a.kind === 'in-process' || opensslAvailable);

function op(a: Adapter, std: Standard, name: OpName): (p: Params, i: ByteMap) => Promise<ByteMap> {
  const impl = a.ops[std.id]?.[name];
  if (!impl) throw new Error(`${a.id} has no ${std.id} ${name}`);
  return async (p, i) => impl(p, i);
}

const claimed = (a: Adapter, std: Standard, p: Params, ops: readonly OpName[] = std.ops): boolean => ops.every((o) => checkClaim(a, std.id, o, p).ok);

/** Key pairs made once per adapter, standard and key parameters: RSA key generation is slow. */
const pairs = new Map<string, Promise<ByteMap>>();
function pairOf(a: Adapter, std: Standard, p: Params): Promise<ByteMap> {
  const key = `${a.id}|${std.id}|${String(p['modulusBits'] ?? p['curve'])}|${String(p['keyFormat'])}`;
  if (!pairs.has(key)) pairs.set(key, op(a, std, 'generateKeyPair')(p, {}));
  return pairs.get(key)!;
}

/** The unclaimed operations of `a` at `p` must be refused with UnsupportedError before any work. */
async function refusesUnclaimed(a: Adapter, std: Standard, p: Params): Promise<void> {
  for (const name of std.ops) {
    const impl = a.ops[std.id]?.[name];
    if (!impl || checkClaim(a, std.id, name, p).ok) continue;
    const inputs = {
      publicKey: new Uint8Array(8),
      secretKey: new Uint8Array(8),
      plaintext: new Uint8Array(1),
      ciphertext: new Uint8Array(8),
      label: new Uint8Array(0),
    };
    await expect(
      Promise.resolve().then(() => impl(p, inputs)),
      `${a.id} ${std.paramsId(p)} ${name}`,
    ).rejects.toBeInstanceOf(UnsupportedError);
  }
}

const oaepSet = (oaepHash: string, mgf1Hash: string, labelBytes: number, keyFormat = 'der', modulusBits = 2048): Params => ({
  modulusBits,
  oaepHash,
  mgf1Hash,
  labelBytes,
  keyFormat,
});

async function roundTrip(a: Adapter, std: Standard, p: Params): Promise<void> {
  const keys = await pairOf(a, std, p);
  const rng = rngFor('pk.test', `${a.id}/${std.paramsId(p)}`);
  const label: ByteMap = p['labelBytes'] === undefined ? {} : { label: rng.bytes(Number(p['labelBytes'])) };
  const plaintext = rng.bytes(std.sizes(p).maxPlaintext!);
  const { ciphertext } = await op(a, std, 'encrypt')(p, { publicKey: keys['publicKey']!, plaintext, ...label });
  expect(ciphertext!.length, std.paramsId(p)).toBe(std.sizes(p).ciphertext);
  const { plaintext: back } = await op(a, std, 'decrypt')(p, { secretKey: keys['secretKey']!, ciphertext: ciphertext!, ...label });
  expect(toHex(back!), `${a.id} ${std.paramsId(p)}`).toBe(toHex(plaintext));
}

describe.each(runnable.filter((a) => a.capabilities.claims['rsa-oaep']).map((a) => [a.id, a] as const))('rsa-oaep claims of %s, both ways', (_id, a) => {
  it('every OAEP × MGF1 hash pair and label length at 2048 bits (DER keys)', async () => {
    for (const oaep of HASHES) {
      for (const mgf1 of HASHES) {
        for (const labelBytes of [0, 20]) {
          const p = oaepSet(oaep, mgf1, labelBytes);
          await refusesUnclaimed(a, rsaOaep, p);
          if (claimed(a, rsaOaep, p)) await roundTrip(a, rsaOaep, p);
        }
      }
    }
  });

  it('every key encoding at SHA-256', async () => {
    for (const keyFormat of rsaOaep.params.find((s) => s.name === 'keyFormat')!.values) {
      const p = oaepSet('SHA-256', 'SHA-256', 0, String(keyFormat));
      await refusesUnclaimed(a, rsaOaep, p);
      if (claimed(a, rsaOaep, p)) await roundTrip(a, rsaOaep, p);
    }
  });
});

describe.each(
  runnable.filter((a) => a.capabilities.claims['rsaes-pkcs1-v1_5']).map((a) => [a.id, a] as const),
)('rsaes-pkcs1-v1_5 claims of %s, both ways', (_id, a) => {
  it('2048-bit DER keys', async () => {
    const p = { modulusBits: 2048, keyFormat: 'der' };
    await refusesUnclaimed(a, rsaesPkcs1v15, p);
    if (claimed(a, rsaesPkcs1v15, p)) await roundTrip(a, rsaesPkcs1v15, p);
  });
});

/** Every agreement standard's parameter sets: every combination of its declared values. */
const agreementSets = (std: Standard): Params[] =>
  std.params.reduce<Params[]>((sets, spec) => sets.flatMap((s) => spec.values.map((v) => ({ ...s, [spec.name]: v }))), [{}]);

describe.each([ecdh, x25519].map((s) => [s.id, s] as const))('%s', (_sid, std) => {
  const agreeing = runnable.filter((a) => a.capabilities.claims[std.id]);

  it.each(agreeing.map((a) => [a.id, a] as const))('%s: every claimed curve and encoding derives both ways; the rest is refused', async (_id, a) => {
    for (const p of agreementSets(std)) {
      await refusesUnclaimed(a, std, p);
      if (!claimed(a, std, p)) continue;
      const [x, y] = [await op(a, std, 'generateKeyPair')(p, {}), await op(a, std, 'generateKeyPair')(p, {})];
      const xy = await op(a, std, 'derive')(p, { secretKey: x['secretKey']!, publicKey: y['publicKey']! });
      const yx = await op(a, std, 'derive')(p, { secretKey: y['secretKey']!, publicKey: x['publicKey']! });
      expect(toHex(xy['sharedSecret']!), std.paramsId(p)).toBe(toHex(yx['sharedSecret']!));
      // The x-coordinate is the field length; the compressed shared point (SEC 1 §2.3.3) one byte more.
      expect(xy['sharedSecret']!.length).toBe(std.sizes(p).key + (p['secretForm'] === 'compressed-point' ? 1 : 0));
    }
  });

  it.runIf(std.mutations.length > 0).each(agreeing.map((a) => [a.id, a] as const))('%s: refuses every invalid public key it can be handed', async (_id, a) => {
    for (const p of agreementSets(std).filter((s) => claimed(a, std, s))) {
      const [x, y] = [await op(a, std, 'generateKeyPair')(p, {}), await op(a, std, 'generateKeyPair')(p, {})];
      const clean = { secretKey: x['secretKey']!, publicKey: y['publicKey']! };
      for (const m of std.mutations) {
        const tampered = m.apply(clean, std.sizes(p), rngFor('pk.test', m.id));
        if (!tampered) continue;
        const attempt = Promise.resolve().then(() => op(a, std, 'derive')(p, tampered));
        await expect(attempt, `${a.id} ${std.paramsId(p)} ${m.id}`).rejects.toBeInstanceOf(RejectedError);
      }
    }
  });
});

describe('declared restrictions and policies are real', () => {
  const nodeCrypto = ALL.find((a) => a.id === 'node-crypto')!;

  it('Node refuses RSAES-PKCS1-v1_5 private decryption by policy, and node-crypto declares it with the setting', () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const ct = publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, Buffer.of(1, 2, 3));
    expect(() => privateDecrypt({ key: privateKey, padding: constants.RSA_PKCS1_PADDING }, ct)).toThrow(/--security-revert=CVE-2023-46809/);
    const check = checkClaim(nodeCrypto, 'rsaes-pkcs1-v1_5', 'decrypt', { modulusBits: 2048, keyFormat: 'der' });
    expect(check).toMatchObject({ ok: false, policy: 'node --security-revert=CVE-2023-46809' });
    expect(checkClaim(nodeCrypto, 'rsaes-pkcs1-v1_5', 'encrypt', { modulusBits: 2048, keyFormat: 'der' }).ok).toBe(true);
  });

  it('Node and WebCrypto tie MGF1 to the OAEP hash; forge and openssl do not', () => {
    const split = oaepSet('SHA-256', 'SHA-1', 0);
    const tied = runnable.filter((a) => a.capabilities.claims['rsa-oaep'] && !checkClaim(a, 'rsa-oaep', 'encrypt', split).ok).map((a) => a.id);
    expect(tied.sort()).toEqual(['node-crypto', 'webcrypto']);
  });

  it('node-forge has no SHA-224: forge.md.sha512.sha224 is SHA-512/224, another function', () => {
    expect((forge.md as unknown as Record<string, unknown>)['sha224']).toBeUndefined();
    const sha512224 = forge.md.sha512.sha224.create();
    sha512224.update('');
    expect(sha512224.digest().toHex()).not.toBe(createHash('sha224').update('').digest('hex'));
  });

  it("node:crypto's ECDH getPrivateKey() drops leading zero bytes (the adapter pads them back)", () => {
    const e = createECDH('secp521r1');
    const scalar = Buffer.concat([Buffer.of(0, 0x42), Buffer.alloc(64, 7)]);
    e.setPrivateKey(scalar);
    expect(e.getPrivateKey().length).toBe(65);
  });

  it('@noble/curves returns the compressed shared point by default: the secret is bytes 1..', () => {
    const [a, b] = [p256.utils.randomSecretKey(), p256.utils.randomSecretKey()];
    expect(p256.getSharedSecret(a, p256.getPublicKey(b)).length).toBe(33);
  });

  it('WebCrypto stamps the OAEP hash into an exported JWK (alg), which ties the key to that hash', async () => {
    const pair = await webcrypto.subtle.generateKey({ name: 'RSA-OAEP', modulusLength: 2048, publicExponent: Uint8Array.of(1, 0, 1), hash: 'SHA-256' }, true, [
      'encrypt',
      'decrypt',
    ]);
    const jwk = await webcrypto.subtle.exportKey('jwk', pair.publicKey);
    expect(jwk.alg).toBe('RSA-OAEP-256');
    await expect(webcrypto.subtle.importKey('jwk', jwk, { name: 'RSA-OAEP', hash: 'SHA-1' }, false, ['encrypt'])).rejects.toMatchObject({ name: 'DataError' });
  });

  it.runIf(opensslAvailable)('openssl 3.0 pkey -outform DER writes PKCS#1 and SEC 1 private keys, not PKCS#8 (the adapter uses pkcs8 -topk8)', async () => {
    for (const alg of [
      ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:1024'],
      ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'],
    ]) {
      const pem = (await runProgram('openssl', ['genpkey', ...alg])).stdout;
      const der = (await runProgram('openssl', ['pkey', '-outform', 'DER'], { input: pem })).stdout;
      const pkcs8 = (await runProgram('openssl', ['pkcs8', '-topk8', '-nocrypt', '-outform', 'DER'], { input: pem })).stdout;
      // PKCS#8 starts SEQUENCE { INTEGER 0, SEQUENCE { OID … } }; the traditional forms do not have the AlgorithmIdentifier.
      const hasAlgorithm = (b: Uint8Array): boolean => toHex(b).includes('06072a8648ce3d0201') || toHex(b).includes('06092a864886f70d010101');
      expect(hasAlgorithm(der), alg.join(' ')).toBe(false);
      expect(hasAlgorithm(pkcs8), alg.join(' ')).toBe(true);
    }
  });
});
