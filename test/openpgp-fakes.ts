/**
 * A deliberately broken OpenPGP consumer: openpgp.js for everything, except that its decryption
 * ignores the MDC. It decrypts the session key with openpgp.js, then decrypts the SEIPDv1 body
 * itself (CFB, zero IV, RFC 9580 §5.13.1) and returns the literal data without checking the
 * modification detection code. The tamper cases must catch it as `accepted-invalid`.
 */
import { createDecipheriv } from 'node:crypto';
import * as pgp from 'openpgp';
import { openpgpJs, configFor } from '../src/adapters/openpgp/openpgp-js.js';
import { defineAdapter, type Adapter } from '../src/core/adapter.js';
import { RejectedError } from '../src/core/errors.js';
import { bodyOf, dataPacket, dearmor, packets, TAG } from '../src/standards/openpgp-packets.js';

const CFB: Readonly<Record<string, string>> = { aes128: 'aes-128-cfb', aes192: 'aes-192-cfb', aes256: 'aes-256-cfb' };

async function decryptIgnoringMdc(params: Parameters<typeof configFor>[0], key: Uint8Array, ciphertext: Uint8Array): Promise<Uint8Array> {
  const config = configFor(params);
  const msg = dearmor(ciphertext);
  const message = await pgp.readMessage({ binaryMessage: msg, config });
  const [sk] = await pgp.decryptSessionKeys({ message, decryptionKeys: await pgp.readPrivateKey({ binaryKey: key, config }), config }).catch((err: Error) => {
    throw new RejectedError(err.message);
  });
  const cipher = sk?.algorithm ? CFB[sk.algorithm] : undefined;
  if (!sk || !cipher) throw new RejectedError('no session key');
  const body = bodyOf(msg, dataPacket(msg)!).subarray(1); // after the version byte
  const d = createDecipheriv(cipher, sk.data, Buffer.alloc(16));
  const plain = Uint8Array.from(Buffer.concat([d.update(body), d.final()]));
  // prefix (block + 2 bytes), packets, then the 22-byte MDC packet, which is not checked.
  const inner = plain.subarray(18, plain.length - 22);
  const literal = packets(inner).find((p) => p.tag === TAG.literal);
  if (!literal) throw new RejectedError('no literal data packet');
  const l = bodyOf(inner, literal);
  return l.subarray(2 + l[1]! + 4);
}

/** openpgp-js with an MDC-blind decrypt, under the id `fake-ignores-mdc`. */
export const ignoresMdc: Adapter = defineAdapter({
  ...openpgpJs,
  id: 'fake-ignores-mdc',
  description: 'broken on purpose: ignores the MDC of SEIPDv1',
  ops: {
    ...openpgpJs.ops,
    openpgp: {
      ...openpgpJs.ops['openpgp'],
      decrypt: async (p, i) => {
        if (p['encryption'] !== 'seipdv1') return openpgpJs.ops['openpgp']!.decrypt!(p, i);
        return { plaintext: await decryptIgnoringMdc(p, i['secretKey']!, i['ciphertext']!) };
      },
    },
  },
});
