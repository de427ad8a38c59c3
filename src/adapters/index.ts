/** The adapters bothends ships, in report order. */
import type { Adapter } from '../core/adapter.js';
import { nodeCrypto } from './node-crypto.js';
import { nodeForge } from './node-forge.js';
import { tweetnaclAdapter } from './tweetnacl.js';
import { webcryptoAdapter } from './webcrypto.js';

/** Built-in in-process adapters: node-crypto, webcrypto, node-forge, tweetnacl. */
export const BUILTIN_ADAPTERS: readonly Adapter[] = Object.freeze([nodeCrypto, webcryptoAdapter, nodeForge, tweetnaclAdapter]);
