/**
 * pyca-pq: the ML-KEM of pyca/cryptography 48, and X-Wing composed from its ML-KEM-768 and X25519
 * with SHAKE256 and SHA3-256 (draft-connolly-cfrg-xwing-kem §5: an independent composition from
 * real primitives, since pyca has X-Wing only inside its HPKE), over the bothends adapter protocol. The
 * `python3` on PATH runs bothends_pq.py (next to this file): on the project's machine image
 * that interpreter has the pyca 48 wheel with its own OpenSSL, which has ML-KEM; Debian's
 * python3-cryptography (pyca 38, on OpenSSL 3.0) has none, so where PATH's python3 lacks it the
 * script exits at once and the adapter is skipped with the install hint.
 */
import { projectPath } from '../../core/paths.js';
import { externalAdapter } from '../external.js';

/** pyca/cryptography's ML-KEM (and X-Wing composed from its primitives) through one long-lived Python process. */
export const pycaPq = externalAdapter({
  id: 'pyca-pq',
  library: 'pyca/cryptography (ML-KEM)',
  description:
    'ML-KEM of pyca/cryptography 48 (its bundled OpenSSL) under the python3 on PATH; X-Wing composed from its ML-KEM-768 and X25519 with SHAKE256 and SHA3-256 (draft-connolly-cfrg-xwing-kem §5)',
  command: { file: 'python3', args: ['-B', projectPath('src', 'adapters', 'python-ref', 'bothends_pq.py')] },
  install: 'python3 -m pip install "cryptography>=48" (a wheel with OpenSSL 3.5 or later; no Debian package has ML-KEM)',
});
