/**
 * The symmetric families, `aead` and `cipher`: encrypt {key, <nonceInput>, [aad], plaintext} →
 * {ciphertext}; decrypt the reverse (`nonceInput` is `iv` for the AES modes, `nonce` otherwise).
 * They differ only in the AAD; integrity is the standard's `authenticated`.
 */
import type { Standard } from '../standard.js';
import {
  ENCRYPTION,
  ciphertextSpec,
  nonceSpec,
  type BoundaryDriver,
  type Draft,
  type FamilyModule,
  type MessageIO,
  type InputSpec,
  type KatOp,
  type Reference,
} from './family.js';
import { decryptInputs, symmetricInputs } from './inputs.js';
import { messageExchanges, messageMatrix, messageNegative, messageThroughput } from './message.js';
import { messageBoundary, type InvalidDraft } from './message-boundary.js';
import { messageProperty, symmetricMessage } from './message-fuzz.js';
import { rngFor } from '../rng.js';
import type { Params } from '../model.js';

/** Ciphertexts whose PKCS#7 padding is wrong in the ways implementations forget to check (AES-CBC). */
const BAD_PADDING: Array<[string, (block: Uint8Array) => void]> = [
  ['the padding length byte is 0x00', (b) => (b[15] = 0x00)],
  ['the padding length byte is 0x11, more than a block', (b) => (b[15] = 0x11)],
  ['the last byte says 3 padding bytes, but the third-last is 0x04', (b) => b.set([0x04, 0x03, 0x03], 13)],
  ['the last byte says 16 padding bytes, but the first is 0x0f', (b) => b.set([0x0f, ...new Array<number>(15).fill(0x10)])],
];

const PADDING_NOTE: BoundaryDriver['notes'] = {
  InvalidPadding: {
    bugType: 'MISSING_STEP',
    description:
      'The last plaintext block does not end in valid PKCS#7 padding (RFC 5652 §6.3: n bytes of value n, 1 ≤ n ≤ 16). Decryption must fail; an implementation that skips the check returns garbage and can become a padding oracle.',
  },
};

/** Two blocks encrypted without padding, the last one's padding corrupted. */
function paddingDrafts(std: Standard, params: Params, seed: string, ref: Reference, invalid: InvalidDraft): Promise<Draft[]> {
  if (params['padding'] !== 'pkcs7' || std.sizes(params).block !== 16) return Promise.resolve([]);
  return Promise.all(
    BAD_PADDING.map(([what, corrupt]) => {
      const label = `${std.id}/${std.paramsId(params)}/padding/${what}`;
      const rng = rngFor(seed, label);
      const key = rng.bytes(std.sizes(params).key);
      const iv = rng.bytes(16);
      const blocks = rng.bytes(32);
      corrupt(blocks.subarray(16));
      return invalid({
        comment: `two blocks encrypted without padding; ${what}`,
        label,
        flags: ['InvalidPadding'],
        fields: { key, iv, ciphertext: ref.rawCbcEncrypt(key, iv, blocks) },
      });
    }),
  );
}

/** The `aead` (`withAad`) or `cipher` family. */
export function symmetricFamily(name: string, withAad: boolean): FamilyModule {
  const aad: InputSpec[] = withAad ? [{ name: 'aad' }] : [];
  const io: MessageIO = { encryptInputs: symmetricInputs(withAad), decryptInputs };
  const katOps = (std: Standard): readonly KatOp[] => {
    const n = std.nonceInput ?? 'nonce';
    const a: Record<string, string> = withAad ? { aad: 'aad' } : {};
    return [
      { op: 'encrypt', inputs: { key: 'key', [n]: n, ...a, plaintext: 'plaintext' }, output: ['ciphertext', 'ciphertext'], consuming: false },
      { op: 'decrypt', inputs: { key: 'key', [n]: n, ...a, ciphertext: 'ciphertext' }, output: ['plaintext', 'plaintext'], consuming: true },
    ];
  };
  return {
    name,
    contract: `encrypt {key, iv or nonce${withAad ? ', aad' : ''}, plaintext} → {ciphertext}; decrypt {key, iv or nonce${withAad ? ', aad' : ''}, ciphertext} → {plaintext}`,
    shapes: ENCRYPTION,
    operations: {
      encrypt: { untrusted: false, inputs: (std, _p, sizes) => [{ name: 'key', size: sizes.key }, ...nonceSpec(std, sizes), ...aad, { name: 'plaintext' }] },
      decrypt: { untrusted: true, inputs: (std, _p, sizes) => [{ name: 'key', size: sizes.key }, ...nonceSpec(std, sizes), ...aad, ciphertextSpec(sizes)] },
    },
    roles: { producer: ['encrypt'], consumer: ['decrypt'] },
    fields: [
      { name: 'key', need: 'always' },
      { name: '$nonce', need: 'always' },
      ...(withAad ? [{ name: 'aad', need: 'always' } as const] : []),
      { name: 'plaintext', need: 'unless-invalid' },
      { name: 'ciphertext', need: 'always' },
    ],
    katOps,
    matrix: messageMatrix(io),
    negative: messageNegative(io),
    intent: messageExchanges(io),
    keyAffinity: false,
    throughput: messageThroughput(io),
    messages: io,
    fuzz: messageProperty(symmetricMessage(withAad), withAad),
    boundary: messageBoundary({
      katOps,
      fields: (std, params, seed, label, size, aadSize) => {
        const fields: Record<string, Uint8Array> = { ...symmetricInputs(false)(seed, std, params, size) };
        if (withAad) fields['aad'] = rngFor(seed, `${label}/aad`).bytes(aadSize);
        return fields;
      },
      ...(withAad ? { aadWords: (n: number) => `, ${n}-byte AAD` } : {}),
      forgeryExtras: paddingDrafts,
      notes: PADDING_NOTE,
    }),
  };
}
