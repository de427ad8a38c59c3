/** The adapters bothends ships, in report order. */
import type { Adapter } from '../core/adapter.js';
import { ageCli } from './age-cli.js';
import { certtoolAdapter } from './certtool.js';
import { pk12utilAdapter } from './pk12util.js';
import { ageJs } from './age-js.js';
import { cryptoJs } from './crypto-js.js';
import { hpkeJs } from './hpke-js.js';
import { hpkeNoble } from './hpke-noble.js';
import { forgeCms } from './node-forge/forge-cms.js';
import { forgeContainers } from './node-forge/forge-containers.js';
import { opensslCms } from './openssl-cms.js';
import { pkijsCms } from './pkijs-cms.js';
import { pkijsContainers } from './pkijs-containers.js';
import { libsodiumAdapter } from './libsodium.js';
import { noble } from './noble/noble.js';
import { noblePostQuantum } from './noble/noble-post-quantum.js';
import { mlkemAdapter } from './mlkem.js';
import { hpkeKem } from './hpke-kem.js';
import { hpkeKyberDraft } from './hpke-kyber-draft.js';
import { crystalsKyber } from './crystals-kyber.js';
import { nodeCrypto } from './node-crypto.js';
import { nodeContainers } from './node-containers.js';
import { javaRef } from './java-ref/java-ref.js';
import { joseAdapter } from './jose.js';
import { nodeJoseAdapter } from './node-jose.js';
import { nodeForge } from './node-forge/node-forge.js';
import { opensslCli } from './openssl-cli.js';
import { gpgAdapter } from './gpg.js';
import { openpgpJs } from './openpgp/openpgp-js.js';
import { openpgpPqc } from './openpgp/openpgp-pqc.js';
import { rnpAdapter } from './rnp.js';
import { gosop, pgpainless, sqop } from './sop/sop.js';
import { pythonRef } from './python-ref/python-ref.js';
import { pycaPq } from './python-ref/pyca-pq.js';
import { node24 } from './node24.js';
import { tweetnaclAdapter } from './tweetnacl.js';
import { webcryptoAdapter } from './webcrypto.js';
import { webcryptoChromium, webcryptoFirefox } from './webcrypto-browser/adapter.js';

/**
 * Built-in in-process adapters: node-crypto, webcrypto, node-forge, tweetnacl, noble,
 * libsodium, crypto-js. How each library resolves an intent when called as documented is its
 * `intents` (core/intent.ts), not a separate variant.
 */
export const BUILTIN_ADAPTERS: readonly Adapter[] = Object.freeze([
  nodeCrypto,
  webcryptoAdapter,
  nodeForge,
  tweetnaclAdapter,
  noble,
  libsodiumAdapter,
  cryptoJs,
]);

/** Command-line peers from Debian, one process per operation; skipped with the install command when absent. */
export const PEER_ADAPTERS: readonly Adapter[] = Object.freeze([
  opensslCli,
  ageCli,
  opensslCms,
  sqop,
  gosop,
  pgpainless,
  gpgAdapter,
  rnpAdapter,
  certtoolAdapter,
  pk12utilAdapter,
]);

/** OpenPGP in process: openpgp.js and Proton's fork with post-quantum keys (their CLI peers are in PEER_ADAPTERS). */
export const OPENPGP_ADAPTERS: readonly Adapter[] = Object.freeze([openpgpJs, openpgpPqc]);

/**
 * Reference adapters over the bothends adapter protocol (docs/adapter-protocol.md): python-ref,
 * java-ref, pyca-pq (pyca/cryptography 48's ML-KEM under the python3 on PATH) and node24 (the
 * node:crypto bindings in Node 24), each one long-lived external process. Their probe starts the process and reads
 * its hello; when Python's packages or the JDK are missing they are skipped with the install hint.
 */
export const REFERENCE_ADAPTERS: readonly Adapter[] = Object.freeze([pythonRef, javaRef, pycaPq, node24]);

/** JOSE libraries (JWE), in process. */
export const JOSE_ADAPTERS: readonly Adapter[] = Object.freeze([joseAdapter, nodeJoseAdapter]);

/** age implementations in process: age-encryption. */
export const AGE_ADAPTERS: readonly Adapter[] = Object.freeze([ageJs]);

/** CMS EnvelopedData libraries in process (forge.pkcs7, PKI.js). */
export const CMS_ADAPTERS: readonly Adapter[] = Object.freeze([forgeCms, pkijsCms]);

/** HPKE implementations (RFC 9180): @hpke/core and bothends' own on noble. */
export const HPKE_ADAPTERS: readonly Adapter[] = Object.freeze([hpkeJs, hpkeNoble]);

/** Post-quantum key encapsulation (ML-KEM, X-Wing, and the pre-standard round-3 Kyber and X25519Kyber768Draft00), in process. */
export const KEM_ADAPTERS: readonly Adapter[] = Object.freeze([noblePostQuantum, mlkemAdapter, hpkeKem, hpkeKyberDraft, crystalsKyber]);

/**
 * Browser engines: WebCrypto in Debian's chromium (BoringSSL) and firefox-esr (NSS), one
 * long-lived page each, running the webcrypto adapter's bindings; skipped with the install
 * command when the browser is absent.
 */
export const BROWSER_ADAPTERS: readonly Adapter[] = Object.freeze([webcryptoChromium, webcryptoFirefox]);

/** Key-container implementations in process (PKCS#12, encrypted PKCS#8); openssl-cli and the reference adapters implement them too. */
export const CONTAINER_ADAPTERS: readonly Adapter[] = Object.freeze([nodeContainers, forgeContainers, pkijsContainers]);

/** Every adapter a default run uses: the built-in ones, the command-line peers, the reference adapters, then the browsers. */
export const DEFAULT_ADAPTERS: readonly Adapter[] = Object.freeze([
  ...BUILTIN_ADAPTERS,
  ...JOSE_ADAPTERS,
  ...AGE_ADAPTERS,
  ...CMS_ADAPTERS,
  ...HPKE_ADAPTERS,
  ...KEM_ADAPTERS,
  ...CONTAINER_ADAPTERS,
  ...OPENPGP_ADAPTERS,
  ...PEER_ADAPTERS,
  ...REFERENCE_ADAPTERS,
  ...BROWSER_ADAPTERS,
]);

/**
 * Every in-process adapter the project ships: the primitive libraries and the message-format
 * libraries. The worker threads of a run load exactly these (core/pool-worker.ts), so all of
 * them run isolated and on every core; a run's other in-process adapters (tests' fakes) stay on
 * the main thread unless a module given as `workerAdapterModules` exports them.
 */
export const IN_PROCESS_ADAPTERS: readonly Adapter[] = Object.freeze(DEFAULT_ADAPTERS.filter((a) => a.kind === 'in-process'));

/** The registry module's contract with worker threads (core/pool-worker.ts): the adapters they run. */
export const adapters: readonly Adapter[] = IN_PROCESS_ADAPTERS;
