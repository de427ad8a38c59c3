/**
 * The `container` family: password-protected key containers (PKCS#12 files, encrypted PKCS#8).
 * write {secretKey (PKCS#8 DER), certificate (DER, where the standard holds one), password
 * (UTF-8)} → {container}, under explicit parameters (key and certificate encryption, iterations,
 * salt length, MAC); read {container, password} → {secretKey, certificate}.
 *
 * In a matrix cell the producer writes the parameter set's fixed key pair and certificate
 * (./container-fixtures.ts) under the parameter set's password, the consumer reads the file back,
 * and both the key and the certificate must come back the same, compared as canonical DER (the
 * secret key re-encoded by node:crypto, so that an optional public key or curve OID in the
 * PKCS#8 encoding does not count as a difference). A reader that cannot give the key back
 * (Node's TLS context) returns `keyHeld` with the certificate instead, having proved that it
 * holds the certificate's key. Negative cases hand the consumer a damaged
 * file or a wrong password (the standard's mutations); it must refuse, and a reader that
 * returns a key from a file whose MAC does not verify is a security finding.
 */
import { bytesEqual, cappedHex } from '../bytes.js';
import type { CaseContext } from '../case.js';
import type { ByteMap, Params, SideReport } from '../model.js';
import { rngFor } from '../rng.js';
import type { Standard } from '../standard.js';
import { describeMismatch, step, unexpectedFailure, wrongOutput, type Verdict } from '../step.js';
import { CONTAINER_FIXTURES } from './container-fixtures.js';
import type { FamilyModule, InputSpec, KatOp, NegativeCase } from './family.js';
import { call, type Exchange, type ExchangesOf } from './intent-runner.js';
import { declareOperations } from '../operations.js';

/**
 * The passwords of the `password` parameter: printable ASCII, empty, long (100 characters) and
 * beyond ASCII, where the PKCS#12 KDF (a BMPString, RFC 7292 App. B.1) and PBES2 (UTF-8 octets,
 * RFC 8018 §3) take different bytes.
 */
export const CONTAINER_PASSWORDS: Readonly<Record<string, string>> = {
  ascii: 'correct horse 42',
  empty: '',
  long: 'correct horse battery staple '.repeat(4).slice(0, 100),
  'non-ascii': 'Müller€',
};

/** The password bytes (UTF-8) of a parameter set. */
export function containerPassword(params: Params): Uint8Array {
  const text = CONTAINER_PASSWORDS[String(params['password'])];
  if (text === undefined) throw new TypeError(`container: unknown password kind ${String(params['password'])}`);
  return Uint8Array.from(Buffer.from(text, 'utf8'));
}

/** True when the standard's containers hold a certificate beside the key (PKCS#12 does, PKCS#8 does not). */
export function holdsCertificate(std: Standard): boolean {
  return std.params.some((p) => p.name === 'certEncryption');
}

const b64 = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'base64'));

/** What a producer writes under `params`: the fixed key pair of its key type, and the password. */
export function containerInputs(std: Standard, params: Params): ByteMap {
  const fixture = CONTAINER_FIXTURES[String(params['keyType'])];
  if (!fixture) throw new TypeError(`container: no fixture for keyType ${String(params['keyType'])}`);
  const secretKey = b64(fixture.secretKey);
  const password = containerPassword(params);
  return holdsCertificate(std) ? { secretKey, certificate: b64(fixture.certificate), password } : { secretKey, password };
}

/**
 * node:crypto, fetched when first needed rather than imported: the family registry is loaded by
 * the adapters' input checks, also in the browser pages that run the WebCrypto bindings, where
 * no Node module can be imported.
 */
const nodeCrypto = (): typeof import('node:crypto') => process.getBuiltinModule('node:crypto');

/** The secret key as node:crypto re-encodes it (PKCS#8 DER), or why it cannot be read. */
export function canonicalKey(der: Uint8Array): Uint8Array | { readonly bad: string } {
  try {
    return Uint8Array.from(
      nodeCrypto()
        .createPrivateKey({ key: Buffer.from(der), format: 'der', type: 'pkcs8' })
        .export({ format: 'der', type: 'pkcs8' }),
    );
  } catch (err) {
    return { bad: `not a PKCS#8 private key node:crypto reads (${(err as Error).message}): ${cappedHex(der, 24)}` };
  }
}

/** Why what a reader returned is not the key and certificate written, or undefined when it is. */
export function compareRead(std: Standard, written: ByteMap, read: ByteMap): string | undefined {
  const key = read['secretKey'];
  if (!(key instanceof Uint8Array)) {
    // A reader that cannot export the key (Node's TLS context) proves it holds the certificate's key instead.
    if (!(read['keyHeld'] instanceof Uint8Array) || !holdsCertificate(std)) return 'the reader returned no secret key';
    return compareCertificate(written, read);
  }
  const got = canonicalKey(key);
  if (!(got instanceof Uint8Array)) return `secret key read back is ${got.bad}`;
  const want = canonicalKey(written['secretKey']!) as Uint8Array;
  if (!bytesEqual(got, want)) return describeMismatch('secret key read back (canonical PKCS#8 DER)', want, got);
  return holdsCertificate(std) ? compareCertificate(written, read) : undefined;
}

function compareCertificate(written: ByteMap, read: ByteMap): string | undefined {
  const cert = read['certificate'];
  if (!(cert instanceof Uint8Array)) return 'no certificate read back';
  if (!bytesEqual(cert, written['certificate']!)) return describeMismatch('certificate read back (DER)', written['certificate']!, cert);
  return undefined;
}

/** The producer's container of this parameter set, written once per run. */
function written(ctx: CaseContext, std: Standard, params: Params, producer: string) {
  return ctx.memo(`container|${producer}|${std.id}|${std.paramsId(params)}`, () =>
    step(ctx.progress, ctx.adapter(producer), std.id, 'write', params, containerInputs(std, params)),
  );
}

/** Producer writes the fixed key pair, consumer reads it back; both must be unchanged. */
async function containerMatrix(ctx: CaseContext, std: Standard, params: Params, producer: string, consumer: string): Promise<Verdict> {
  const w = await written(ctx, std, params, producer);
  if (!w.ok) return unexpectedFailure(w, [w.side], `producer ${producer}`);
  const inputs = containerInputs(std, params);
  const r = await step(ctx.progress, ctx.adapter(consumer), std.id, 'read', params, { container: w.out['container']!, password: inputs['password']! });
  const sides = [w.side, r.side];
  if (!r.ok) return unexpectedFailure(r, sides, `consumer ${consumer}`);
  ctx.progress.stage = 'compare';
  const wrong = compareRead(std, inputs, r.out);
  if (wrong !== undefined) return wrongOutput(sides, wrong);
  const what = !(r.out['secretKey'] instanceof Uint8Array)
    ? "certificate, and proved it holds the certificate's key,"
    : holdsCertificate(std)
      ? 'key and certificate'
      : 'key';
  return {
    outcome: 'pass',
    sides,
    message: `${consumer} read back the ${what} ${producer} wrote (${String(params['keyType'])}, ${String(params['password'])} password)`,
  };
}

/**
 * The consumer reads the producer's container after `mutation` damaged it (or changed the
 * password); it must refuse. A control read of the untouched file runs first, once per pair:
 * if even that fails, the pair does not interoperate (see its matrix cell) and the case is skipped.
 */
async function containerNegative({ ctx, std, params, producer, consumer, mutation, caseId }: NegativeCase): Promise<Verdict> {
  const w = await written(ctx, std, params, producer);
  if (!w.ok) return unexpectedFailure(w, [w.side], `producer ${producer}`);
  const inputs = containerInputs(std, params);
  const clean = { container: w.out['container']!, password: inputs['password']! };
  const control = await ctx.memo(`ctl-read|${producer}|${consumer}|${std.id}|${std.paramsId(params)}`, () =>
    step(ctx.progress, ctx.adapter(consumer), std.id, 'read', params, clean),
  );
  if (!control.ok || compareRead(std, inputs, control.out) !== undefined) {
    return {
      outcome: 'skipped',
      sides: [w.side, control.side],
      message: `control failed: ${consumer} does not read ${producer}'s untouched container (${control.ok ? 'wrong key or certificate' : control.side.message}), so damaging it proves nothing; see the matrix cell`,
    };
  }
  const tampered = mutation.apply(clean, std.sizes(params), rngFor(ctx.seed, caseId));
  if (!tampered)
    return {
      outcome: 'unsupported',
      sides: [w.side],
      message: `mutation ${mutation.id} does not apply to ${producer}'s container under ${std.paramsId(params)}`,
    };
  const r = await step(ctx.progress, ctx.adapter(consumer), std.id, 'read', params, tampered);
  const sides: SideReport[] = [w.side, r.side];
  if (r.ok) {
    const same = compareRead(std, inputs, r.out) === undefined;
    if (mutation.expected === 'either') {
      return {
        outcome: 'fail',
        failure: 'undetected-tamper',
        stage: 'decrypt',
        sides,
        message: `read ${same ? 'the original key' : 'a wrong key'} without error (${mutation.description}): ${mutation.because}`,
      };
    }
    return {
      outcome: 'fail',
      failure: 'accepted-invalid',
      stage: 'decrypt',
      sides,
      message: `SECURITY: ${consumer} returned ${same ? 'the key' : 'a key'} from a container it must refuse (${mutation.description})`,
    };
  }
  if (r.why === 'rejected') return { outcome: 'pass', sides, message: `rejected: ${mutation.description}` };
  return unexpectedFailure(r, sides, `consumer ${consumer}`);
}

/**
 * The parameters a container states for itself (its key, algorithms, counts and salts): a reader
 * handed a file of unknown making, as from an imported corpus, is told only the password.
 */
export const STATED_BY_FILE: readonly string[] = ['keyType', 'keyEncryption', 'certEncryption', 'iterations', 'scrypt', 'saltBytes', 'mac', 'macIterations'];

/** Known answers: a vector gives a container and its password; the reader must give back the key. */
const KAT_OPS: readonly KatOp[] = [
  { op: 'read', inputs: { container: 'container', password: 'password' }, output: ['secretKey', 'secretKey'], consuming: true },
];

/**
 * The exchanges of an intent case: with the intent's fixed key pair and password, then with each
 * of its inputs (another key type, another password), the producer writes the container as called
 * and the consumer reads it as called; the key and certificate must come back (as in the matrix).
 * The container states the algorithms it was written with (the standard's `stated`), which prove
 * a declared resolution.
 */
const containerExchanges: ExchangesOf = async (_ctx, std, intent, p) => {
  const variants: ReadonlyArray<{ name: string; replace: ByteMap }> = [{ name: '', replace: {} }, ...(intent.inputs ?? [])];
  const base = containerInputs(std, { ...p.resolution.params, ...intent.fixes });
  return variants.map(({ name, replace }): Exchange => {
    const inputs: ByteMap = { ...base, ...replace };
    return {
      what:
        name ||
        `${String(intent.fixes['keyType'] ?? p.resolution.params['keyType'])} key, ${String(intent.fixes['password'] ?? p.resolution.params['password'])} password`,
      produce: (end, params) => call(_ctx, std, end, 'write', inputs, params),
      consume: (end, produced, params) => call(_ctx, std, end, 'read', { container: produced['container']!, password: inputs['password']! }, params),
      output: 'secretKey',
      expected: () => inputs['secretKey']!,
      judge: (_produced, consumed) => compareRead(std, inputs, consumed),
      ...(std.stated ? { stated: (produced: ByteMap) => std.stated!(produced['container']!) } : {}),
    };
  });
};

/**
 * Writing a key container encrypts it, reading one decrypts it. A read returns the key, or (a
 * reader that cannot export it) proof that it holds it: the runners check which.
 */
const CONTAINER_OPERATIONS = declareOperations({
  write: { outputs: ['container'], stage: 'encrypt' },
  read: { outputs: [], stage: 'decrypt' },
});
type ContainerOperations = typeof CONTAINER_OPERATIONS;
declare module '../operations.js' {
  interface Operations extends ContainerOperations {}
}

export const container: FamilyModule = {
  name: 'container',
  contract:
    'write {secretKey (PKCS#8 DER), certificate (DER; PKCS#12 only), password (UTF-8)} → {container}; read {container, password} → {secretKey, certificate}',
  shapes: CONTAINER_OPERATIONS,
  params: {
    keyType: { type: 'string', description: 'key containers: the key pair a container holds (the fixed RSA-2048, P-256 or Ed25519 fixture)' },
    keyEncryption: {
      type: 'string',
      description: 'key containers: how the secret key is encrypted (PBES2 with its KDF, PRF and cipher, RFC 8018; a PKCS#12 or PKCS#5 PBE; or none)',
    },
    certEncryption: { type: 'string', description: 'PKCS#12: how the certificate bag is encrypted (as keyEncryption), or none' },
    saltBytes: { type: 'integer', description: 'key containers: salt length in bytes of the key derivation' },
    mac: { type: 'string', description: 'PKCS#12 integrity: the RFC 7292 password MAC (HMAC with a hash), RFC 9579 PBMAC1, or none' },
    macIterations: { type: 'integer', description: 'PKCS#12: iteration count of the MAC key derivation' },
    password: { type: 'string', description: 'key containers: the kind of password (printable ASCII, empty, 100 characters, beyond ASCII)' },
  },
  operations: {
    write: {
      untrusted: false,
      inputs: (std) => [{ name: 'secretKey' }, ...(holdsCertificate(std) ? [{ name: 'certificate' }] : []), { name: 'password' }] as InputSpec[],
    },
    read: {
      untrusted: true,
      inputs: () => [{ name: 'container', atLeast: { bytes: 1, what: 'one byte' } }, { name: 'password' }],
      statedByInput: STATED_BY_FILE,
    },
  },
  roles: { producer: ['write'], consumer: ['read'] },
  fields: [
    { name: 'password', need: 'always' },
    { name: 'container', need: 'always' },
    { name: 'secretKey', need: 'when-valid' },
  ],
  katOps: () => KAT_OPS,
  matrix: containerMatrix,
  negative: containerNegative,
  keyAffinity: false,
  intent: containerExchanges,
  throughput: { op: () => 'write', sized: false, prepare: async (kit, std, params) => kit.call(containerInputs(std, params)) },
};
