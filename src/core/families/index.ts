/**
 * The family registry: every family module, and the family of a standard. Adding a family is
 * one module in this folder and one line here: the operations it declares reach the types
 * (`OpName`, `Stage`), the one call into an adapter and the schemas from its module.
 */
import { HARNESS_STAGES, type Stage } from '../errors.js';
import type { OpName } from '../model.js';
import type { Standard } from '../standard.js';
import { aead } from './aead.js';
import { agreement } from './agreement.js';
import { box } from './box.js';
import { container } from './container.js';
import { cipher } from './cipher.js';
import type { FamilyModule, FamilyParam } from './family.js';
import { hpke } from './hpke.js';
import { kem } from './kem.js';
import { pbe } from './pbe.js';
import { pbes } from './pbes.js';
import { pke } from './pke.js';

/** Every family. */
export const FAMILIES: readonly FamilyModule[] = [aead, cipher, box, agreement, pke, pbe, pbes, hpke, kem, container];

const BY_NAME = new Map(FAMILIES.map((f) => [f.name, f]));

/** The module of a standard's family; a standard naming no known family is a programming error. */
export function familyOf(std: Standard): FamilyModule {
  const family = BY_NAME.get(std.family);
  if (!family) throw new Error(`standard ${std.id} names the unknown family "${std.family}" (known: ${[...BY_NAME.keys()].join(', ')})`);
  return family;
}

/** Every operation the families declare, each once, in the order of the registry: for the report's and the protocol's schemas. */
export function operationNames(families: readonly FamilyModule[] = FAMILIES): OpName[] {
  return [...new Set(families.flatMap((f) => Object.keys(f.shapes) as OpName[]))];
}

/** Every stage a result may name: the harness's own, then those of the families' operations. */
export function stageNames(families: readonly FamilyModule[] = FAMILIES): Stage[] {
  return [...new Set<Stage>([...HARNESS_STAGES, ...families.flatMap((f) => Object.values(f.shapes).map((shape) => shape.stage as Stage))])];
}

/** The parameter names the families declare as their own (beside the shared `PARAMS`); one name belongs to one family. */
export function familyParams(families: readonly FamilyModule[] = FAMILIES): Record<string, FamilyParam> {
  const all: Record<string, FamilyParam> = {};
  const owner = new Map<string, string>();
  for (const f of families) {
    for (const [name, param] of Object.entries(f.params ?? {})) {
      if (owner.has(name)) throw new Error(`parameter ${name} is declared by the families ${owner.get(name)} and ${f.name}`);
      owner.set(name, f.name);
      all[name] = param;
    }
  }
  return all;
}
