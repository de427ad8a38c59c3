/**
 * `mlkem` (crystals-kyber-js by Ajitomi Daisuke), the ML-KEM of the @hpke packages: ML-KEM-512,
 * 768 and 1024 (FIPS 203) in pure TypeScript.
 *
 * Library facts these bindings rely on (mlkem 2.x):
 * - `deriveKeyPair(seed)` takes the 64-byte seed d ‖ z and returns [ek, dk] with dk the
 *   *expanded* decapsulation key; `generateKeyPair()` draws its own seed and returns only the
 *   expanded key, so a seed-form key is made by drawing the seed here and deriving from it.
 * - `encap(pk, m?)` takes the 32 random bytes m only when a known-answer test gives them;
 *   `decap(ct, dk)` takes the expanded key only.
 * - Raw bytes only: there is no PKCS#8 or SPKI codec.
 */
import { randomBytes } from 'node:crypto';
import type { MlKem1024, MlKem512, MlKem768 } from 'mlkem';
import { defineAdapter, inProcessProbe, type OpImpl } from '../core/adapter.js';
import type { OpName, Params } from '../core/model.js';
import { packageVersion } from '../core/version.js';
import { STANDARDS } from '../standards/index.js';
import { mlKem } from '../standards/ml-kem.js';
import { assemble, input, oneOf } from './binding.js';
import { mlKem768Intents, noCertificate } from './kem-intents.js';
import { rejecting } from './key-import.js';

const SETS = ['ML-KEM-512', 'ML-KEM-768', 'ML-KEM-1024'];

/** The library, loaded on first use: the worker threads of a run load every adapter, most never call this one. */
let loaded: Promise<typeof import('mlkem')> | undefined;

async function kemOf(p: Params): Promise<MlKem512 | MlKem768 | MlKem1024> {
  const m = await (loaded ??= import('mlkem'));
  const classes = { 'ML-KEM-512': m.MlKem512, 'ML-KEM-768': m.MlKem768, 'ML-KEM-1024': m.MlKem1024 } as const;
  return new classes[String(p['parameterSet']) as keyof typeof classes]();
}

const ops0: Partial<Record<OpName, OpImpl>> = {
  async generateKeyPair(p, i) {
    const seed = i['seed'] ?? randomBytes(64);
    const [publicKey, secretKey] = await (await kemOf(p)).deriveKeyPair(seed);
    return { publicKey, secretKey: p['secretKeyFormat'] === 'seed' ? Uint8Array.from(seed) : secretKey };
  },
  async encapsulate(p, i) {
    const m = i['m'];
    const kem = await kemOf(p);
    const [ciphertext, sharedSecret] = await rejecting('mlkem encap', () => kem.encap(input(i, 'publicKey'), m));
    return { ciphertext, sharedSecret };
  },
  async decapsulate(p, i) {
    const kem = await kemOf(p);
    const sharedSecret = await rejecting('mlkem decap', async () => {
      const sk = p['secretKeyFormat'] === 'seed' ? (await kem.deriveKeyPair(input(i, 'secretKey')))[1] : input(i, 'secretKey');
      return kem.decap(input(i, 'ciphertext'), sk);
    });
    return { sharedSecret };
  },
};

const RAW_ONLY = 'mlkem works on raw bytes only: it has no PKCS#8 or SPKI codec';

/**
 * ML-KEM-768 as its README calls it: `generateKeyPair()` (or `deriveKeyPair(seed)`) gives the
 * raw public key and the expanded secret key, which `decap` takes.
 */
const ML_KEM_768_AS_CALLED = {
  call: 'const kem = new MlKem768(); const [pk, sk] = await kem.generateKeyPair() (deriveKeyPair(seed)); await kem.encap(pk); await kem.decap(ct, sk)',
  params: { parameterSet: 'ML-KEM-768', secretKeyFormat: 'expanded', publicKeyFormat: 'raw' },
  ops: {
    async generateKeyPair(_p, i) {
      const kem = await kemOf({ parameterSet: 'ML-KEM-768' });
      const seed = i['seed'];
      const [publicKey, secretKey] = seed === undefined ? await kem.generateKeyPair() : await kem.deriveKeyPair(seed);
      return { publicKey, secretKey };
    },
    async encapsulate(_p, i) {
      const kem = await kemOf({ parameterSet: 'ML-KEM-768' });
      const [ciphertext, sharedSecret] = await rejecting('MlKem768.encap', () => kem.encap(input(i, 'publicKey')));
      return { ciphertext, sharedSecret };
    },
    async decapsulate(_p, i) {
      const kem = await kemOf({ parameterSet: 'ML-KEM-768' });
      return { sharedSecret: await rejecting('MlKem768.decap', () => kem.decap(input(i, 'ciphertext'), input(i, 'secretKey'))) };
    },
  } satisfies Partial<Record<OpName, OpImpl>>,
};

const { claims, ops } = assemble('mlkem', [
  {
    standard: mlKem,
    rules: [
      oneOf('parameterSet', SETS, 'MlKem512, MlKem768 and MlKem1024'),
      oneOf('secretKeyFormat', ['seed', 'expanded'], RAW_ONLY),
      oneOf('publicKeyFormat', ['raw'], RAW_ONLY),
    ],
    ops: ops0,
  },
]);

const gaps: Record<string, string> = Object.fromEntries(
  STANDARDS.filter((s) => !(s.id in claims)).map((s) => [s.id, 'mlkem implements ML-KEM (FIPS 203) only']),
);

/** mlkem: ML-KEM-512/768/1024. */
export const mlkemAdapter = defineAdapter({
  id: 'mlkem',
  library: 'mlkem',
  kind: 'in-process',
  variant: 'explicit',
  description: 'mlkem (crystals-kyber-js): ML-KEM-512/768/1024 in pure TypeScript, the ML-KEM of @hpke/ml-kem',
  probe: inProcessProbe(() => packageVersion('mlkem')),
  capabilities: { claims, gaps },
  ops,
  intents: { [mlKem.id]: mlKem768Intents(ML_KEM_768_AS_CALLED, noCertificate(ML_KEM_768_AS_CALLED, RAW_ONLY)) },
});
