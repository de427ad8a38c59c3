/**
 * The noble libraries by Paul Miller, audited pure-TypeScript implementations: @noble/ciphers
 * for the symmetric standards, @noble/curves for key agreement. Bindings live in
 * noble-ciphers.ts and noble-curves.ts; this file assembles the one `noble` adapter.
 */
import { defineAdapter } from '../core/adapter.js';
import { packageVersion } from '../core/version.js';
import { assemble } from './binding.js';
import { nobleCipherBindings } from './noble-ciphers.js';
import { nobleCurveBindings } from './noble-curves.js';

const { claims, ops } = assemble('noble', [...nobleCipherBindings, ...nobleCurveBindings]);

/** Why noble does not implement a standard. Every standard not claimed must be listed. */
const NOBLE_GAPS: Readonly<Record<string, string>> = {};

/** @noble/ciphers and @noble/curves. */
export const noble = defineAdapter({
  id: 'noble',
  library: '@noble/ciphers, @noble/curves',
  kind: 'in-process',
  variant: 'explicit',
  description: 'Paul Miller\'s audited pure-TypeScript @noble/ciphers and @noble/curves',
  probe: async () => ({
    available: true,
    version: `ciphers ${packageVersion('@noble/ciphers')}, curves ${packageVersion('@noble/curves')}`,
  }),
  capabilities: { claims, gaps: NOBLE_GAPS },
  ops,
});
