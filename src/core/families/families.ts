/**
 * What each family of standards does in each kind of test. A new family (public-key
 * encryption, passphrase formats, message formats…) adds one entry here; the plan and the
 * known-answer runner need no change.
 */
import type { CaseContext } from '../case.js';
import type { OpName, Params } from '../model.js';
import type { Family, Mutation, Standard } from '../standard.js';
import type { Verdict } from '../step.js';
import { agreementMatrix, agreementNegative } from './agreement.js';
import { boxMatrix, boxNegative } from './box.js';
import { hpkeMatrix, hpkeNegative } from './hpke.js';
import { pbeKatOps, pbeMatrix, pbeNegative } from './pbe.js';
import { pkeKatOps, pkeMatrix, pkeNegative } from './pke.js';
import { symmetricMatrix, symmetricNegative } from './symmetric.js';
import type { KatOp } from './kat.js';

/** One family's behaviour. */
export interface FamilyRunner {
  /** Operations the producer and the consumer of a matrix cell must both claim. */
  readonly roles: { readonly producer: readonly OpName[]; readonly consumer: readonly OpName[] };
  /** How a vector test's fields feed the operations. */
  katOps(std: Standard): readonly KatOp[];
  matrix(ctx: CaseContext, std: Standard, params: Params, producer: string, consumer: string): Promise<Verdict>;
  /** Absent when the family has no tamper mutations. */
  negative?(ctx: CaseContext, std: Standard, params: Params, producer: string, consumer: string, mutation: Mutation, caseId: string): Promise<Verdict>;
}

const symmetric = (withAad: boolean): FamilyRunner => ({
  roles: { producer: ['encrypt'], consumer: ['decrypt'] },
  katOps(std) {
    const n = std.nonceInput ?? 'nonce';
    const aad: Record<string, string> = withAad ? { aad: 'aad' } : {};
    return [
      { op: 'encrypt', inputs: { key: 'key', [n]: n, ...aad, plaintext: 'plaintext' }, output: ['ciphertext', 'ciphertext'], consuming: false },
      { op: 'decrypt', inputs: { key: 'key', [n]: n, ...aad, ciphertext: 'ciphertext' }, output: ['plaintext', 'plaintext'], consuming: true },
    ];
  },
  matrix: symmetricMatrix,
  negative: symmetricNegative,
});

/** Every family, by name. */
export const FAMILIES: Readonly<Record<Family, FamilyRunner>> = {
  aead: symmetric(true),
  cipher: symmetric(false),
  box: {
    roles: { producer: ['generateKeyPair', 'encrypt'], consumer: ['generateKeyPair', 'decrypt'] },
    katOps: (): readonly KatOp[] => [
      { op: 'encrypt', inputs: { secretKey: 'senderSecretKey', publicKey: 'recipientPublicKey', nonce: 'nonce', plaintext: 'plaintext' }, output: ['ciphertext', 'ciphertext'], consuming: false },
      { op: 'decrypt', inputs: { secretKey: 'recipientSecretKey', publicKey: 'senderPublicKey', nonce: 'nonce', ciphertext: 'ciphertext' }, output: ['plaintext', 'plaintext'], consuming: true },
    ],
    matrix: boxMatrix,
    negative: boxNegative,
  },
  agreement: {
    roles: { producer: ['generateKeyPair', 'derive'], consumer: ['generateKeyPair', 'derive'] },
    katOps: (): readonly KatOp[] => [{ op: 'derive', inputs: { secretKey: 'secretKey', publicKey: 'publicKey' }, output: ['sharedSecret', 'sharedSecret'], consuming: true }],
    matrix: agreementMatrix,
    negative: agreementNegative,
  },
  pke: {
    roles: { producer: ['encrypt'], consumer: ['generateKeyPair', 'decrypt'] },
    katOps: pkeKatOps,
    matrix: pkeMatrix,
    negative: pkeNegative,
  },
  pbe: {
    roles: { producer: ['encrypt'], consumer: ['decrypt'] },
    katOps: () => pbeKatOps,
    matrix: pbeMatrix,
    negative: pbeNegative,
  },
  hpke: {
    // Auth modes: the producer's own key pair is the sender's.
    roles: { producer: ['generateKeyPair', 'encrypt'], consumer: ['generateKeyPair', 'decrypt'] },
    // RFC 9180's vectors are sequences of messages and exports: imported as procedures (src/vectors/importers/hpke.ts).
    katOps: () => [],
    matrix: hpkeMatrix,
    negative: hpkeNegative,
  },
};
