/**
 * Short slugs of parameter sets for ids and grid titles: `k128-iv12-t16`. Each standard
 * lists which parameters appear and with what prefix, so slugs stay short and stable.
 */
import type { Params } from '../core/model.js';

/** A `paramsId` function from `[paramName, prefix]` pairs. */
export function slugger(parts: ReadonlyArray<readonly [string, string]>): (p: Params) => string {
  return (p) =>
    parts
      .filter(([name]) => p[name] !== undefined)
      .map(([name, prefix]) => `${prefix}${String(p[name])}`)
      .join('-') || 'default';
}
