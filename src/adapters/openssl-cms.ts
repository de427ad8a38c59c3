/**
 * `openssl cms` from Debian, a command-line peer: one process per operation, argument arrays
 * only, certificate, key and message in files of a private temporary directory.
 *
 * Facts of the OpenSSL 3.0 command line this adapter relies on:
 * - `req -x509 -newkey rsa:N -nodes -addext subjectKeyIdentifier=hash` makes the key and the
 *   self-signed certificate; `pkcs8 -topk8 -nocrypt -outform DER` gives PKCS#8 DER (`pkey
 *   -outform DER` would write PKCS#1 for RSA).
 * - `cms -encrypt -recip cert -keyopt rsa_padding_mode:oaep -keyopt rsa_oaep_md:… -keyopt
 *   rsa_mgf1_md:…` sets the key transport of that recipient; `-keyid` writes the
 *   subjectKeyIdentifier instead of issuerAndSerialNumber; `-aes-128-gcm`/`-aes-256-gcm`
 *   produce AuthEnvelopedData (RFC 5083) with GCMParameters (12-byte nonce, 16-byte tag).
 *   `-binary` keeps the content as given (no MIME canonicalisation of line endings).
 * - `cms -decrypt -recip cert -inkey key`: with the certificate OpenSSL uses only the
 *   RecipientInfo that names it; without it, it tries every one and, not debugging, goes on with
 *   a random key when none decrypts (RFC 3218 §2.3). The adapter always passes the certificate.
 * - Failures exit non-zero; output goes to a file that is read only on success.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { defineAdapter, type Adapter } from '../core/adapter.js';
import { RejectedError } from '../core/errors.js';
import type { ByteMap, Params } from '../core/model.js';
import { aesBits, cmsEnveloped, isGcm, isTripleDes, oaepHashOf } from '../standards/cms.js';
import { assemble, documentedCall, input, num, oneOf } from './binding.js';
import { certificateName } from './cms-shared.js';
import { programProbe, runProgram, withoutThreadIds, withTempDir } from './subprocess.js';

/** RSA key generation on a busy two-core machine can take seconds; other calls take milliseconds. */
const REQ_TIMEOUT_MS = 120_000;

/** Runs `program args` in `dir`; throws a rejection (receiving side) or an error (own work) on a non-zero exit. */
async function run(program: string, args: readonly string[], dir: string, side: 'own' | 'receive', timeoutMs = 30_000): Promise<void> {
  const r = await runProgram(program, args, { cwd: dir, timeoutMs });
  if (r.code === 0) return;
  const message = `openssl ${args.slice(0, 2).join(' ')} exited with ${r.code}: ${withoutThreadIds(r.stderr).trim().split('\n').slice(0, 2).join(' | ').slice(0, 300)}`;
  throw side === 'receive' ? new RejectedError(message) : new Error(message);
}

/** Writes `files` into a private directory, runs `fn` there. */
function inDir<T>(files: Readonly<Record<string, Uint8Array>>, fn: (dir: string) => Promise<T>): Promise<T> {
  return withTempDir(async (dir) => {
    for (const [name, bytes] of Object.entries(files)) await writeFile(join(dir, name), bytes, { mode: 0o600 });
    return fn(dir);
  });
}

const HASH = { 'SHA-1': 'sha1', 'SHA-256': 'sha256', 'SHA-512': 'sha512' } as const;

/** `-keyopt` arguments of the key transport (always explicit, PKCS#1 v1.5 included). */
function keyopts(p: Params): string[] {
  const h = oaepHashOf(p);
  if (h === undefined) return ['-keyopt', 'rsa_padding_mode:pkcs1'];
  return ['-keyopt', 'rsa_padding_mode:oaep', '-keyopt', `rsa_oaep_md:${HASH[h]}`, '-keyopt', `rsa_mgf1_md:${HASH[h]}`];
}

const cipherOption = (p: Params): string => (isTripleDes(p) ? '-des3' : `-aes-${aesBits(p)}-${isGcm(p) ? 'gcm' : 'cbc'}`);

/** The `openssl cms` adapter calling `program` (a path, for tests of an absent peer). */
export function opensslCmsAdapter(program = 'openssl', id = 'openssl-cms'): Adapter {
  const read = (dir: string, name: string): Promise<Uint8Array> => readFile(join(dir, name)).then((b) => Uint8Array.from(b));

  const generateKeyPair = (p: Params): Promise<ByteMap> =>
    inDir({}, async (dir) => {
      const subject = `/CN=${certificateName(id)}`;
      const req = [
        'req',
        '-x509',
        '-newkey',
        `rsa:${num(p, 'modulusBits')}`,
        '-nodes',
        '-keyout',
        'key.pem',
        '-out',
        'cert.der',
        '-outform',
        'DER',
        '-subj',
        subject,
        '-days',
        '2',
        '-addext',
        'subjectKeyIdentifier=hash',
      ];
      await run(program, req, dir, 'own', REQ_TIMEOUT_MS);
      await run(program, ['pkcs8', '-topk8', '-nocrypt', '-in', 'key.pem', '-outform', 'DER', '-out', 'key.der'], dir, 'own');
      return { publicKey: await read(dir, 'cert.der'), secretKey: await read(dir, 'key.der') };
    });

  const encrypt = (p: Params, i: ByteMap): Promise<ByteMap> =>
    inDir({ 'cert.der': input(i, 'publicKey'), msg: input(i, 'plaintext') }, async (dir) => {
      const keyid = p['recipientId'] === 'subjectKeyIdentifier' ? ['-keyid'] : [];
      await run(
        program,
        ['cms', '-encrypt', '-binary', '-in', 'msg', '-outform', 'DER', '-out', 'out.der', cipherOption(p), ...keyid, '-recip', 'cert.der', ...keyopts(p)],
        dir,
        'own',
      );
      return { ciphertext: await read(dir, 'out.der') };
    });

  /**
   * As the manual's example calls it, the certificate as the last argument and no cipher or
   * -keyopt: OpenSSL 3.0 then writes Triple-DES CBC (openssl-cms(1), -cipher: "If not specified triple DES is used") with
   * rsaEncryption (PKCS#1 v1.5) and issuerAndSerialNumber. `-binary -outform DER` only keep the
   * content bytes as given and write the message in DER, the exchange's format.
   */
  const encryptAsCalled = (_p: Params, i: ByteMap): Promise<ByteMap> =>
    inDir({ 'cert.der': input(i, 'publicKey'), msg: input(i, 'plaintext') }, async (dir) => {
      await run(program, ['cms', '-encrypt', '-binary', '-in', 'msg', '-outform', 'DER', '-out', 'out.der', 'cert.der'], dir, 'own');
      return { ciphertext: await read(dir, 'out.der') };
    });

  const decrypt = (_p: Params, i: ByteMap): Promise<ByteMap> =>
    inDir({ 'cert.der': input(i, 'publicKey'), 'key.der': input(i, 'secretKey'), 'in.der': input(i, 'ciphertext') }, async (dir) => {
      await run(
        program,
        ['cms', '-decrypt', '-binary', '-inform', 'DER', '-in', 'in.der', '-recip', 'cert.der', '-inkey', 'key.der', '-keyform', 'DER', '-out', 'out'],
        dir,
        'receive',
      );
      return { plaintext: await read(dir, 'out') };
    });

  const { claims, ops } = assemble(id, [
    {
      standard: cmsEnveloped,
      rules: [
        oneOf('modulusBits', [2048], 'req -newkey rsa:N takes any size'),
        oneOf('keyTransport', cmsEnveloped.params[1]!.values, 'cms -keyopt rsa_padding_mode, rsa_oaep_md and rsa_mgf1_md express every scheme'),
        oneOf('contentEncryption', cmsEnveloped.params[2]!.values, 'cms -aes-*-cbc and -des3 write EnvelopedData, -aes-*-gcm AuthEnvelopedData (OpenSSL 3.0+)'),
        oneOf('recipientId', cmsEnveloped.params[3]!.values, 'cms -keyid selects subjectKeyIdentifier'),
      ],
      ops: { generateKeyPair, encrypt, decrypt },
    },
  ]);

  return defineAdapter({
    id,
    library: 'openssl cms (command line)',
    kind: 'cli',
    variant: 'explicit',
    description: 'openssl cms -encrypt / -decrypt and openssl req -x509 from Debian, one process per operation',
    probe: programProbe(program, ['version'], (out) => out.replace(/^OpenSSL\s+/, '').split(/\s+/)[0] ?? out, 'openssl'),
    capabilities: { claims, gaps: {} },
    ops,
    intents: {
      [cmsEnveloped.id]: {
        'to-certificate': documentedCall(
          'openssl cms -encrypt -binary -in msg -outform DER -out msg.der recip.pem / openssl cms -decrypt -in msg.der -recip recip.pem -inkey key.pem',
          { modulusBits: 2048, keyTransport: 'RSAES-PKCS1-v1_5', contentEncryption: 'DES-EDE3-CBC', recipientId: 'issuerAndSerialNumber' },
          { generateKeyPair, encrypt: encryptAsCalled, decrypt },
        ),
      },
    },
  });
}

/** `openssl cms` on the PATH. */
export const opensslCms = opensslCmsAdapter();
