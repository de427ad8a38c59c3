/**
 * The `pbes` family: a password-based encryption scheme as a scheme, not a file (RFC 8018 §6.2
 * PBES2): encrypt {password, salt, iv, plaintext} → {ciphertext}; decrypt {password, salt, iv,
 * ciphertext} → {plaintext}. Salt and IV travel beside the ciphertext, as the parameters of the
 * AlgorithmIdentifier that names the scheme do (RFC 8018 App. A.4), and the iteration count is a
 * parameter. It differs from the `pbe` family, whose file carries its own salt and whose reader
 * takes only the passphrase and the file. The password is an octet string (RFC 8018 §3): any
 * bytes, not necessarily text. Matrix, negative and intent cases are the message-family runners
 * with these inputs; the known answers are published ones (Wycheproof's `pbes2_*` files).
 */
import type { ByteMap, Params } from '../model.js';
import { rngFor } from '../rng.js';
import type { Standard } from '../standard.js';
import { ENCRYPTION, ciphertextSpec, nonceSpec, type FamilyModule, type KatOp, type MessageIO } from './family.js';
import { decryptInputs } from './inputs.js';
import { messageExchanges, messageMatrix, messageNegative, messageThroughput } from './message.js';

/** Password length of generated cases: random bytes, as RFC 8018 §3 allows any octets. */
const PASSWORD_BYTES = 12;
/** Salt length of generated cases: 16 bytes, twice the least RFC 8018 §4.1 recommends. */
const SALT_BYTES = 16;

/** Deterministic encryption inputs: password, salt, IV and plaintext from (seed, standard, params, size). */
export function pbesInputs(seed: string, std: Standard, params: Params, size: number): ByteMap {
  const rng = rngFor(seed, `${std.id}/${std.paramsId(params)}/pt${size}`);
  const iv = rng.bytes(std.sizes(params).nonce);
  return { password: rng.bytes(PASSWORD_BYTES), salt: rng.bytes(SALT_BYTES), [std.nonceInput ?? 'iv']: iv, plaintext: rng.bytes(size) };
}

/** Decryption takes everything encryption took but the plaintext: salt and IV are not in the ciphertext. */
const PBES_IO: MessageIO = { encryptInputs: pbesInputs, decryptInputs };

/** Known-answer operations: vector fields are named as the operations' inputs. */
function katOps(std: Standard): readonly KatOp[] {
  const iv = std.nonceInput ?? 'iv';
  const common = { password: 'password', salt: 'salt', [iv]: iv };
  return [
    { op: 'encrypt', inputs: { ...common, plaintext: 'plaintext' }, output: ['ciphertext', 'ciphertext'], consuming: false },
    { op: 'decrypt', inputs: { ...common, ciphertext: 'ciphertext' }, output: ['plaintext', 'plaintext'], consuming: true },
  ];
}

export const pbes: FamilyModule = {
  name: 'pbes',
  contract:
    'encrypt {password, salt, iv, plaintext} → {ciphertext}; decrypt {password, salt, iv, ciphertext} → {plaintext} (the bare scheme: salt and IV beside the ciphertext, the password any bytes)',
  shapes: ENCRYPTION,
  operations: {
    // The salt has the length its writer chose (PBKDF2 takes any); the IV is the cipher's.
    encrypt: { untrusted: false, inputs: (std, _p, sizes) => [{ name: 'password' }, { name: 'salt' }, ...nonceSpec(std, sizes), { name: 'plaintext' }] },
    decrypt: { untrusted: true, inputs: (std, _p, sizes) => [{ name: 'password' }, { name: 'salt' }, ...nonceSpec(std, sizes), ciphertextSpec(sizes)] },
  },
  roles: { producer: ['encrypt'], consumer: ['decrypt'] },
  fields: [
    { name: 'password', need: 'always' },
    { name: 'salt', need: 'always' },
    { name: '$nonce', need: 'always' },
    { name: 'plaintext', need: 'unless-invalid' },
    { name: 'ciphertext', need: 'always' },
  ],
  katOps,
  // The schemes pad as PKCS#5 / RFC 8018 §6.1.1 step 4 does: 1 to a block's worth of bytes.
  ciphertextLength: (_p, sizes, length) => ({
    length: (Math.floor(length / sizes.block) + 1) * sizes.block,
    rule: `padded to whole ${sizes.block}-byte blocks, at least one byte (RFC 8018 §6.1.1 step 4, App. B.2.5)`,
  }),
  matrix: messageMatrix(PBES_IO),
  negative: messageNegative(PBES_IO),
  intent: messageExchanges(PBES_IO),
  keyAffinity: false,
  throughput: messageThroughput(PBES_IO),
  messages: PBES_IO,
};
