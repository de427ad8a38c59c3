/** The `openssl enc` bindings of the `openssl-cli` adapter (symmetric standards and the Salted__ format). */
import type { Binding } from './binding.js';

/** One binding per symmetric standard `openssl enc` implements. */
export const opensslEncBindings: readonly Binding[] = [];
