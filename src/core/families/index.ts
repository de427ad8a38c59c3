/**
 * The family registry: every family module, and the family of a standard. Adding a family is
 * one module in this folder and one line here.
 */
import type { Standard } from '../standard.js';
import { aead } from './aead.js';
import { agreement } from './agreement.js';
import { box } from './box.js';
import { container } from './container.js';
import { cipher } from './cipher.js';
import type { FamilyModule } from './family.js';
import { hpke } from './hpke.js';
import { kem } from './kem.js';
import { pbe } from './pbe.js';
import { pke } from './pke.js';

/** Every family. */
export const FAMILIES: readonly FamilyModule[] = [aead, cipher, box, agreement, pke, pbe, hpke, kem, container];

const BY_NAME = new Map(FAMILIES.map((f) => [f.name, f]));

/** The module of a standard's family; a standard naming no known family is a programming error. */
export function familyOf(std: Standard): FamilyModule {
  const family = BY_NAME.get(std.family);
  if (!family) throw new Error(`standard ${std.id} names the unknown family "${std.family}" (known: ${[...BY_NAME.keys()].join(', ')})`);
  return family;
}
