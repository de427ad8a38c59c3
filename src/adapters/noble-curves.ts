/** The @noble/curves bindings of the `noble` adapter (key agreement and public-key standards). */
import type { Binding } from './binding.js';

/** One binding per standard @noble/curves implements. */
export const nobleCurveBindings: readonly Binding[] = [];
