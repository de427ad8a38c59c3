/**
 * Tamper mutations shared by the symmetric and box standards. Each is told where the tag
 * sits in the canonical layout and which input holds the nonce.
 */
import type { ByteMap } from '../core/model.js';
import type { Rng } from '../core/rng.js';
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

/** A copy of `bytes` with the `mask` bits of byte `index` flipped. */
export function flipAt(bytes: Uint8Array, index: number, mask = 0x01): Uint8Array {
  const out = Uint8Array.from(bytes);
  out[index] = out[index]! ^ mask;
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
  list.push(...keyMutations(f.keys, `${f.cite}: decryption under a different key must fail authentication`, 0x01));
  return list;
}

/** One mutation per key input: the `mask` bit of a byte away from the ends flipped. */
function keyMutations(keys: readonly string[], because: string, mask: number, expected?: 'either'): Mutation[] {
  return keys.map((key) => ({
    id: keys.length === 1 ? 'wrong-key' : `wrong-${key}`,
    description: `one bit of ${key} flipped`,
    because,
    ...(expected ? { expected } : {}),
    apply(i: ByteMap, _s: Sizes, rng: Rng) {
      // Never the first or last byte: X25519 clamps bits there away (RFC 7748 §5), so a
      // flip could leave the key unchanged and a correct consumer would rightly accept.
      const k = i[key]!;
      return withInput(i, key, flipAt(k, k.length > 2 ? 1 + rng.int(k.length - 2) : rng.int(k.length), mask));
    },
  }));
}

/** Layout facts of an unauthenticated cipher. */
export interface UnauthenticatedFacts {
  /** Input name of the IV or nonce. */
  readonly nonce: 'iv' | 'nonce';
  readonly keys: readonly string[];
  /** Why a consumer may not notice, citing the standard. */
  readonly cite: string;
  /** True for stream modes, where a shorter or longer ciphertext is just as well-formed. */
  readonly anyLength: boolean;
}

/**
 * Tampering an unauthenticated cipher need not detect (expectation `either`): a consumer may
 * notice through a padding error, or decrypt to a wrong plaintext, which the report shows as
 * `undetected-tamper`.
 */
export function undetectableMutations(f: UnauthenticatedFacts): Mutation[] {
  const ct = (i: ByteMap): Uint8Array => i['ciphertext']!;
  const list: Mutation[] = [
    {
      id: 'flip-ciphertext',
      description: 'one bit of the ciphertext flipped',
      because: f.cite,
      expected: 'either',
      apply: (i, _s, rng) => (ct(i).length === 0 ? undefined : withInput(i, 'ciphertext', flipAt(ct(i), rng.int(ct(i).length)))),
    },
    {
      id: `flip-${f.nonce}`,
      description: `one bit of the ${f.nonce === 'iv' ? 'IV' : 'nonce'} flipped`,
      because: f.cite,
      expected: 'either',
      apply(i, _s, rng) {
        const n = i[f.nonce]!;
        return withInput(i, f.nonce, flipAt(n, rng.int(n.length)));
      },
    },
    // Bit 1, not bit 0: DES ignores the low (parity) bit of every key byte (FIPS 46-3).
    ...keyMutations(f.keys, f.cite, 0x02, 'either'),
  ];
  if (f.anyLength) {
    list.push(
      {
        id: 'truncate',
        description: 'last byte of the ciphertext removed',
        because: f.cite,
        expected: 'either',
        apply: (i) => (ct(i).length === 0 ? undefined : withInput(i, 'ciphertext', ct(i).subarray(0, ct(i).length - 1))),
      },
      {
        id: 'extend',
        description: 'one zero byte appended to the ciphertext',
        because: f.cite,
        expected: 'either',
        apply: (i) => withInput(i, 'ciphertext', Uint8Array.from([...ct(i), 0])),
      },
    );
  }
  return list;
}

/**
 * Length mutations every consumer of a padded block mode must reject: a ciphertext that is not
 * a whole, non-zero number of blocks cannot carry PKCS#7 padding.
 */
export function paddedLengthMutations(cite: string): Mutation[] {
  const ct = (i: ByteMap): Uint8Array => i['ciphertext']!;
  return [
    {
      id: 'truncate',
      description: 'last byte removed (no longer a whole number of blocks)',
      because: cite,
      apply: (i) => withInput(i, 'ciphertext', ct(i).subarray(0, ct(i).length - 1)),
    },
    {
      id: 'extend',
      description: 'one zero byte appended (no longer a whole number of blocks)',
      because: cite,
      apply: (i) => withInput(i, 'ciphertext', Uint8Array.from([...ct(i), 0])),
    },
    {
      id: 'empty',
      description: 'empty ciphertext (PKCS#7 always adds at least one byte, so at least one block)',
      because: cite,
      apply: (i) => withInput(i, 'ciphertext', new Uint8Array(0)),
    },
  ];
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

/**
 * The tamper mutations of a block cipher in CBC mode with PKCS#7 padding (AES-CBC, 3DES-CBC):
 * lengths that are not whole padded blocks must be refused; a changed ciphertext, IV or key
 * may go unnoticed, as CBC has no integrity.
 */
export function cbcMutations(cite: string): Mutation[] {
  return [
    ...paddedLengthMutations(cite),
    ...undetectableMutations({
      nonce: 'iv',
      keys: ['key'],
      cite: 'NIST SP 800-38A §6.2 gives CBC no integrity: a changed ciphertext, IV or key decrypts to another plaintext, and only PKCS#7 padding that no longer checks out (RFC 5652 §6.3) can reveal it',
      anyLength: false,
    }),
  ];
}
