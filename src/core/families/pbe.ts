/**
 * The `pbe` family: passphrase-based file formats. The producer encrypts {passphrase, salt,
 * plaintext} into a whole file (header included); the consumer decrypts {passphrase, file},
 * reading the salt from the file. Matrix and negative cases are the message-family runners
 * with these inputs.
 */
import type { ByteMap, Params } from '../model.js';
import type { Sizes } from '../standard.js';
import { rngFor } from '../rng.js';
import type { Standard } from '../standard.js';
import { ENCRYPTION, ciphertextSpec, nonceSpec, type Draft, type FamilyModule, type MessageIO, type KatOp, type Reference } from './family.js';
import { inputsFromFields } from './kat-fields.js';
import { messageExchanges, messageMatrix, messageNegative, messageThroughput } from './message.js';
import { messageBoundary } from './message-boundary.js';

/** Passphrase length of generated cases. */
const PASSPHRASE_CHARS = 12;

/**
 * A printable-ASCII passphrase: what every implementation can take (`openssl -pass pass:` takes
 * no NUL, crypto-js a JavaScript string, which it encodes as UTF-8).
 */
function passphrase(bytes: Uint8Array): Uint8Array {
  return bytes.map((b) => 0x21 + (b % 94));
}

/** Deterministic encryption inputs: passphrase, salt and plaintext from (seed, standard, params, size). */
export function pbeInputs(seed: string, std: Standard, params: Params, size: number): ByteMap {
  const rng = rngFor(seed, `${std.id}/${std.paramsId(params)}/pt${size}`);
  return { passphrase: passphrase(rng.bytes(PASSPHRASE_CHARS)), salt: rng.bytes(std.sizes(params).nonce), plaintext: rng.bytes(size) };
}

/** Decryption takes the passphrase and the file; the salt travels inside it. */
function pbeDecryptInputs(enc: ByteMap, ciphertext: Uint8Array): ByteMap {
  return { passphrase: enc['passphrase']!, ciphertext };
}

const PBE_IO: MessageIO = { encryptInputs: pbeInputs, decryptInputs: pbeDecryptInputs };

/** Known-answer operations: vector fields are named as the operations' inputs. */
const PBE_KAT_OPS: readonly KatOp[] = [
  { op: 'encrypt', inputs: { passphrase: 'passphrase', salt: 'salt', plaintext: 'plaintext' }, output: ['ciphertext', 'ciphertext'], consuming: false },
  { op: 'decrypt', inputs: { passphrase: 'passphrase', ciphertext: 'ciphertext' }, output: ['plaintext', 'plaintext'], consuming: true },
];

/** Passphrases implementations take differently: empty, one character, long, and UTF-8 beyond ASCII. */
const PASSPHRASES: ReadonlyArray<readonly [string, string]> = [
  ['empty passphrase', ''],
  ['one-character passphrase', 'x'],
  ['100-character passphrase', 'correct horse battery staple '.repeat(4).slice(0, 100)],
  ['UTF-8 passphrase beyond ASCII (openssl takes the bytes, crypto-js encodes its string as UTF-8)', 'pässwörd €'],
];

/** Passphrase edge cases of a `pbe` standard, on a short message of the base parameters. */
async function passphraseDrafts(std: Standard, params: Params, seed: string, ref: Reference): Promise<Draft[]> {
  const drafts: Draft[] = [];
  for (const [what, passphrase] of PASSPHRASES) {
    const label = `${std.id}/${std.paramsId(params)}/passphrase/${what}`;
    const fields: Record<string, Uint8Array> = { ...pbeInputs(seed, std, params, 17), passphrase: Uint8Array.from(Buffer.from(passphrase, 'utf8')) };
    fields['ciphertext'] = await ref.encrypt(std, params, inputsFromFields(PBE_KAT_OPS, 'encrypt', fields)!);
    drafts.push({ comment: `17-byte plaintext, ${what}`, label, flags: ['Passphrase'], result: 'valid', fields });
  }
  return drafts;
}

/** A passphrase file: 16-byte header and PKCS#7-padded body, then base64 (64-column lines ended by LF, or one line). */
function pbeFileLength(params: Params, sizes: Sizes, length: number): { length: number; rule: string } {
  const binary = 16 + (Math.floor(length / sizes.block) + 1) * sizes.block;
  const text = 4 * Math.ceil(binary / 3);
  switch (params['encoding']) {
    case 'base64':
      return {
        length: text + Math.ceil(text / 64),
        rule: `'Salted__', salt and ${sizes.block}-byte PKCS#7 blocks, base64 in 64-column lines each ended by LF`,
      };
    case 'base64-single-line':
      return { length: text, rule: `'Salted__', salt and ${sizes.block}-byte PKCS#7 blocks, base64 on one line` };
    default:
      return { length: binary, rule: `'Salted__', 8-byte salt and ${sizes.block}-byte PKCS#7 blocks` };
  }
}

export const pbe: FamilyModule = {
  name: 'pbe',
  contract: 'encrypt {passphrase, salt, plaintext} → {ciphertext} (the whole file, header included); decrypt {passphrase, ciphertext} → {plaintext}',
  shapes: ENCRYPTION,
  operations: {
    encrypt: {
      untrusted: false,
      inputs: (std, _p, sizes) => [...nonceSpec(std, sizes), { name: 'salt', size: sizes.nonce }, { name: 'passphrase' }, { name: 'plaintext' }],
    },
    decrypt: { untrusted: true, inputs: (std, _p, sizes) => [...nonceSpec(std, sizes), { name: 'passphrase' }, ciphertextSpec(sizes)] },
  },
  roles: { producer: ['encrypt'], consumer: ['decrypt'] },
  // Decryption reads the salt from the file; only encryption takes it.
  fields: [
    { name: 'passphrase', need: 'always' },
    { name: 'salt', need: 'when-valid' },
    { name: 'plaintext', need: 'unless-invalid' },
    { name: 'ciphertext', need: 'always' },
  ],
  katOps: () => PBE_KAT_OPS,
  ciphertextLength: pbeFileLength,
  // Producer encrypts a file, consumer decrypts it, at every plaintext size; a tampered file (or
  // a wrong passphrase) must be rejected, or for unauthenticated formats is reported when it is not.
  matrix: messageMatrix(PBE_IO),
  negative: messageNegative(PBE_IO),
  intent: messageExchanges(PBE_IO),
  keyAffinity: false,
  throughput: messageThroughput(PBE_IO),
  messages: PBE_IO,
  boundary: messageBoundary({
    katOps: () => PBE_KAT_OPS,
    fields: (std, params, seed, _label, size) => ({ ...pbeInputs(seed, std, params, size) }),
    // Other groups differ in KDF and encoding rather than padding: empty and one past a block
    // (a command-line peer pays a process for each test).
    otherGroupSizes: (std, params) => [0, std.sizes(params).block + 1],
    baseExtras: passphraseDrafts,
    // Randomized formats (age, OpenPGP) have no fixed answer to generate.
    covers: (std) => std.deterministic,
    notes: {
      Passphrase: {
        bugType: 'EDGE_CASE',
        description: 'The passphrase is empty, a single character, long, or UTF-8 beyond ASCII: the key derivation must take exactly its bytes.',
      },
    },
  }),
};
