/** Every standard bothends knows, by canonical id. */
import { makeRegistry } from '../core/registry.js';
import type { Standard } from '../core/standard.js';
import { tripleDesCbc } from './3des-cbc.js';
import { aesCbc } from './aes-cbc.js';
import { aesCtr } from './aes-ctr.js';
import { aesGcmSiv } from './aes-gcm-siv.js';
import { aesGcm } from './aes-gcm.js';
import { ageMlkem768x25519, ageScrypt, ageX25519 } from './age.js';
import { chacha20Poly1305 } from './chacha20-poly1305.js';
import { cmsEnveloped } from './cms.js';
import { ecdh } from './ecdh.js';
import { hpke } from './hpke.js';
import { jwe } from './jwe.js';
import { mlKem } from './ml-kem.js';
import { kyberR3 } from './kyber-r3.js';
import { naclBox } from './nacl-box.js';
import { naclSealedbox } from './nacl-sealedbox.js';
import { naclSecretbox } from './nacl-secretbox.js';
import { rsaOaep } from './rsa-oaep.js';
import { rsaesPkcs1v15 } from './rsaes-pkcs1-v1_5.js';
import { opensslEnc } from './openssl-enc.js';
import { pbes2 } from './pbes2.js';
import { openpgp, openpgpPassword } from './openpgp.js';
import { pkcs12 } from './pkcs12.js';
import { pkcs8Encrypted } from './pkcs8-encrypted.js';
import { x25519 } from './x25519.js';
import { xWing } from './x-wing.js';
import { x25519Kyber768Draft00 } from './x25519-kyber768-draft00.js';
import { xchacha20Poly1305 } from './xchacha20-poly1305.js';

/** All standards, in report order. */
export const STANDARDS: readonly Standard[] = [
  aesGcm,
  aesGcmSiv,
  aesCbc,
  aesCtr,
  tripleDesCbc,
  chacha20Poly1305,
  xchacha20Poly1305,
  naclSecretbox,
  naclBox,
  naclSealedbox,
  x25519,
  ecdh,
  rsaOaep,
  rsaesPkcs1v15,
  opensslEnc,
  pbes2,
  cmsEnveloped,
  jwe,
  hpke,
  mlKem,
  xWing,
  kyberR3,
  x25519Kyber768Draft00,
  ageX25519,
  ageMlkem768x25519,
  ageScrypt,
  openpgp,
  openpgpPassword,
  pkcs12,
  pkcs8Encrypted,
];

/** Lookup by id. */
export const STANDARD_BY_ID = makeRegistry(STANDARDS);

/** The registry module's contract with worker threads (core/pool-worker.ts): the standards their cases name. */
export const standards: readonly Standard[] = STANDARDS;
