/**
 * The `node-jose` adapter: cisco/node-jose 2.2 for JWE.
 *
 * Library facts these bindings rely on (node-jose 2.2, lib/jwe/encrypt.js, decrypt.js, lib/algorithms):
 * - `JWE.createEncrypt({ format, contentAlg, fields, zip }, { key, header: { alg } })`:
 *   format `compact`, `flattened` or `general` (the default!); `contentAlg` is the `enc`
 *   (default A128CBC-HS256, so it is always given). With one recipient and `protect: "*"` (the
 *   default) every header member is protected, `alg` included, also in general JSON.
 * - With `alg: "dir"` node-jose ignores `contentAlg`: the `enc` comes from `fields.enc`, else
 *   the key's first content algorithm (A256GCM for a 256-bit key, whatever was asked). So the
 *   `enc` is always given in `fields` too.
 * - PBES2: the recipient header's `p2c` is the iteration count (default 8192); without `p2s`
 *   a random 16-byte salt is made. The password is an `oct` JWK whose `k` is the password.
 * - `JWE.createDecrypt(keystore).decrypt(input, { algorithms })` takes an allow-list of `alg`
 *   and `enc` names: every call pins it to the case's pair. A compact string or a JSON object.
 * - Keys come from `JWK.createKey(kty, size)` and travel as JWK (`toJSON(true)` for the
 *   private half, with a generated `kid`).
 * - RSA1_5: node-jose decrypts with node:crypto `privateDecrypt`, which Node 20 refuses for
 *   PKCS#1 v1.5 (CVE-2023-46809); the forge fallback is used only where node:crypto lacks the
 *   function, so every RSA1_5 JWE fails ("no key found"): declared unsupported by that policy.
 * - The `algorithms` allow-list is checked against every recipient's header before any is
 *   tried: a general JWE with another recipient under an algorithm not allowed is refused whole.
 */
import nodeJose from 'node-jose';
import { defineAdapter, inProcessProbe, type OpImpl } from '../core/adapter.js';
import type { ByteMap, Params } from '../core/model.js';
import { packageVersion } from '../core/version.js';
import { jwe, JWE_ALGS } from '../standards/jwe.js';
import { jwkBytes, parseJwk } from '../standards/key-encoding.js';
import { assemble, documentedCall, input, num, oneOf, type ParamRule } from './binding.js';
import { keyKindOf } from './jose.js';
import { importing, rejecting } from './key-import.js';

const { JWE, JWK } = nodeJose;
const UTF8 = new TextEncoder();
const TEXT = new TextDecoder();

const str = (p: Params, name: string): string => String(p[name]);

/** node-jose's output format names. */
const FORMAT: Readonly<Record<string, 'compact' | 'flattened' | 'general'>> = { compact: 'compact', 'json-flattened': 'flattened', 'json-general': 'general' };

/** A key of `keyKind`: JWK bytes (the public half without private members), or a printable password (node-jose makes none). */
async function generate(p: Params): Promise<ByteMap> {
  const kind = keyKindOf(p);
  if ('password' in kind) return kind.password;
  const { kty, size } = kind;
  const key = await JWK.createKey(kty as 'RSA', kty === 'EC' ? size : Number(size), {});
  const secret = jwkBytes(key.toJSON(true) as Record<string, unknown>);
  return { publicKey: kty === 'oct' ? secret : jwkBytes(key.toJSON(false) as Record<string, unknown>), secretKey: secret };
}

/** The case's key as a node-jose key: the JWK (without its own `alg`, which would restrict it), or the password as an `oct` key. */
function key(p: Params, bytes: Uint8Array, which: string): Promise<nodeJose.JWK.Key> {
  return importing(`node-jose ${which} key`, async () => {
    if (str(p, 'keyKind') === 'password') return JWK.asKey({ kty: 'oct', k: Buffer.from(bytes).toString('base64url') });
    const { alg: _alg, ...jwk } = parseJwk(bytes);
    return JWK.asKey(jwk);
  });
}

const encrypt: OpImpl = async (p, i) => {
  const k = await key(p, input(i, 'publicKey'), 'public');
  const header: Record<string, unknown> = { alg: str(p, 'alg') };
  if (num(p, 'iterations') > 0) header['p2c'] = num(p, 'iterations');
  const options = {
    format: FORMAT[str(p, 'serialization')]!,
    contentAlg: str(p, 'enc'),
    zip: p['zip'] === 'DEF' ? 'DEF' : false,
    fields: { enc: str(p, 'enc') },
  };
  const out = (await JWE.createEncrypt(options as nodeJose.JWE.EncryptOptions, { key: k, header, reference: false } as unknown as nodeJose.JWK.Key)
    .update(Buffer.from(input(i, 'plaintext')))
    .final()) as unknown;
  return { ciphertext: UTF8.encode(typeof out === 'string' ? out : JSON.stringify(out)) };
};

const decrypt: OpImpl = async (p, i) => {
  const k = await key(p, input(i, 'secretKey'), 'secret');
  const text = TEXT.decode(input(i, 'ciphertext'));
  const out = await rejecting('node-jose decryption', async () => {
    const jweInput: string | object = str(p, 'serialization') === 'compact' ? text : (JSON.parse(text) as object);
    return JWE.createDecrypt(k, { algorithms: [str(p, 'alg'), str(p, 'enc')] }).decrypt(jweInput as string);
  });
  return { plaintext: Uint8Array.from(out.plaintext) };
};

/**
 * A sentence naming `enc` as node-jose's README calls it: `JWE.createEncrypt(options, key)` with
 * the content algorithm named and nothing else, so the key's default algorithm (the first of
 * `key.algorithms("wrap")`: RSA-OAEP for an RSA key, ECDH-ES for an EC key) and the default
 * format, general JSON, and `JWE.createDecrypt(key).decrypt(input)` with a JSON JWE parsed (a
 * string is read as compact).
 */
const asCalled = (enc: string): Partial<Record<'generateKeyPair' | 'encrypt' | 'decrypt', OpImpl>> => ({
  generateKeyPair: generate,
  async encrypt(p, i) {
    const k = await key(p, input(i, 'publicKey'), 'public');
    const out = (await JWE.createEncrypt({ contentAlg: enc } as nodeJose.JWE.EncryptOptions, k)
      .update(Buffer.from(input(i, 'plaintext')))
      .final()) as unknown;
    return { ciphertext: UTF8.encode(typeof out === 'string' ? out : JSON.stringify(out)) };
  },
  async decrypt(p, i) {
    const k = await key(p, input(i, 'secretKey'), 'secret');
    const text = TEXT.decode(input(i, 'ciphertext')).trim();
    const out = await rejecting('node-jose decryption', () =>
      JWE.createDecrypt(k).decrypt((text.startsWith('{') ? (JSON.parse(text) as object) : text) as string),
    );
    return { plaintext: Uint8Array.from(out.plaintext) };
  },
});

/** The call shown for a sentence naming `enc`. */
const CALL = (enc: string): string =>
  `await jose.JWE.createEncrypt({ contentAlg: '${enc}' }, key).update(plaintext).final() / await jose.JWE.createDecrypt(key).decrypt(jwe)`;

const ANY = (name: string): ParamRule => oneOf(name, jwe.params.find((s) => s.name === name)!.values, 'every value');

/** Why node-jose has no RSA1_5 here: Node 20 refuses the decryption, and node-jose does not fall back to forge. */
const RSA1_5_REFUSED =
  'Node 20 refuses RSAES-PKCS1-v1_5 private decryption (CVE-2023-46809, Marvin) and node-jose 2.2 calls node:crypto privateDecrypt without falling back to its forge code, so every RSA1_5 JWE fails with "no key found"';
const RSA1_5_POLICY = 'node --security-revert=CVE-2023-46809';

const bound = assemble('node-jose', [
  {
    standard: jwe,
    rules: [
      oneOf(
        'alg',
        JWE_ALGS.filter((a) => a !== 'RSA1_5'),
        RSA1_5_REFUSED,
      ),
      ANY('enc'),
      ANY('serialization'),
      oneOf(
        'keyKind',
        jwe.params.find((s) => s.name === 'keyKind')!.values.filter((k) => !String(k).startsWith('OKP')),
        'node-jose 2.2 has no OKP keys (RFC 8037): JWK.asKey refuses kty "OKP", so no X25519 ECDH-ES',
      ),
      ANY('iterations'),
      ANY('zip'),
    ],
    ops: { generateKeyPair: generate, encrypt, decrypt },
  },
]);
const claims = {
  jwe: { ...bound.claims['jwe']!, params: { ...bound.claims['jwe']!.params, alg: { ...bound.claims['jwe']!.params!['alg']!, policy: RSA1_5_POLICY } } },
};
const { ops } = bound;

/** cisco/node-jose 2.2, with `alg` and `enc` pinned per call. */
export const nodeJoseAdapter = defineAdapter({
  id: 'node-jose',
  library: 'node-jose',
  kind: 'in-process',
  variant: 'explicit',
  description: 'cisco/node-jose: JWE.createEncrypt (compact, flattened, general) and JWE.createDecrypt with an algorithms allow-list',
  probe: inProcessProbe(() => packageVersion('node-jose')),
  capabilities: { claims, gaps: {} },
  ops,
  intents: {
    [jwe.id]: {
      'rsa-oaep-a256gcm': documentedCall(
        CALL('A256GCM'),
        { alg: 'RSA-OAEP', enc: 'A256GCM', serialization: 'json-general', keyKind: 'RSA-2048', iterations: 0, zip: 'none' },
        asCalled('A256GCM'),
      ),
      // ECDH-ES is an EC key's first wrapping algorithm: Direct Key Agreement. Its one recipient then has
      // no header (protect: "*") and no encrypted key, and the default general format leaves the
      // recipients array out: what it writes is the flattened syntax (RFC 7516 §7.2.2).
      'ecdh-es-a256gcm': documentedCall(
        CALL('A256GCM'),
        { alg: 'ECDH-ES', enc: 'A256GCM', serialization: 'json-flattened', keyKind: 'EC-P-256', iterations: 0, zip: 'none' },
        asCalled('A256GCM'),
      ),
    },
  },
});
