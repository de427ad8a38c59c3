/**
 * The openssl command line as users type it without options: `openssl enc -aes-256-cbc -pass
 * pass:…` (with `-a` for text, `-d` to decrypt). It claims only what that produces: the OpenSSL
 * 3 default digest SHA-256 for EVP_BytesToKey with its count of 1, and no PBKDF2 (that takes
 * `-pbkdf2`, an explicit option; its default of 10,000 iterations is what the explicit adapter
 * passes as `-iter 10000`). The salt is given with `-S` so that outputs can be compared; the
 * header it leaves out is written as in the explicit adapter.
 */
import { defineAdapter } from '../core/adapter.js';
import { opensslEnc } from '../standards/openssl-enc.js';
import { assemble, oneOf, type Binding } from './binding.js';
import { opensslCli } from './openssl-cli.js';
import { PASSPHRASE_RULES, passphraseOps } from './openssl-enc.js';

/** The explicit rules, with the KDF narrowed to what no option gives. */
const DEFAULT_RULES = PASSPHRASE_RULES.map((rule) => {
  switch (rule.name) {
    case 'kdf':
      return oneOf('kdf', ['evp-bytes-to-key'], 'without -pbkdf2 or -iter, openssl enc derives with EVP_BytesToKey (and warns "deprecated key derivation used")');
    case 'kdfHash':
      return oneOf('kdfHash', ['SHA-256'], 'without -md, OpenSSL 3 derives with SHA-256 (OpenSSL 1.0 used MD5, as crypto-js still does)');
    case 'iterations':
      return oneOf('iterations', [1], 'EVP_BytesToKey runs once');
    default:
      return rule;
  }
});

const bindings: readonly Binding[] = [{ standard: opensslEnc, rules: DEFAULT_RULES, ops: passphraseOps(true) }];

const { claims, ops } = assemble('openssl-cli:defaults', bindings);

/** `openssl enc` with its defaults. */
export const opensslCliDefaults = defineAdapter({
  id: 'openssl-cli:defaults',
  library: 'openssl (command line)',
  kind: 'cli',
  variant: 'defaults',
  description: 'openssl enc -<cipher> -pass pass:… [-a [-A]] with no -md, -pbkdf2 or -iter; salt given with -S for comparability',
  probe: opensslCli.probe,
  capabilities: {
    claims,
    gaps: opensslCli.capabilities.gaps, // what openssl-cli lacks, its defaults lack too
  },
  ops,
});
