/**
 * The `jose` adapter: panva/jose 6 (WebCrypto underneath) for JWE.
 *
 * Library facts these bindings rely on (jose 6.2, dist/webapi/lib/jwe_algorithms.js, jwe_decrypt.js):
 * - No RSA1_5: jose 6 removed RSAES-PKCS1-v1_5 key transport (Bleichenbacher); declared a gap.
 * - Decryption functions take `keyManagementAlgorithms` and `contentEncryptionAlgorithms`
 *   allow-lists: every call pins them to the case's `alg` and `enc`, so nothing is negotiated
 *   from the header. `maxPBES2Count` (default 10000) is raised to the case's p2c when larger.
 * - RSA key transport failures are answered with a random CEK (RFC 7516 §11.5), which then
 *   fails authentication: the rejection is uniform.
 * - WebCrypto binds an RSA-OAEP key to its hash, so keys travel as JWK without `alg` and are
 *   imported per call with `importJWK(jwk, alg)`; `oct` keys import to raw bytes.
 * - General JSON: the shared protected header carries `enc` (and `zip`), the recipient's
 *   unprotected header `alg`; `generalDecrypt` tries each recipient.
 * - `zip: "DEF"` is supported through the platform's CompressionStream.
 */
import { randomBytes } from 'node:crypto';
import * as jose from 'jose';
import { defineAdapter, inProcessProbe, type OpImpl } from '../core/adapter.js';
import type { ByteMap, Params } from '../core/model.js';
import { packageVersion } from '../core/version.js';
import { jwe, JWE_ALGS } from '../standards/jwe.js';
import { jwkBytes, parseJwk } from '../standards/key-encoding.js';
import { assemble, documentedCall, input, num, oneOf, type ParamRule } from './binding.js';
import { importing, rejecting } from './key-import.js';

const UTF8 = new TextEncoder();
const TEXT = new TextDecoder();

const str = (p: Params, name: string): string => String(p[name]);

/** The JWK members of a public key, by kty (RFC 7518 §6): what is left when the private ones go. */
const PUBLIC_MEMBERS: Readonly<Record<string, readonly string[]>> = {
  RSA: ['kty', 'n', 'e'],
  EC: ['kty', 'crv', 'x', 'y'],
  OKP: ['kty', 'crv', 'x'],
  oct: ['kty', 'k'],
};

function publicOf(jwk: jose.JWK): jose.JWK {
  return Object.fromEntries((PUBLIC_MEMBERS[jwk.kty ?? ''] ?? []).map((m) => [m, (jwk as Record<string, unknown>)[m]])) as jose.JWK;
}

/** A printable password from the platform's random bytes (jose makes none): PBES2 keys are passwords. */
function randomPassword(): Uint8Array {
  return Uint8Array.from(randomBytes(16), (b) => 0x21 + (b % 94));
}

/**
 * What a `keyKind` asks the key generation for: a password (PBES2; the same printable bytes as
 * both halves), or a key type and size (`RSA-2048`, `EC-P-256`, `oct-128`).
 */
export function keyKindOf(p: Params): { readonly password: ByteMap } | { readonly kty: string; readonly size: string } {
  const kind = String(p['keyKind']);
  if (kind === 'password') {
    const pw = randomPassword();
    return { password: { publicKey: pw, secretKey: pw } };
  }
  const at = kind.indexOf('-');
  return { kty: kind.slice(0, at), size: kind.slice(at + 1) };
}

/** The jose algorithm whose generateSecret makes an `oct` key of `bits`. */
const SECRET_ALG: Readonly<Record<string, string>> = { '128': 'A128KW', '192': 'A192KW', '256': 'A256KW', '384': 'A192CBC-HS384', '512': 'A256CBC-HS512' };

/** A key of `keyKind`, as JWK bytes (both halves) or the password. */
async function generate(p: Params): Promise<ByteMap> {
  const kind = keyKindOf(p);
  if ('password' in kind) return kind.password;
  const { kty, size } = kind;
  if (kty === 'oct') {
    const jwk = await jose.exportJWK(await jose.generateSecret(SECRET_ALG[size]!, { extractable: true }));
    const bytes = jwkBytes(publicOf(jwk) as Record<string, unknown>);
    return { publicKey: bytes, secretKey: bytes };
  }
  const pair =
    kty === 'RSA'
      ? await jose.generateKeyPair('RSA-OAEP-256', { modulusLength: Number(size), extractable: true })
      : await jose.generateKeyPair('ECDH-ES', { crv: size, extractable: true });
  const priv = await jose.exportJWK(pair.privateKey);
  return { publicKey: jwkBytes(publicOf(priv) as Record<string, unknown>), secretKey: jwkBytes(priv as Record<string, unknown>) };
}

/** The key `alg` takes, from the case's key bytes: a password's bytes, an oct key's bytes, or a CryptoKey. */
function key(p: Params, bytes: Uint8Array, which: 'public' | 'secret'): Promise<jose.CryptoKey | Uint8Array> {
  if (str(p, 'keyKind') === 'password') return Promise.resolve(bytes);
  return importing(`jose ${which} JWK`, async () => {
    const jwk = parseJwk(bytes) as jose.JWK;
    // A JWK's own "alg" would make importJWK refuse another algorithm the same key material serves.
    const { alg: _alg, ...bare } = jwk;
    return jose.importJWK(bare, str(p, 'alg'));
  });
}

const encrypt: OpImpl = async (p, i) => {
  const k = await key(p, input(i, 'publicKey'), 'public');
  const plaintext = input(i, 'plaintext');
  const [alg, enc] = [str(p, 'alg'), str(p, 'enc')];
  const zip = p['zip'] === 'DEF' ? { zip: 'DEF' } : {};
  const kmp = num(p, 'iterations') > 0 ? { p2c: num(p, 'iterations') } : {};
  switch (str(p, 'serialization')) {
    case 'compact': {
      const out = await new jose.CompactEncrypt(plaintext)
        .setProtectedHeader({ alg, enc, ...zip })
        .setKeyManagementParameters(kmp)
        .encrypt(k);
      return { ciphertext: UTF8.encode(out) };
    }
    case 'json-flattened': {
      const out = await new jose.FlattenedEncrypt(plaintext)
        .setProtectedHeader({ alg, enc, ...zip })
        .setKeyManagementParameters(kmp)
        .encrypt(k);
      return { ciphertext: UTF8.encode(JSON.stringify(out)) };
    }
    default: {
      const g = new jose.GeneralEncrypt(plaintext).setProtectedHeader({ enc, ...zip });
      g.addRecipient(k).setUnprotectedHeader({ alg }).setKeyManagementParameters(kmp);
      return { ciphertext: UTF8.encode(JSON.stringify(await g.encrypt())) };
    }
  }
};

const decrypt: OpImpl = async (p, i) => {
  const k = await key(p, input(i, 'secretKey'), 'secret');
  const options: jose.DecryptOptions = {
    keyManagementAlgorithms: [str(p, 'alg')],
    contentEncryptionAlgorithms: [str(p, 'enc')],
    maxPBES2Count: Math.max(10_000, num(p, 'iterations')),
  };
  const text = TEXT.decode(input(i, 'ciphertext'));
  const out = await rejecting('jose decryption', async () => {
    switch (str(p, 'serialization')) {
      case 'compact':
        return jose.compactDecrypt(text, k, options);
      case 'json-flattened':
        return jose.flattenedDecrypt(JSON.parse(text) as jose.FlattenedJWE, k, options);
      default:
        return jose.generalDecrypt(JSON.parse(text) as jose.GeneralJWE, k, options);
    }
  });
  return { plaintext: Uint8Array.from(out.plaintext) };
};

/**
 * A sentence naming `alg` and `enc` as jose's README calls it: CompactEncrypt with the two names
 * in the protected header, and compactDecrypt with no allow-lists. jose has one class per
 * serialization, and the README's first is the compact one; it has no default algorithm.
 */
const asCalled = (alg: string, enc: string): Partial<Record<'generateKeyPair' | 'encrypt' | 'decrypt', OpImpl>> => ({
  generateKeyPair: generate,
  async encrypt(p, i) {
    const k = await key(p, input(i, 'publicKey'), 'public');
    const out = await new jose.CompactEncrypt(input(i, 'plaintext')).setProtectedHeader({ alg, enc }).encrypt(k);
    return { ciphertext: UTF8.encode(out) };
  },
  async decrypt(p, i) {
    const k = await key(p, input(i, 'secretKey'), 'secret');
    const out = await rejecting('jose compactDecrypt', () => jose.compactDecrypt(TEXT.decode(input(i, 'ciphertext')), k));
    return { plaintext: Uint8Array.from(out.plaintext) };
  },
});

/** The call shown for a sentence naming `alg` and `enc`. */
const CALL = (alg: string, enc: string, to: string): string =>
  `await new jose.CompactEncrypt(plaintext).setProtectedHeader({ alg: '${alg}', enc: '${enc}' }).encrypt(${to}) / await jose.compactDecrypt(jwe, privateKey)`;

const ALGS: ParamRule = oneOf(
  'alg',
  JWE_ALGS.filter((a) => a !== 'RSA1_5'),
  'jose 6 removed RSA1_5 (RSAES-PKCS1-v1_5 key transport; RFC 7516 §11.5, Bleichenbacher); RFC 8725 §3.2 advises against it',
);
const ANY = (name: string): ParamRule => oneOf(name, jwe.params.find((s) => s.name === name)!.values, 'every value');

const { claims, ops } = assemble('jose', [
  {
    standard: jwe,
    rules: [ALGS, ANY('enc'), ANY('serialization'), ANY('keyKind'), ANY('iterations'), ANY('zip')],
    ops: { generateKeyPair: generate, encrypt, decrypt },
  },
]);

/** panva/jose 6, with every algorithm and serialization pinned per call. */
export const joseAdapter = defineAdapter({
  id: 'jose',
  library: 'jose',
  kind: 'in-process',
  variant: 'explicit',
  description: 'panva/jose (WebCrypto): CompactEncrypt, FlattenedEncrypt, GeneralEncrypt and their decryptors, algorithms pinned per call',
  probe: inProcessProbe(() => packageVersion('jose')),
  capabilities: { claims, gaps: {} },
  ops,
  intents: {
    [jwe.id]: {
      'rsa-oaep-a256gcm': documentedCall(
        CALL('RSA-OAEP', 'A256GCM', 'publicKey'),
        { alg: 'RSA-OAEP', enc: 'A256GCM', serialization: 'compact', keyKind: 'RSA-2048', iterations: 0, zip: 'none' },
        asCalled('RSA-OAEP', 'A256GCM'),
      ),
      // ECDH-ES is named as the alg: Direct Key Agreement, the CEK derived (no encrypted key).
      'ecdh-es-a256gcm': documentedCall(
        CALL('ECDH-ES', 'A256GCM', 'await jose.importJWK(p256PublicJwk, "ECDH-ES")'),
        { alg: 'ECDH-ES', enc: 'A256GCM', serialization: 'compact', keyKind: 'EC-P-256', iterations: 0, zip: 'none' },
        asCalled('ECDH-ES', 'A256GCM'),
      ),
    },
  },
});
