/**
 * The intent tables of the KEM adapters, written once: a library resolves most sentences of a
 * KEM standard with the one call its documentation shows, so each adapter gives that call (and
 * where a sentence needs another, that one) and these helpers spell the table out.
 */
import type { IntentResolution } from '../core/intent.js';
import type { Params } from '../core/model.js';
import { X_WING_SEED_AS_SECRET_KEY } from '../standards/x-wing.js';

/** The same resolution with more parameters (those beyond the standard, such as ml-kem's `revision`). */
const withParams = (r: IntentResolution, more: Params): IntentResolution => ({ ...r, params: { ...r.params, ...more } });

/** A library that reads no certificate: no operation as called, with its own reason. */
export const noCertificate = (r: IntentResolution, refused: string): IntentResolution => ({
  call: 'none: no X.509 or SPKI reader',
  params: { ...r.params, publicKeyFormat: 'spki' },
  ops: {},
  refused,
});

/**
 * The ml-kem intents of a library whose documented ML-KEM-768 call is `asCalled`: the public key,
 * the stored private key and the seed as that call makes them, "Kyber-768" as FIPS 203, and the
 * certificate as `certificate` resolves it (a call of its own, or {@link noCertificate}).
 */
export function mlKem768Intents(asCalled: IntentResolution, certificate: IntentResolution): Record<string, IntentResolution> {
  return {
    'public-key': asCalled,
    'private-key': asCalled,
    seed: asCalled,
    'kyber-768': withParams(asCalled, { revision: 'FIPS 203' }),
    certificate,
  };
}

/**
 * The x-wing intents of a library whose documented X-Wing call is `asCalled`: the public key and
 * the stored private key as that call makes them, the key pair from a seed as `seed` makes it
 * (`seedDerivation` included; by default the call itself, taking the seed as the secret key), and
 * the hybrid named by its components as X-Wing (ML-KEM-768, FIPS 203).
 */
export function xWingIntents(asCalled: IntentResolution, seed?: IntentResolution): Record<string, IntentResolution> {
  return {
    'public-key': asCalled,
    'private-key': asCalled,
    seed: seed ?? withParams(asCalled, { seedDerivation: X_WING_SEED_AS_SECRET_KEY }),
    hybrid: withParams(asCalled, { revision: 'FIPS 203' }),
  };
}
