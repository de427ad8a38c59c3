/**
 * The one registry of canonical names. Standards, parameters and operations are spelled
 * here once; adapters keep small lookup tables from these names to their library's names.
 */
import type { Standard } from './standard.js';

/** Canonical parameter names and what they mean. */
export const PARAMS = {
  keyBits: 'symmetric key length in bits',
  ivBytes: 'IV length in bytes',
  nonceBytes: 'nonce length in bytes',
  tagBytes: 'authentication tag length in bytes',
  counterBits: 'number of low-order bits of the counter block that are incremented (the rest never change)',
  padding: 'padding scheme',
  curve: 'elliptic curve or Montgomery curve',
} as const;

/** A canonical parameter name. */
export type ParamName = keyof typeof PARAMS;

/** Builds a lookup of standards by id; duplicate ids are a programming error. */
export function makeRegistry(standards: readonly Standard[]): ReadonlyMap<string, Standard> {
  const map = new Map<string, Standard>();
  for (const s of standards) {
    if (map.has(s.id)) throw new Error(`duplicate standard id ${s.id}`);
    for (const p of s.params) {
      if (!(p.name in PARAMS)) throw new Error(`standard ${s.id} uses parameter ${p.name}, which is not in the registry`);
    }
    map.set(s.id, s);
  }
  return map;
}
