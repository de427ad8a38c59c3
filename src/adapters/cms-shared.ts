/**
 * What the three CMS adapters (forge-cms, pkijs-cms, openssl-cms) share: the gaps they declare
 * for every other standard (they are message-format adapters; each library's primitives have
 * their own adapter), and the recipient matching rules the tests rely on.
 */
import type { Standard } from '../core/standard.js';
import { STANDARDS } from '../standards/index.js';

/** A gap for every standard but CMS: `why` names where the library's primitives are tested instead. */
export function cmsOnlyGaps(why: string, standards: readonly Standard[] = STANDARDS): Record<string, string> {
  return Object.fromEntries(standards.filter((s) => s.id !== 'cms-enveloped').map((s) => [s.id, why]));
}

/** The common name the CMS adapters put into their self-signed certificates. */
export const certificateName = (adapterId: string): string => `bothends ${adapterId} recipient`;
