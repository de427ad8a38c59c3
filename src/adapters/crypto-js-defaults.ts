/**
 * crypto-js as its documentation's first example uses it: `CryptoJS.AES.encrypt(message,
 * "Secret Passphrase").toString()` and `CryptoJS.AES.decrypt(text, "Secret Passphrase")` (and
 * the same for TripleDES). It claims only what those defaults produce: EVP_BytesToKey with MD5
 * (`kdf.OpenSSL` without a hasher), AES-256 or three-key Triple-DES, CBC with PKCS#7, base64 on
 * one line. The one departure from the example is `{ salt }`, so that outputs can be compared
 * with known answers and other producers; everything else is crypto-js's choice.
 *
 * The passphrase is a JavaScript string here, as in the example; crypto-js encodes it as UTF-8,
 * so bytes that are not UTF-8 cannot be passed.
 */
import CryptoJS from 'crypto-js';
import { defineAdapter, inProcessProbe, type OpImpl } from '../core/adapter.js';
import { UnsupportedError } from '../core/errors.js';
import type { ByteMap, OpName, Params } from '../core/model.js';
import { packageVersion } from '../core/version.js';
import { opensslEnc } from '../standards/openssl-enc.js';
import { assemble, input, oneOf, type Binding } from './binding.js';
import { bytesOf, cryptoJs, fileBytes, fileText, wordArray } from './crypto-js.js';
import { defaultsGaps } from './defaults-variant.js';

/** The helper the example calls: `CryptoJS.AES` or `CryptoJS.TripleDES`. */
const helper = (p: Params): typeof CryptoJS.AES => (p['cipher'] === 'des-ede3-cbc' ? CryptoJS.TripleDES : CryptoJS.AES);

/** The passphrase as the example passes it: a string, which crypto-js encodes as UTF-8. */
function passphrase(i: ByteMap): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(input(i, 'passphrase'));
  } catch (err) {
    throw new UnsupportedError('the crypto-js example takes the passphrase as a JavaScript string, and these bytes are not UTF-8', { cause: err });
  }
}

const ENCODING = 'base64-single-line';

const passphraseOps: Partial<Record<OpName, OpImpl>> = {
  encrypt: (p, i) => ({ ciphertext: fileBytes(helper(p).encrypt(wordArray(input(i, 'plaintext')), passphrase(i), { salt: wordArray(input(i, 'salt')) }).toString(), ENCODING) }),
  decrypt: (p, i) => ({ plaintext: bytesOf(helper(p).decrypt(fileText(input(i, 'ciphertext'), ENCODING), passphrase(i))) }),
};

const bindings: readonly Binding[] = [
  {
    standard: opensslEnc,
    rules: [
      oneOf(
        'cipher',
        ['aes-256-cbc', 'des-ede3-cbc'],
        "the example's helpers CryptoJS.AES and CryptoJS.TripleDES derive AES.keySize = 256/32 and TripleDES.keySize = 192/32 words of key: AES-128 files need a configured cipher (AES.extend({ keySize: 128/32 })), which the explicit crypto-js adapter does",
      ),
      oneOf(
        'kdf',
        ['evp-bytes-to-key'],
        'CryptoJS.AES.encrypt(message, passphrase) derives with kdf.OpenSSL (EVP_BytesToKey); PBKDF2 takes a cfg.kdf the user writes, and CryptoJS.PBKDF2 on its own defaults to 250,000 iterations of HMAC-SHA-256 where openssl enc -pbkdf2 uses 10,000',
      ),
      oneOf('kdfHash', ['MD5'], "kdf.OpenSSL hashes with MD5 unless cfg.hasher says otherwise; OpenSSL 3's openssl enc defaults to SHA-256 (-md sha256) since OpenSSL 1.1.0"),
      oneOf('iterations', [1], 'EvpKDF runs once by default'),
      oneOf('encoding', [ENCODING], 'CipherParams.toString() writes base64 on one line, and CryptoJS.AES.decrypt parses only that'),
    ],
    ops: passphraseOps,
  },
];

const { claims, ops } = assemble('crypto-js:defaults', bindings);

/** crypto-js with the defaults of its documentation's first passphrase example. */
export const cryptoJsDefaults = defineAdapter({
  id: 'crypto-js:defaults',
  library: 'crypto-js',
  kind: 'in-process',
  variant: 'defaults',
  description: 'crypto-js as its README shows it: CryptoJS.AES.encrypt(message, passphrase).toString() and CryptoJS.AES.decrypt(text, passphrase), salt passed for comparability',
  probe: inProcessProbe(() => packageVersion('crypto-js')),
  capabilities: {
    claims,
    gaps: defaultsGaps(bindings, cryptoJs.capabilities.gaps, 'the defaults variant models the passphrase example only; see crypto-js for this standard'),
  },
  ops,
});
