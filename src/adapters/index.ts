/** The adapters bothends ships, in report order. */
import type { Adapter } from '../core/adapter.js';
import { cryptoJs } from './crypto-js.js';
import { cryptoJsDefaults } from './crypto-js-defaults.js';
import { libsodiumAdapter } from './libsodium.js';
import { noble } from './noble.js';
import { nodeCrypto } from './node-crypto.js';
import { nodeCryptoDefaults } from './node-crypto-defaults.js';
import { javaRef, javaRefDefaults } from './java-ref/java-ref.js';
import { nodeForge } from './node-forge.js';
import { nodeForgeDefaults } from './node-forge-defaults.js';
import { opensslCli } from './openssl-cli.js';
import { opensslCliDefaults } from './openssl-cli-defaults.js';
import { pythonRef } from './python-ref/python-ref.js';
import { tweetnaclAdapter } from './tweetnacl.js';
import { webcryptoAdapter } from './webcrypto.js';
import { webcryptoDefaults } from './webcrypto-defaults.js';

/**
 * Built-in in-process adapters: node-crypto, webcrypto, node-forge, tweetnacl, noble,
 * libsodium, crypto-js, each `defaults` variant beside its explicit adapter.
 */
export const BUILTIN_ADAPTERS: readonly Adapter[] = Object.freeze([
  nodeCrypto,
  nodeCryptoDefaults,
  webcryptoAdapter,
  webcryptoDefaults,
  nodeForge,
  nodeForgeDefaults,
  tweetnaclAdapter,
  noble,
  libsodiumAdapter,
  cryptoJs,
  cryptoJsDefaults,
]);

/** Command-line peers from Debian, one process per operation; skipped with the install command when absent. */
export const PEER_ADAPTERS: readonly Adapter[] = Object.freeze([opensslCli, opensslCliDefaults]);

/**
 * Reference adapters over the bothends adapter protocol (docs/adapter-protocol.md): python-ref,
 * java-ref and java-ref:defaults, each one long-lived external process. Their probe starts the process and reads
 * its hello; when Python's packages or the JDK are missing they are skipped with the install hint.
 */
export const REFERENCE_ADAPTERS: readonly Adapter[] = Object.freeze([pythonRef, javaRef, javaRefDefaults]);

/** Every adapter a default run uses: the built-in ones, the command-line peers, then the reference adapters. */
export const DEFAULT_ADAPTERS: readonly Adapter[] = Object.freeze([...BUILTIN_ADAPTERS, ...PEER_ADAPTERS, ...REFERENCE_ADAPTERS]);
