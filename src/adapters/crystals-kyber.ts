/**
 * `crystals-kyber` (antontutoveanu), a JavaScript round-3 CRYSTALS-Kyber translated from the
 * Go kyber-k2so: the pre-standard Kyber, which some deployments still carry.
 *
 * Library facts these bindings rely on (crystals-kyber 5.1):
 * - CommonJS, untyped: `KeyGen768()` → [pk, sk], `Encrypt768(pk)` → [c, ss],
 *   `Decrypt768(c, sk)` → ss, and the same for 512 and 1024. Keys and ciphertexts come back
 *   as arrays of numbers, the secret as a Buffer.
 * - Every call draws its own randomness: there is no key generation from a seed and no
 *   encapsulation with given m, so neither a common-seed check nor an encapsulation known
 *   answer can run.
 * - The round-3 secret key is sk ‖ pk ‖ H(pk) ‖ z; decapsulation compares the re-encryption
 *   and answers a mismatch with SHAKE-256(z ‖ H(c)) (implicit rejection).
 */
import { createRequire } from 'node:module';
import { defineAdapter, inProcessProbe, type OpImpl } from '../core/adapter.js';
import type { IntentResolution } from '../core/intent.js';
import { UnsupportedError } from '../core/errors.js';
import type { OpName, Params } from '../core/model.js';
import { packageVersion } from '../core/version.js';
import { STANDARDS } from '../standards/index.js';
import { kyberR3 } from '../standards/kyber-r3.js';
import { mlKem } from '../standards/ml-kem.js';
import { assemble, input, oneOf } from './binding.js';
import { rejecting } from './key-import.js';

type Bytes = ArrayLike<number>;
type Kyber = Readonly<Record<string, (...args: Bytes[]) => unknown>>;

/** The library, loaded on first use: the worker threads of a run load every adapter, most never call this one. */
let kyber: Kyber | undefined;

/** The library's function `name` + the parameter set's strength (`KeyGen768`). */
const fn = (p: Params, name: string): Kyber[string] =>
  (kyber ??= createRequire(import.meta.url)('crystals-kyber') as Kyber)[`${name}${String(p['parameterSet']).replace('Kyber', '')}`]!;

const u8 = (b: Bytes): Uint8Array => Uint8Array.from(b);

const NO_M = 'crystals-kyber Encrypt draws its own m: it takes none';

const ops0: Partial<Record<OpName, OpImpl>> = {
  generateKeyPair(p, i) {
    if (i['seed'] !== undefined) throw new UnsupportedError('crystals-kyber KeyGen draws its own randomness: it takes no seed');
    const [publicKey, secretKey] = fn(p, 'KeyGen')() as [Bytes, Bytes];
    return { publicKey: u8(publicKey), secretKey: u8(secretKey) };
  },
  async encapsulate(p, i) {
    if (i['m'] !== undefined) throw new UnsupportedError(NO_M);
    const [ciphertext, sharedSecret] = await rejecting('crystals-kyber Encrypt', () => fn(p, 'Encrypt')(Array.from(input(i, 'publicKey'))) as [Bytes, Bytes]);
    return { ciphertext: u8(ciphertext), sharedSecret: u8(sharedSecret) };
  },
  async decapsulate(p, i) {
    const ss = await rejecting(
      'crystals-kyber Decrypt',
      () => fn(p, 'Decrypt')(Array.from(input(i, 'ciphertext')), Array.from(input(i, 'secretKey'))) as Bytes,
    );
    return { sharedSecret: u8(ss) };
  },
};

const { claims, ops } = assemble('crystals-kyber', [
  {
    standard: kyberR3,
    rules: [
      oneOf('parameterSet', ['Kyber512', 'Kyber768', 'Kyber1024'], 'KeyGen512/768/1024'),
      oneOf('secretKeyFormat', ['expanded'], 'the round-3 key'),
      oneOf('publicKeyFormat', ['raw'], 'raw bytes only'),
    ],
    refusedInputs: { encapsulate: { m: NO_M } },
    ops: ops0,
  },
]);

const gaps: Record<string, string> = Object.fromEntries(
  STANDARDS.filter((s) => !(s.id in claims)).map((s) => [
    s.id,
    s.id === 'ml-kem'
      ? 'crystals-kyber is round-3 Kyber, not FIPS 203 ML-KEM: its key schedule differs, so it shares no secret with ML-KEM (see kyber-r3)'
      : 'crystals-kyber implements round-3 Kyber only',
  ]),
);

/**
 * "Post-quantum KEM, Kyber-768" as the library's README calls it: KeyGen768, Encrypt768 and
 * Decrypt768, which are round-3 Kyber768. Its parameters are those of ML-KEM-768 (FIPS 203
 * Table 2 kept k, η and d of round 3); its revision is not, which the ml-kem intent names.
 */
const KYBER_768: Params = { parameterSet: 'Kyber768' };
const KYBER_768_AS_CALLED: IntentResolution = {
  call: 'const [pk, sk] = KeyGen768(); const [c, ss] = Encrypt768(pk); const ss2 = Decrypt768(c, sk)',
  params: { parameterSet: 'ML-KEM-768', secretKeyFormat: 'expanded', publicKeyFormat: 'raw', revision: 'round-3 Kyber' },
  ops: {
    generateKeyPair: (_p, i) => ops0.generateKeyPair!(KYBER_768, i),
    encapsulate: (_p, i) => ops0.encapsulate!(KYBER_768, i),
    decapsulate: (_p, i) => ops0.decapsulate!(KYBER_768, i),
  },
};

/** crystals-kyber: round-3 Kyber. */
export const crystalsKyber = defineAdapter({
  id: 'crystals-kyber',
  library: 'crystals-kyber',
  kind: 'in-process',
  variant: 'explicit',
  description: 'crystals-kyber: round-3 CRYSTALS-Kyber 512/768/1024 in JavaScript (pre-standard)',
  probe: inProcessProbe(() => packageVersion('crystals-kyber')),
  capabilities: { claims, gaps },
  ops,
  intents: { [mlKem.id]: { 'kyber-768': KYBER_768_AS_CALLED } },
});
