/**
 * @hpke/hybridkem-x25519-kyber768 by Ajitomi Daisuke used as a KEM: the pre-standard
 * X25519Kyber768Draft00 (draft-westerbaan-cfrg-hpke-xyber768d00, HPKE KEM 0x0030), X25519 with
 * round-3 Kyber768, which TLS and HPKE deployments carried before X-Wing and ML-KEM. An adapter of
 * its own, apart from the @hpke KEMs of the final standards (hpke-kem.ts), so that a sentence
 * naming a hybrid by its components ("X25519 + ML-KEM-768 (Kyber-768)") is resolved here as the
 * draft and there as X-Wing, and the intent grid shows what one end not yet moved does.
 *
 * Library facts these bindings rely on (@hpke/hybridkem-x25519-kyber768 1.7):
 * - The private key serializes as sk_X ‖ sk_K (32 + 2400 bytes, the round-3 secret key), the
 *   public key as pk_X ‖ pk_K (32 + 1184), `enc` is ct_X ‖ ct_K (32 + 1088); the shared secret is
 *   ss_X ‖ ss_K, 64 bytes.
 * - `deriveKeyPair(ikm)` is the draft's HPKE derivation: the seed of a key pair is its ikm.
 * - `encap({ recipientPublicKey, ekm })` takes the randomness of a known-answer test as `ekm`.
 */
import type { HybridkemX25519Kyber768 } from '@hpke/hybridkem-x25519-kyber768';
import { defineAdapter, inProcessProbe } from '../core/adapter.js';
import type { IntentResolution } from '../core/intent.js';
import { packageVersion } from '../core/version.js';
import { STANDARDS } from '../standards/index.js';
import { xWing } from '../standards/x-wing.js';
import { x25519Kyber768Draft00 } from '../standards/x25519-kyber768-draft00.js';
import { assemble, oneOf } from './binding.js';
import { kemOps, type HpkeKem } from './hpke-kem.js';

// The package is loaded on first use: the worker threads of a run load every adapter, most never call this one.
const draftOf = async (): Promise<HpkeKem> => new (await import('@hpke/hybridkem-x25519-kyber768')).HybridkemX25519Kyber768();

// Its seed is the HPKE DeriveKeyPair ikm of the draft.
const draftCalls = kemOps(draftOf, (kem, seed) => (kem as unknown as HybridkemX25519Kyber768).deriveKeyPair(seed));

const { claims, ops } = assemble('hpke-kyber-draft', [
  {
    standard: x25519Kyber768Draft00,
    rules: [
      oneOf('parameterSet', ['X25519Kyber768Draft00'], 'HybridkemX25519Kyber768'),
      oneOf('secretKeyFormat', ['expanded'], 'sk_X ‖ sk_K'),
      oneOf('publicKeyFormat', ['raw'], 'serializePublicKey gives the raw pk_X ‖ pk_K; there is no SPKI codec'),
    ],
    ops: draftCalls,
  },
]);

const gaps: Record<string, string> = Object.fromEntries(
  STANDARDS.filter((s) => !(s.id in claims)).map((s) => [
    s.id,
    s.id === xWing.id
      ? '@hpke/hybridkem-x25519-kyber768 is the pre-standard X25519Kyber768Draft00 (round-3 Kyber768, secrets concatenated), not X-Wing: it shares no secret with X-Wing (see x25519-kyber768-draft00)'
      : '@hpke/hybridkem-x25519-kyber768 implements the X25519Kyber768Draft00 KEM only',
  ]),
);

/**
 * "A hybrid X25519 + ML-KEM-768 (Kyber-768) KEM" as the package's README calls it:
 * new HybridkemX25519Kyber768() with generateKeyPair, encap and decap, which is the draft hybrid
 * (the explicit operations of x25519-kyber768-draft00; X-Wing's explicit operations express none of it).
 */
const HYBRID_AS_CALLED: IntentResolution = {
  call: 'const kem = new HybridkemX25519Kyber768(); const { publicKey, privateKey } = await kem.generateKeyPair(); kem.serializePublicKey / serializePrivateKey; kem.encap({ recipientPublicKey }); kem.decap({ enc, recipientKey })',
  params: { parameterSet: 'X25519Kyber768Draft00', secretKeyFormat: 'expanded', publicKeyFormat: 'raw', revision: 'round-3 Kyber' },
  ops: draftCalls,
};

/** @hpke/hybridkem-x25519-kyber768: the pre-standard X25519Kyber768Draft00 hybrid KEM. */
export const hpkeKyberDraft = defineAdapter({
  id: 'hpke-kyber-draft',
  library: '@hpke/hybridkem-x25519-kyber768',
  kind: 'in-process',
  variant: 'explicit',
  description: 'the pre-standard X25519Kyber768Draft00 hybrid KEM (X25519 + round-3 Kyber768) of @hpke/hybridkem-x25519-kyber768, used as a KEM',
  probe: inProcessProbe(() => packageVersion('@hpke/hybridkem-x25519-kyber768')),
  capabilities: { claims, gaps },
  ops,
  intents: { [xWing.id]: { hybrid: HYBRID_AS_CALLED } },
});
