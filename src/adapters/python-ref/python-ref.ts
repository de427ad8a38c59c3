/**
 * python-ref: the reference adapter in Python, over the bothends adapter protocol. Debian's
 * /usr/bin/python3 runs bothends_ref.py (next to this file) with python3-cryptography (pyca,
 * on the system OpenSSL) and python3-nacl (PyNaCl, on libsodium). `-I` keeps the user's
 * site-packages and PYTHON* variables out, so the Debian packages are the ones measured.
 * What it claims and why lives in the script's hello; the probe starts it and reads it.
 */
import { projectPath } from '../../core/paths.js';
import { externalAdapter } from '../external.js';
import { installHint } from '../subprocess.js';

/** pyca/cryptography and PyNaCl through one long-lived Python process. */
export const pythonRef = externalAdapter({
  id: 'python-ref',
  library: 'pyca/cryptography + PyNaCl',
  description: 'reference adapter in Python: Debian python3 with pyca/cryptography (OpenSSL) and PyNaCl (libsodium)',
  command: { file: '/usr/bin/python3', args: ['-I', '-B', projectPath('src', 'adapters', 'python-ref', 'bothends_ref.py')] },
  install: installHint('python3-cryptography python3-nacl'),
});
