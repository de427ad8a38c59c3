/**
 * The OpenSSL command-line tool from Debian, a real subprocess peer: `openssl enc` for the
 * symmetric standards, `openssl pkeyutl`/`openssl pkey` for the public-key ones, `openssl pkcs12`
 * and `openssl pkcs8` for key containers. Bindings live in openssl-enc.ts, openssl-pkey.ts and
 * openssl-containers.ts; this file assembles the one `openssl-cli` adapter.
 * Every call is an argument array (no shell) in a private temporary directory.
 */
import { defineAdapter } from '../core/adapter.js';
import { assemble } from './binding.js';
import { opensslContainerBindings } from './openssl-containers.js';
import { OPENSSL_ENC_GAPS, opensslEncBindings } from './openssl-enc.js';
import { opensslPkeyBindings } from './openssl-pkey.js';
import { programProbe } from './subprocess.js';

const { claims, ops } = assemble('openssl-cli', [...opensslEncBindings, ...opensslPkeyBindings, ...opensslContainerBindings]);

/** Why the openssl command line does not implement a standard. Every standard not claimed must be listed. */
const OPENSSL_CLI_GAPS: Readonly<Record<string, string>> = {
  ...OPENSSL_ENC_GAPS,
};

/** The `openssl` program. */
export const opensslCli = defineAdapter({
  id: 'openssl-cli',
  library: 'openssl (command line)',
  kind: 'cli',
  variant: 'explicit',
  description: 'the openssl command-line tool from Debian, one process per operation',
  probe: programProbe('openssl', ['version'], (out) => out.replace(/^OpenSSL\s+/, '').split(/\s+/)[0] ?? out, 'openssl'),
  capabilities: { claims, gaps: OPENSSL_CLI_GAPS },
  ops,
});
