/**
 * Short slugs of parameter sets for ids and grid titles: `k128-iv12-t16`. Each standard
 * lists which parameters appear and with what prefix, so slugs stay short and stable.
 */
import type { Params } from '../core/model.js';

/**
 * A `paramsId` function from `[paramName, prefix]` pairs. Slugs are remembered per parameter
 * object (the plan passes the standard's own matrix objects around, and every case asks for its
 * slug several times); parameter objects are never mutated.
 */
export function slugger(parts: ReadonlyArray<readonly [string, string]>): (p: Params) => string {
  const known = new WeakMap<Params, string>();
  return (p) => {
    let slug = known.get(p);
    if (slug === undefined) {
      slug =
        parts
          .filter(([name]) => p[name] !== undefined)
          .map(([name, prefix]) => `${prefix}${String(p[name])}`)
          .join('-') || 'default';
      known.set(p, slug);
    }
    return slug;
  };
}
