/**
 * Tamper mutations shared by the symmetric and box standards. Each is told where the tag
 * sits in the canonical layout and which input holds the nonce.
 */
import type { ByteMap } from '../core/model.js';
import type { Mutation, Sizes } from '../core/standard.js';

/** Layout facts a mutation needs. */
export interface LayoutFacts {
  /** Input name of the IV or nonce. */
  readonly nonce: 'iv' | 'nonce';
  /** Where the tag sits in `ciphertext`. */
  readonly tagAt: 'end' | 'start';
  /** Inputs holding keys that a wrong-key mutation may alter. */
  readonly keys: readonly string[];
  /** Citation for "must reject". */
  readonly cite: string;
}

function flipAt(bytes: Uint8Array, index: number): Uint8Array {
  const out = Uint8Array.from(bytes);
  out[index] = out[index]! ^ 0x01;
  return out;
}

function withInput(inputs: ByteMap, name: string, value: Uint8Array): ByteMap {
  return { ...inputs, [name]: value };
}

/** Index range of the tag inside the ciphertext. */
function tagRange(ct: Uint8Array, sizes: Sizes, tagAt: 'end' | 'start'): [number, number] {
  return tagAt === 'end' ? [ct.length - sizes.tag, ct.length] : [0, sizes.tag];
}

/** Mutations every authenticated standard must reject. */
export function authenticatedMutations(f: LayoutFacts): Mutation[] {
  const ct = (i: ByteMap): Uint8Array => i['ciphertext']!;
  const list: Mutation[] = [
    {
      id: 'flip-ciphertext',
      description: 'one bit of the encrypted body flipped',
      because: `${f.cite}: any change to the ciphertext must make decryption fail`,
      apply(i, s, rng) {
        const [t0, t1] = tagRange(ct(i), s, f.tagAt);
        const bodyStart = f.tagAt === 'start' ? t1 : 0;
        const bodyLen = ct(i).length - (t1 - t0);
        if (bodyLen <= 0) return undefined;
        return withInput(i, 'ciphertext', flipAt(ct(i), bodyStart + rng.int(bodyLen)));
      },
    },
    {
      id: 'flip-tag',
      description: 'one bit of the authentication tag flipped',
      because: `${f.cite}: a modified tag must make decryption fail`,
      apply(i, s, rng) {
        const [t0, t1] = tagRange(ct(i), s, f.tagAt);
        return withInput(i, 'ciphertext', flipAt(ct(i), t0 + rng.int(t1 - t0)));
      },
    },
    {
      id: 'flip-nonce',
      description: 'one bit of the nonce flipped',
      because: `${f.cite}: decryption under another nonce must fail authentication`,
      apply(i, _s, rng) {
        const n = i[f.nonce]!;
        return withInput(i, f.nonce, flipAt(n, rng.int(n.length)));
      },
    },
    {
      id: 'truncate',
      description: 'last byte of the ciphertext removed',
      because: `${f.cite}: a truncated ciphertext must be rejected`,
      apply: (i) => withInput(i, 'ciphertext', ct(i).subarray(0, ct(i).length - 1)),
    },
    {
      id: 'strip-tag',
      description: 'the whole tag removed',
      because: `${f.cite}: a ciphertext without its tag must be rejected`,
      apply(i, s) {
        const c = ct(i);
        return withInput(i, 'ciphertext', f.tagAt === 'end' ? c.subarray(0, c.length - s.tag) : c.subarray(s.tag));
      },
    },
    {
      id: 'extend',
      description: 'one zero byte appended to the ciphertext',
      because: `${f.cite}: an extended ciphertext must be rejected`,
      apply: (i) => withInput(i, 'ciphertext', Uint8Array.from([...ct(i), 0])),
    },
  ];
  for (const key of f.keys) {
    list.push({
      id: f.keys.length === 1 ? 'wrong-key' : `wrong-${key}`,
      description: `one bit of ${key} flipped`,
      because: `${f.cite}: decryption under a different key must fail authentication`,
      apply(i, _s, rng) {
        // Never the first or last byte: X25519 clamps bits there away (RFC 7748 §5), so a
        // flip could leave the key unchanged and a correct consumer would rightly accept.
        const k = i[key]!;
        return withInput(i, key, flipAt(k, k.length > 2 ? 1 + rng.int(k.length - 2) : rng.int(k.length)));
      },
    });
  }
  return list;
}

/** Mutations that authenticated encryption adds on AAD. */
export function aadMutations(cite: string): Mutation[] {
  return [
    {
      id: 'flip-aad',
      description: 'one bit of the associated data flipped',
      because: `${cite}: modified associated data must make decryption fail`,
      apply(i, _s, rng) {
        const aad = i['aad']!;
        if (aad.length === 0) return undefined;
        return withInput(i, 'aad', flipAt(aad, rng.int(aad.length)));
      },
    },
    {
      id: 'drop-aad',
      description: 'the associated data omitted',
      because: `${cite}: decryption without the associated data must fail`,
      apply: (i) => (i['aad']!.length === 0 ? undefined : withInput(i, 'aad', new Uint8Array(0))),
    },
  ];
}
