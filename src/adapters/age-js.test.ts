/**
 * age-js (age-encryption): its capability table both ways, the matrix and the tamper cases
 * against itself, the whole C2SP test kit, and a broken fake age adapter that does not check
 * the header MAC, which the negative cases and the kit must both catch.
 */
import { chacha20poly1305 } from '@noble/ciphers/chacha.js';
import { x25519 } from '@noble/curves/ed25519.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { checkClaim, defineAdapter, type Adapter } from '../core/adapter.js';
import { RejectedError } from '../core/errors.js';
import type { ByteMap, CaseKind, CaseResult, Params } from '../core/model.js';
import { armorDecode, isArmored } from '../standards/age.js';
import { keyLines } from './age-common.js';
import { ageJs } from './age-js.js';
import { ageSuite } from '../../test/age-suite.js';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const latin1 = (b: Uint8Array): string => Buffer.from(b).toString('latin1');

const suite = (adapters: Adapter[], kinds: CaseKind[], cases?: string[]): Promise<CaseResult[]> => ageSuite(adapters, kinds, cases);

describe('age-js', () => {
  it('reads its version at run time and claims the three age standards only', async () => {
    const probe = await ageJs.probe();
    expect(probe.available && probe.version).toMatch(/^0\.\d+\.\d+/);
    expect(Object.keys(ageJs.capabilities.claims).sort()).toEqual(['age-mlkem768x25519', 'age-scrypt', 'age-x25519']);
    expect(checkClaim(ageJs, 'aes-gcm', 'encrypt', {}).ok).toBe(false);
  });

  it('writes the armor when asked, and reads it back', async () => {
    const x25519Ops = ageJs.ops['age-x25519']!;
    const p: Params = { recipients: 1, identityIndex: 0, armor: 'armored' };
    const keys = await x25519Ops.generateKeyPair!(p, {});
    expect(latin1(keys['publicKey']!)).toMatch(/^age1[0-9a-z]{58}\n$/);
    expect(latin1(keys['secretKey']!)).toMatch(/^AGE-SECRET-KEY-1[0-9A-Z]{58}\n$/);
    const { ciphertext } = await x25519Ops.encrypt!(p, { publicKey: keys['publicKey']!, plaintext: utf8('hello') });
    expect(isArmored(ciphertext!)).toBe(true);
    const opened = await x25519Ops.decrypt!(p, { secretKey: keys['secretKey']!, ciphertext: ciphertext! });
    expect(latin1(opened['plaintext']!)).toBe('hello');
  });

  it('makes hybrid keys (age1pq1…, AGE-SECRET-KEY-PQ-1…) and writes one mlkem768x25519 stanza per recipient, X25519 keys and stanzas otherwise', async () => {
    const p: Params = { recipients: 2, identityIndex: 1, armor: 'binary' };
    const made = async (std: string) => {
      const keys = await ageJs.ops[std]!.generateKeyPair!(p, {});
      const { ciphertext } = await ageJs.ops[std]!.encrypt!(p, { publicKey: keys['publicKey']!, plaintext: utf8('pq') });
      return { recipients: keyLines(keys['publicKey']!), identity: latin1(keys['secretKey']!), stanzas: latin1(ciphertext!).match(/^-> \S+/gm) };
    };
    const pq = await made('age-mlkem768x25519');
    for (const r of pq.recipients) expect(r).toMatch(/^age1pq1[0-9a-z]+$/);
    expect(pq.identity).toMatch(/^AGE-SECRET-KEY-PQ-1[0-9A-Z]+\n$/);
    expect(pq.stanzas).toEqual(['-> mlkem768x25519', '-> mlkem768x25519']);
    const classic = await made('age-x25519');
    for (const r of classic.recipients) expect(r).toMatch(/^age1[02-9ac-hj-np-z]{58}$/);
    expect(classic.stanzas).toEqual(['-> X25519', '-> X25519']);
  });

  it('writes the scrypt work factor it is given, and rejects a wrong passphrase with RejectedError', async () => {
    const ops = ageJs.ops['age-scrypt']!;
    const p: Params = { workFactor: 10, armor: 'binary' };
    const { ciphertext } = await ops.encrypt!(p, { passphrase: utf8('correct horse'), salt: new Uint8Array(16), plaintext: utf8('x') });
    expect(latin1(ciphertext!)).toMatch(/^age-encryption\.org\/v1\n-> scrypt \S{22} 10\n/);
    await expect(Promise.resolve(ops.decrypt!(p, { passphrase: utf8('correct horsf'), ciphertext: ciphertext! }))).rejects.toBeInstanceOf(RejectedError);
  });

  it('interoperates with itself in every parameter set at logN 10, and rejects every tamper mutation', async () => {
    const results = await suite([ageJs], ['matrix', 'negative'], ['age-x25519/*', 'age-mlkem768x25519/*', 'age-scrypt/wf10-*']);
    expect(results.length).toBe(4 + 9 + 3 + 9 + 2 + 9);
    for (const r of results) expect(r.outcome, `${r.id}: ${r.message}`).toBe('pass');
  });

  it('meets every expectation of the C2SP test kit, its post-quantum hybrid files included', async () => {
    const results = await suite([ageJs], ['import']);
    expect(results.length).toBe(122 + 19);
    expect(results.filter((r) => r.standard === 'age-mlkem768x25519').length).toBe(19);
    for (const r of results) expect(r.outcome, `${r.id}: ${r.message}`).toBe('pass');
  });
});

/** The 32 bytes of a Bech32 age key (checksum not checked: the fake only needs the bytes). */
function bech32Bytes(s: string): Uint8Array {
  const alphabet = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
  const data = s.toLowerCase().slice(s.lastIndexOf('1') + 1, -6);
  const out: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const c of data) {
    acc = ((acc << 5) | alphabet.indexOf(c)) & 0xfff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((acc >> bits) & 0xff);
    }
  }
  return Uint8Array.from(out);
}

const b64 = (b: Uint8Array): string => Buffer.from(b).toString('base64').replace(/=+$/, '');

/**
 * The file with a freshly computed header MAC: unwraps the file key from the X25519 stanzas
 * itself (age spec: HKDF-SHA-256 of the shared secret, salt share ‖ recipient, then
 * ChaCha20-Poly1305 under a zero nonce) and MACs whatever header it finds.
 */
function remac(file: Uint8Array, identity: string): Uint8Array {
  const text = latin1(file);
  const at = text.indexOf('\n---');
  const end = text.indexOf('\n', at + 1);
  const secret = bech32Bytes(identity);
  const recipient = x25519.getPublicKey(secret);
  const lines = text.slice(0, at).split('\n');
  let fileKey: Uint8Array | undefined;
  lines.forEach((line, n) => {
    const share = /^-> X25519 (\S+)$/.exec(line)?.[1];
    if (!share || fileKey) return;
    const body = Buffer.from(lines[n + 1] ?? '', 'base64');
    const shareBytes = Uint8Array.from(Buffer.from(share, 'base64'));
    const wrap = hkdf(
      sha256,
      x25519.getSharedSecret(secret, shareBytes),
      Uint8Array.from([...shareBytes, ...recipient]),
      utf8('age-encryption.org/v1/X25519'),
      32,
    );
    try {
      fileKey = chacha20poly1305(wrap, new Uint8Array(12)).decrypt(Uint8Array.from(body));
    } catch {
      // not this identity's stanza
    }
  });
  if (!fileKey) throw new RejectedError('fake: no identity matched');
  const headerNoMac = file.subarray(0, at + 4);
  const mac = hmac(sha256, hkdf(sha256, fileKey, new Uint8Array(0), utf8('header'), 32), headerNoMac);
  return Uint8Array.from([...headerNoMac, ...utf8(` ${b64(mac)}\n`), ...file.subarray(end + 1)]);
}

/** age-js, except that it recomputes the header MAC instead of checking it. */
export const skipsHeaderMac = defineAdapter({
  ...ageJs,
  id: 'fake-age-skips-mac',
  description: 'broken on purpose: never checks the age header MAC',
  capabilities: { claims: { 'age-x25519': ageJs.capabilities.claims['age-x25519']! }, gaps: {} },
  ops: {
    'age-x25519': {
      ...ageJs.ops['age-x25519']!,
      decrypt: (p: Params, i: ByteMap) => {
        const given = i['ciphertext']!;
        const file = isArmored(given) ? armorDecode(given) : given;
        return ageJs.ops['age-x25519']!.decrypt!({ ...p, armor: 'binary' }, { ...i, ciphertext: remac(file, keyLines(i['secretKey']!)[0]!) });
      },
    },
  },
});

describe('a broken age adapter is caught', () => {
  it('one that skips the header MAC interoperates, but accepts a flipped MAC (security finding)', async () => {
    const id = skipsHeaderMac.id;
    const results = await suite([ageJs, skipsHeaderMac], ['matrix', 'negative'], [`age-x25519/r1-id0-binary/*/age-js~${id}*`]);
    const verdict = (suffix: string): CaseResult => results.find((r) => r.id.endsWith(suffix))!;
    expect(verdict(`/matrix/age-js~${id}`).outcome, verdict(`/matrix/age-js~${id}`).message).toBe('pass');
    expect(verdict(`~${id}/flip-header-mac`)).toMatchObject({ outcome: 'fail', failure: 'accepted-invalid' });
    for (const m of ['flip-stanza-body', 'flip-payload-chunk', 'drop-final-chunk', 'wrong-identity']) expect(verdict(`~${id}/${m}`).outcome, m).toBe('pass');
  });

  it('and the test kit catches it too: hmac_bad is accepted', async () => {
    const results = await suite(
      [skipsHeaderMac],
      ['import'],
      ['age-x25519/*/import/vector:age-testkit:hmac_bad~*', 'age-x25519/*/import/vector:age-testkit:x25519~*'],
    );
    expect(results.find((r) => r.id.includes(':hmac_bad~'))).toMatchObject({ outcome: 'fail', failure: 'accepted-invalid' });
    expect(results.find((r) => r.id.includes(':x25519~'))?.outcome).toBe('pass');
  });
});
