/** The @noble/ciphers bindings of the `noble` adapter (symmetric standards). */
import type { Binding } from './binding.js';

/** One binding per standard @noble/ciphers implements. */
export const nobleCipherBindings: readonly Binding[] = [];
