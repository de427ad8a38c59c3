/**
 * `age-js`: age-encryption (npm, typage), the TypeScript age implementation by the age authors.
 *
 * Library facts these bindings rely on (age-encryption 0.3, dist/index.js):
 * - `Encrypter.addRecipient('age1…')` once per recipient, or `setPassphrase` (not both);
 *   `setScryptWorkFactor(logN)` sets the work factor written in the scrypt stanza (default 18).
 *   `encrypt(bytes)` returns the binary file; the armor is `armor.encode(file)`.
 * - `Decrypter.addIdentity('AGE-SECRET-KEY-1…')` / `addPassphrase`; `decrypt(bytes)` takes the
 *   binary file only: an armored file must go through `armor.decode` first (PITFALLS.md).
 *   Every failure (header, MAC, no matching identity, STREAM) throws an Error; with a byte
 *   array in and out nothing is released before the whole payload authenticated.
 * - `generateX25519Identity()` makes an X25519 identity (`generateIdentity()` does today, but
 *   its documentation says it may turn hybrid), `generateHybridIdentity()` a post-quantum
 *   hybrid one (`AGE-SECRET-KEY-PQ-1…`), `identityToRecipient` its recipient (`age1…`,
 *   `age1pq1…`); `addRecipient` and `addIdentity` take either kind by its prefix.
 */
import { armor, Decrypter, Encrypter, generateHybridIdentity, generateX25519Identity, identityToRecipient } from 'age-encryption';
import { defineAdapter, inProcessProbe, type OpImpl } from '../core/adapter.js';
import { RejectedError } from '../core/errors.js';
import type { ByteMap, Params } from '../core/model.js';
import { packageVersion } from '../core/version.js';
import { input } from './binding.js';
import { keyLines, passphraseText, textFile } from './age-common.js';

/** The armored or binary file as the parameter set says. */
function written(p: Params, file: Uint8Array): Uint8Array {
  return p['armor'] === 'armored' ? new TextEncoder().encode(armor.encode(file)) : file;
}

/** Decrypts, classifying every library error as a rejection (age does not say why, by design). */
async function opened(p: Params, d: Decrypter, file: Uint8Array): Promise<ByteMap> {
  try {
    const bin = p['armor'] === 'armored' ? armor.decode(Buffer.from(file).toString('latin1')) : file;
    return { plaintext: await d.decrypt(bin) };
  } catch (err) {
    throw new RejectedError(`age-encryption: ${(err as Error).message}`, err);
  }
}

/** The operations of recipients whose identities `generate` makes (X25519 or hybrid): the files are written and read alike. */
const recipientOps = (generate: () => Promise<string>): Record<'generateKeyPair' | 'encrypt' | 'decrypt', OpImpl> => ({
  async generateKeyPair(p) {
    const identities = await Promise.all(Array.from({ length: Number(p['recipients']) }, () => generate()));
    const recipients = await Promise.all(identities.map((i) => identityToRecipient(i)));
    return { publicKey: textFile(recipients), secretKey: textFile([identities[Number(p['identityIndex'])]!]) };
  },
  async encrypt(p, i) {
    const e = new Encrypter();
    for (const r of keyLines(input(i, 'publicKey'))) e.addRecipient(r);
    return { ciphertext: written(p, await e.encrypt(input(i, 'plaintext'))) };
  },
  async decrypt(p, i) {
    const d = new Decrypter();
    for (const id of keyLines(input(i, 'secretKey'))) d.addIdentity(id);
    return opened(p, d, input(i, 'ciphertext'));
  },
});

const scrypt: Record<'encrypt' | 'decrypt', OpImpl> = {
  async encrypt(p, i) {
    const e = new Encrypter();
    e.setPassphrase(passphraseText(input(i, 'passphrase')));
    e.setScryptWorkFactor(Number(p['workFactor']));
    return { ciphertext: written(p, await e.encrypt(input(i, 'plaintext'))) };
  },
  async decrypt(p, i) {
    const d = new Decrypter();
    d.addPassphrase(passphraseText(input(i, 'passphrase')));
    return opened(p, d, input(i, 'ciphertext'));
  },
};

/**
 * "Encrypt to this recipient" and "encrypt with a passphrase" as age-encryption's README writes
 * them: no armor (armor.encode is a call of its own), and setPassphrase's own work factor (18).
 */
const asCalled = {
  recipient: {
    call: 'const identity = await age.generateIdentity(); const recipient = await age.identityToRecipient(identity) / new age.Encrypter().addRecipient(recipient); await e.encrypt(text) / new age.Decrypter().addIdentity(identity); await d.decrypt(file)',
    params: { recipients: 1, identityIndex: 0, armor: 'binary' },
    ops: {
      async generateKeyPair() {
        const identity = await generateX25519Identity();
        return { publicKey: textFile([await identityToRecipient(identity)]), secretKey: textFile([identity]) };
      },
      async encrypt(_p, i) {
        const e = new Encrypter();
        e.addRecipient(keyLines(input(i, 'publicKey'))[0]!);
        return { ciphertext: await e.encrypt(input(i, 'plaintext')) };
      },
      async decrypt(_p, i) {
        const d = new Decrypter();
        d.addIdentity(keyLines(input(i, 'secretKey'))[0]!);
        return calledOpen(d, input(i, 'ciphertext'));
      },
    } satisfies Record<string, OpImpl>,
  },
  passphrase: {
    call: 'new age.Encrypter().setPassphrase(passphrase); await e.encrypt(text) / new age.Decrypter().addPassphrase(passphrase); await d.decrypt(file)',
    params: { workFactor: 18, armor: 'binary' },
    ops: {
      async encrypt(_p, i) {
        const e = new Encrypter();
        e.setPassphrase(passphraseText(input(i, 'passphrase')));
        return { ciphertext: await e.encrypt(input(i, 'plaintext')) };
      },
      async decrypt(_p, i) {
        const d = new Decrypter();
        d.addPassphrase(passphraseText(input(i, 'passphrase')));
        return calledOpen(d, input(i, 'ciphertext'));
      },
    } satisfies Record<string, OpImpl>,
  },
};

/** Decrypter.decrypt as called (the file as it comes, no armor.decode), every error a rejection. */
async function calledOpen(d: Decrypter, file: Uint8Array): Promise<ByteMap> {
  try {
    return { plaintext: await d.decrypt(file) };
  } catch (err) {
    throw new RejectedError(`age-encryption: ${(err as Error).message}`, err);
  }
}

/** age-encryption in process. */
export const ageJs = defineAdapter({
  id: 'age-js',
  library: 'age-encryption',
  kind: 'in-process',
  variant: 'explicit',
  description:
    'age-encryption (typage), the TypeScript age implementation: Encrypter/Decrypter, armor.encode/decode; X25519 and post-quantum hybrid (ML-KEM-768 + X25519) recipients',
  probe: inProcessProbe(() => packageVersion('age-encryption')),
  capabilities: {
    claims: {
      'age-x25519': { ops: ['generateKeyPair', 'encrypt', 'decrypt'] },
      'age-mlkem768x25519': { ops: ['generateKeyPair', 'encrypt', 'decrypt'] },
      'age-scrypt': { ops: ['encrypt', 'decrypt'] },
    },
    gaps: {},
  },
  ops: { 'age-x25519': recipientOps(generateX25519Identity), 'age-mlkem768x25519': recipientOps(generateHybridIdentity), 'age-scrypt': scrypt },
  intents: { 'age-x25519': { 'to-recipient': asCalled.recipient }, 'age-scrypt': { passphrase: asCalled.passphrase } },
});
