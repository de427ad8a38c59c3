/** Every standard bothends knows, by canonical id. */
import { makeRegistry } from '../core/registry.js';
import type { Standard } from '../core/standard.js';
import { aesCbc } from './aes-cbc.js';
import { aesCtr } from './aes-ctr.js';
import { aesGcm } from './aes-gcm.js';
import { chacha20Poly1305 } from './chacha20-poly1305.js';
import { naclBox } from './nacl-box.js';
import { naclSecretbox } from './nacl-secretbox.js';
import { x25519 } from './x25519.js';

/** All standards, in report order. */
export const STANDARDS: readonly Standard[] = [aesGcm, aesCbc, aesCtr, chacha20Poly1305, naclSecretbox, naclBox, x25519];

/** Lookup by id. */
export const STANDARD_BY_ID = makeRegistry(STANDARDS);
