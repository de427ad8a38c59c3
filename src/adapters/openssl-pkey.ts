/** The `openssl pkeyutl` / `openssl pkey` bindings of the `openssl-cli` adapter (public-key standards). */
import type { Binding } from './binding.js';

/** One binding per public-key standard the openssl command line implements. */
export const opensslPkeyBindings: readonly Binding[] = [];
