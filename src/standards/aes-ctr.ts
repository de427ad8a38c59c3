/**
 * AES-CTR (NIST SP 800-38A §6.5). The width of the counter is explicit: `counterBits` low-order
 * bits of the 16-byte counter block are incremented modulo 2^counterBits, the rest never change
 * (SP 800-38A Appendix B.1). Implementations differ exactly here, so matrix inputs start the
 * counter two blocks before it wraps.
 */
import { cipher } from '../core/families/cipher.js';
import type { Params } from '../core/model.js';
import type { Standard } from '../core/standard.js';
import type { Rng } from '../core/rng.js';
import { undetectableMutations } from './mutations.js';
import { slugger } from './params-id.js';

/** A random counter block whose low `counterBits` bits are 2 blocks away from wrapping. */
export function nearWrapCounterBlock(params: Params, rng: Rng): Uint8Array {
  const block = rng.bytes(16);
  const bits = Number(params['counterBits']);
  // Set the counter field to 2^bits - 2: all ones except the lowest bit.
  for (let bit = 0; bit < bits; bit++) {
    const byte = 15 - Math.floor(bit / 8);
    const mask = 1 << (bit % 8);
    block[byte] = bit === 0 ? block[byte]! & ~mask : block[byte]! | mask;
  }
  return block;
}

export const aesCtr: Standard = {
  id: 'aes-ctr',
  title: 'AES-CTR',
  family: cipher.name,
  references: ['NIST SP 800-38A §6.5 and Appendix B.1'],
  params: [
    { name: 'keyBits', description: 'AES key length', values: [128, 192, 256] },
    { name: 'counterBits', description: 'counter width: low-order bits of the block that are incremented', values: [32, 64, 128] },
  ],
  matrix: [...[128, 192, 256].map((keyBits) => ({ keyBits, counterBits: 128 })), { keyBits: 128, counterBits: 32 }, { keyBits: 128, counterBits: 64 }],
  // Tampering depends on neither the key size nor the counter width: one set per width that
  // implementations support (128 for OpenSSL and noble, 32 for node-forge and crypto-js).
  negativeMatrix: [
    { keyBits: 128, counterBits: 128 },
    { keyBits: 128, counterBits: 32 },
  ],
  nonceInput: 'iv',
  layout: 'ciphertext only, same length as the plaintext; the 16-byte initial counter block passed as iv',
  ops: ['encrypt', 'decrypt'],
  deterministic: true,
  authenticated: false,
  plaintextSizes: [0, 1, 15, 16, 17, 48, 1000],
  intents: [
    {
      id: 'ctr',
      sentence: 'AES-CTR with a 16-byte initial counter block',
      fixes: { keyBits: 128 },
      open: {
        counterBits:
          "NIST SP 800-38A §6.5 and Appendix B.1: the standard incrementing function adds one to the low m bits of the counter block, and m is the implementation's choice; it matters once those bits wrap (the grid starts two blocks before they do)",
      },
    },
  ],
  mutations: undetectableMutations({
    nonce: 'iv',
    keys: ['key'],
    cite: 'NIST SP 800-38A §6.5 gives CTR no integrity: a changed ciphertext, counter block or key decrypts to another plaintext of the same length, and nothing can reveal it',
    anyLength: true,
  }),
  sizes: (p: Params) => ({ key: Number(p['keyBits']) / 8, nonce: 16, tag: 0, block: 1 }),
  paramsId: slugger([
    ['keyBits', 'k'],
    ['counterBits', 'ctr'],
  ]),
  makeNonce: nearWrapCounterBlock,
};
