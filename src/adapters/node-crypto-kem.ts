/**
 * The ML-KEM bindings of the `node-crypto` adapter, present only where node:crypto has ML-KEM:
 * Node 24 with OpenSSL 3.5 or later (the node24 adapter runs them there). Under Node 20
 * (OpenSSL 3.0) there are none and the adapter declares the gap.
 *
 * Library facts these bindings rely on (Node 24.22, OpenSSL 3.5):
 * - `generateKeyPairSync('ml-kem-768')`; `crypto.encapsulate(publicKey)` → { sharedKey,
 *   ciphertext } draws its own m; `crypto.decapsulate(privateKey, ciphertext)`.
 * - Private keys export and import as `raw-seed` (the 64-byte d ‖ z) and as PKCS#8 DER, which
 *   OpenSSL 3.5 writes in the seed form of draft-ietf-lamps-kyber-certificates; the expanded
 *   key has no `raw-private` form. Public keys: `raw-public` and SPKI DER.
 */
import * as crypto from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { UnsupportedError } from '../core/errors.js';
import type { OpImpl } from '../core/adapter.js';
import type { ByteMap, OpName, Params } from '../core/model.js';
import { mlKem } from '../standards/ml-kem.js';
import type { IntentResolution } from '../core/intent.js';
import { documentedCall, input, oneOf, type Binding } from './binding.js';
import { mlKem768Intents } from './kem-intents.js';
import { importing, rejecting } from './key-import.js';

/** The ML-KEM calls of node:crypto from Node 24 on, which Node 20's types do not know. */
interface KemCrypto {
  generateKeyPairSync(type: string): { privateKey: KeyObject; publicKey: KeyObject };
  encapsulate(key: KeyObject): { sharedKey: Buffer; ciphertext: Buffer };
  decapsulate(key: KeyObject, ciphertext: Uint8Array): Buffer;
}

const kemCrypto = crypto as unknown as Partial<KemCrypto>;

/** Whether this runtime's node:crypto has ML-KEM. */
export const NODE_HAS_ML_KEM = typeof kemCrypto.encapsulate === 'function';

const typeOf = (p: Params): string => String(p['parameterSet']).toLowerCase();

/** Key import options by layout (`raw-seed` and `raw-public` are Node 24's). */
function privateKey(p: Params, key: Uint8Array): KeyObject {
  const der = p['secretKeyFormat'] === 'pkcs8-seed';
  return crypto.createPrivateKey(
    (der
      ? { key: Buffer.from(key), format: 'der', type: 'pkcs8' }
      : { key: Buffer.from(key), format: 'raw-seed', asymmetricKeyType: typeOf(p) }) as crypto.PrivateKeyInput,
  );
}

function publicKey(p: Params, key: Uint8Array): KeyObject {
  const der = p['publicKeyFormat'] === 'spki';
  return crypto.createPublicKey(
    (der
      ? { key: Buffer.from(key), format: 'der', type: 'spki' }
      : { key: Buffer.from(key), format: 'raw-public', asymmetricKeyType: typeOf(p) }) as crypto.PublicKeyInput,
  );
}

function exported(p: Params, pair: { privateKey: KeyObject; publicKey: KeyObject }): ByteMap {
  const sk =
    p['secretKeyFormat'] === 'pkcs8-seed'
      ? pair.privateKey.export({ format: 'der', type: 'pkcs8' })
      : pair.privateKey.export({ format: 'raw-seed' } as unknown as crypto.KeyExportOptions<'der'>);
  const pk =
    p['publicKeyFormat'] === 'spki'
      ? pair.publicKey.export({ format: 'der', type: 'spki' })
      : pair.publicKey.export({ format: 'raw-public' } as unknown as crypto.KeyExportOptions<'der'>);
  return { secretKey: new Uint8Array(sk), publicKey: new Uint8Array(pk) };
}

/** Why a known answer that fixes the encapsulation randomness cannot run here. */
const NO_M = 'node:crypto encapsulate(publicKey) draws its own randomness: it takes no m (FIPS 203 §7.2 ML-KEM.Encaps generates m itself)';

const ops: Partial<Record<OpName, OpImpl>> = {
  generateKeyPair(p, i) {
    const seed = i['seed'];
    if (seed === undefined) return exported(p, kemCrypto.generateKeyPairSync!(typeOf(p)));
    const sk = crypto.createPrivateKey({ key: Buffer.from(seed), format: 'raw-seed', asymmetricKeyType: typeOf(p) } as unknown as crypto.PrivateKeyInput);
    return exported(p, { privateKey: sk, publicKey: crypto.createPublicKey(sk) });
  },
  async encapsulate(p, i) {
    if (i['m'] !== undefined) throw new UnsupportedError(NO_M);
    const key = await importing('createPublicKey', () => publicKey(p, input(i, 'publicKey')));
    const { sharedKey, ciphertext } = await rejecting('crypto.encapsulate', () => kemCrypto.encapsulate!(key));
    return { ciphertext: new Uint8Array(ciphertext), sharedSecret: new Uint8Array(sharedKey) };
  },
  async decapsulate(p, i) {
    const key = await importing('createPrivateKey', () => privateKey(p, input(i, 'secretKey')));
    return { sharedSecret: new Uint8Array(await rejecting('crypto.decapsulate', () => kemCrypto.decapsulate!(key, input(i, 'ciphertext')))) };
  },
};

/** The ML-KEM binding where this runtime has it; none otherwise. */
export const nodeCryptoKemBindings: readonly Binding[] = NODE_HAS_ML_KEM
  ? [
      {
        standard: mlKem,
        rules: [
          oneOf('parameterSet', ['ML-KEM-512', 'ML-KEM-768', 'ML-KEM-1024'], 'ml-kem-512/768/1024'),
          oneOf(
            'secretKeyFormat',
            ['seed', 'pkcs8-seed'],
            'node:crypto imports and exports ML-KEM private keys as the seed only (raw-seed, or PKCS#8 seed form)',
          ),
          oneOf('publicKeyFormat', ['raw', 'spki'], 'raw-public and SPKI'),
        ],
        refusedInputs: { encapsulate: { m: NO_M } },
        ops,
      },
    ]
  : [];

/**
 * How node:crypto's documentation calls ML-KEM-768, for each ML-KEM intent: keys made by
 * generateKeyPairSync('ml-kem-768') (from a seed: createPrivateKey with format 'raw-seed') and
 * kept as keyObject.export({ format: 'der', type: 'pkcs8' }) and ({ type: 'spki' }), the forms
 * its examples write; the explicit operations with those parameters are exactly these calls.
 */
export function nodeKemIntents(mlKemOps: Partial<Record<OpName, OpImpl>> | undefined): Record<string, IntentResolution> {
  const call = documentedCall(
    "crypto.generateKeyPairSync('ml-kem-768') (from a seed: createPrivateKey({ key: seed, format: 'raw-seed', asymmetricKeyType: 'ml-kem-768' })); privateKey.export({ format: 'der', type: 'pkcs8' }); publicKey.export({ format: 'der', type: 'spki' }); crypto.encapsulate(publicKey); crypto.decapsulate(privateKey, ciphertext)",
    { parameterSet: 'ML-KEM-768', secretKeyFormat: 'pkcs8-seed', publicKeyFormat: 'spki' },
    mlKemOps,
  );
  return mlKem768Intents(call, call);
}

/** Why node:crypto has no ML-KEM in this runtime. */
export const NODE_KEM_GAP = `node:crypto here is Node ${process.versions.node} on OpenSSL ${process.versions.openssl}; ML-KEM came with OpenSSL 3.5 and Node 24 (crypto.encapsulate), which the node24 adapter runs`;
