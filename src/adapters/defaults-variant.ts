/**
 * What the `defaults` variants share. A defaults variant calls its library the way the
 * documentation's first example does and leaves every other parameter to the library. Its
 * claims say what the library then does (Node: OAEP with SHA-1 and MGF1-SHA-1; forge: MGF1 =
 * the `md` it was given), so it takes part exactly in the grids of those parameters, and the
 * report shows with whom the defaults interoperate there and, elsewhere, which default keeps
 * it out. The defaults stop being hidden: they are data.
 */
import { oneOf, type ParamRule } from './binding.js';

/** The key encoding of the defaults variants: key encodings are the explicit adapters' grids. */
export const DEFAULTS_KEY_FORMAT: ParamRule = oneOf(
  'keyFormat',
  ['der'],
  'the defaults variant exchanges keys as SPKI/PKCS#8 DER only: it is about the encryption defaults, the key encodings are the explicit adapter\'s grids',
);

/** The first examples pass no OAEP label. */
export const NO_LABEL: ParamRule = oneOf('labelBytes', [0], "the documentation's first example passes no label");
