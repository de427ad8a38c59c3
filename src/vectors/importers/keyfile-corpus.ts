/**
 * The keyfile corpus importer (`--keyfile-corpus DIR`): PKCS#12 files and encrypted PKCS#8 keys
 * made with OpenSSL, GnuTLS and NSS across ciphers, PRFs, MACs, salts, iteration counts and
 * encodings, read where they lie, never copied. Each file name spells its parameters
 * (`rsa(2048,sha256),cert&key(PBES2(…)),mac(sha1,salt(8),iter(2048)),pass(ascii).p12`); the
 * password sits beside it (`password-ascii.txt`), and so do the key and certificate every file of
 * that key holds (`rsa(2048,sha256),pkcs8(none).key`, `rsa(2048,sha256).crt`, PEM).
 *
 * Every container becomes one procedure run against every reader of its standard (kind
 * `import`): the reader is handed the file and its password and told nothing else (the family's
 * `STATED_BY_FILE`: a container names its own algorithms), and must give back the key and the
 * certificate, compared with the known answers as canonical DER. A file the corpus marks
 * `malformed` must be refused. Files the family's read cannot express (a key without its
 * certificate, one password for the MAC and another for the bags) are counted in the inventory
 * with the reason; a name that does not parse, a missing password or known answer, is an
 * importer error naming the file, and the other files go on.
 */
import { createPrivateKey, createPublicKey, type KeyObject, X509Certificate } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CaseContext } from '../../core/case.js';
import type { CorpusFileEntry, Exclusion } from '../../core/corpora-model.js';
import { ConfigError } from '../../core/errors.js';
import { compareRead } from '../../core/families/container.js';
import type { ByteMap, Expectation, Params } from '../../core/model.js';
import type { ImportProcedure } from '../../core/plan.js';
import type { Standard } from '../../core/standard.js';
import { step, unexpectedFailure, wrongOutput, type Verdict } from '../../core/step.js';
import { fromPem } from '../../adapters/container-common.js';
import { pkcs12 } from '../../standards/pkcs12.js';
import { pkcs8Encrypted } from '../../standards/pkcs8-encrypted.js';
import { readRegularFile } from '../files.js';
import { mergeImports, NO_IMPORT, type ImportedCorpus } from './corpus.js';
import type { Importer } from './importer.js';

/** Environment variable naming the corpus directory. */
export const KEYFILE_CORPUS_ENV = 'BOTHENDS_KEYFILE_CORPUS_DIR';

const CORPUS = 'keyfile-corpus';

/** One term of a file name: `name` or `name(arg,…)`. */
export interface NameTerm {
  readonly name: string;
  readonly args: readonly NameTerm[];
  /** The term as written (repaired where the name left a parenthesis open). */
  readonly text: string;
}

/** Terms that only ever stand at the top level of a name: meeting one inside a term closes it. */
const TOP_LEVEL = new Set(['pass', 'pass-mac', 'pass-cipher', 'ber', 'malformed']);

/**
 * Parses a file name without its extension into its top-level terms. One upstream name leaves
 * `mac(` open before `,pass(`; since `pass`, `ber` and `malformed` never nest, meeting one closes
 * the open terms (`repaired` says so). Anything else unbalanced throws.
 */
export function parseName(stem: string): { terms: NameTerm[]; repaired: boolean } {
  let at = 0;
  let repaired = false;
  const peekName = (): string => /^[^(),]*/.exec(stem.slice(at))![0];
  const list = (depth: number): NameTerm[] => {
    const out: NameTerm[] = [];
    for (;;) {
      if (depth > 0 && TOP_LEVEL.has(peekName())) {
        repaired = true;
        at--; // give the comma back to the top level
        return out;
      }
      out.push(term(depth));
      if (stem[at] !== ',') return out;
      at++;
    }
  };
  const term = (depth: number): NameTerm => {
    const start = at;
    const name = peekName();
    at += name.length;
    if (name === '') throw new Error(`empty term at character ${start}`);
    if (stem[at] !== '(') return { name, args: [], text: name };
    at++;
    const args = list(depth + 1);
    if (stem[at] === ')') at++;
    else if (!repaired) throw new Error(`"(" at character ${start + name.length} is never closed`);
    return { name, args, text: `${name}(${args.map((a) => a.text).join(',')})` };
  };
  const terms = list(0);
  if (at !== stem.length) throw new Error(`unexpected "${stem[at]}" at character ${at}`);
  return { terms, repaired };
}

/** What a container's name says, as the importer uses it. */
export interface ContainerName {
  /** The key term as written, e.g. `rsa(2048,sha256)`: it names the known-answer files. */
  readonly key: string;
  /** The `keyType` parameter where the standard declares the key (RSA-2048, P-256), else undefined. */
  readonly keyType: string | undefined;
  readonly holdsKey: boolean;
  readonly holdsCertificate: boolean;
  /** The password file's name, or why the family's one password cannot express the file. */
  readonly password: { readonly name: string } | { readonly why: string };
  readonly malformed: string | undefined;
  readonly ber: boolean;
  /** Iteration counts in the name, largest first (for the case budget). */
  readonly maxIterations: number;
  /** Everything after the key term, for the case comment. */
  readonly description: string;
}

const KEY_TYPES: Readonly<Record<string, string>> = { 'rsa(2048,sha256)': 'rsa-2048', 'ecdsa(P-256,sha256)': 'p-256' };

/** Reads what a parsed name says; throws on a name without a key term. */
export function describeName(stem: string): ContainerName {
  const { terms, repaired } = parseName(stem);
  const [key, ...rest] = terms;
  if (!key || key.args.length === 0) throw new Error('the name does not begin with a key, such as rsa(2048,sha256)');
  const named = (n: string) => rest.find((t) => t.name === n);
  const holdsKey = rest.some((t) => ['cert&key', 'key', 'pkcs8'].includes(t.name));
  const holdsCertificate = rest.some((t) => ['cert&key', 'cert'].includes(t.name));
  const pass = named('pass');
  const bare = !rest.some((t) => t.name === 'mac' || (['cert&key', 'cert', 'key', 'pkcs8'].includes(t.name) && t.args[0]?.name !== 'none'));
  const password =
    named('pass-mac') || named('pass-cipher')
      ? { why: 'one password for the MAC and another for the bags: the family reads a container under one password' }
      : pass?.args[0]
        ? { name: pass.args[0].name }
        : bare
          ? { name: 'empty' } // neither encrypted nor MACed: no password protects it, and a reader is handed the empty one
          : { why: 'the name states no password for an encrypted or MACed file' };
  const iterations = [...stem.matchAll(/iter\((\d+)\)/g)].map((m) => Number(m[1]));
  const malformed = named('malformed');
  return {
    key: key.text,
    keyType: KEY_TYPES[key.text],
    holdsKey,
    holdsCertificate,
    password,
    malformed: malformed ? malformed.args.map((a) => a.text).join(',') || 'malformed' : undefined,
    ber: named('ber') !== undefined,
    maxIterations: Math.max(0, ...iterations),
    description: rest.map((t) => t.text).join(', ') + (repaired ? ' (name repaired: a parenthesis left open upstream)' : ''),
  };
}

/** The password kinds of the corpus's password files, as the `password` parameter names them. */
const PASSWORD_KIND: Readonly<Record<string, string>> = { ascii: 'ascii', ascii2: 'ascii', empty: 'empty', unicode: 'non-ascii' };

/** The one PEM block labelled `label` in `file` of `dir`, as DER. */
function pemFile(dir: string, file: string, label: string): Uint8Array {
  const blocks = fromPem(readRegularFile(join(dir, file)).toString('utf8'), label);
  if (blocks.length !== 1) throw new Error(`${file} holds ${blocks.length} PEM blocks labelled ${label}, not one`);
  return blocks[0]!;
}

/**
 * For a file whose key the corpus does not give (NSS's): why the key and certificate read back
 * do not belong together, or undefined when the certificate's public key is the key's.
 */
export function keyMatchesCertificate(read: ByteMap): string | undefined {
  const cert = read['certificate'];
  if (!(cert instanceof Uint8Array)) return 'no certificate read back';
  if (read['keyHeld'] instanceof Uint8Array) return undefined; // the reader proved it holds the certificate's key
  const key = read['secretKey'];
  if (!(key instanceof Uint8Array)) return 'the reader returned no secret key';
  try {
    const spki = (k: KeyObject) => k.export({ type: 'spki', format: 'der' });
    const fromKey = spki(createPublicKey(createPrivateKey({ key: Buffer.from(key), format: 'der', type: 'pkcs8' })));
    const fromCert = spki(new X509Certificate(Buffer.from(cert)).publicKey);
    return fromKey.equals(fromCert) ? undefined : "the key read back is not the certificate's key";
  } catch (err) {
    return `the key or certificate read back cannot be parsed: ${(err as Error).message}`;
  }
}

/** The procedure of one file against one reader. */
function readRun(std: Standard, params: Params, inputs: ByteMap, want: ByteMap, expected: Expectation, comment: string): ImportProcedure['run'] {
  return async (ctx: CaseContext, consumer: string): Promise<Verdict> => {
    const s = await step(ctx.progress, ctx.adapter(consumer), std.id, 'read', params, inputs);
    const sides = [{ adapter: CORPUS, message: comment }, s.side];
    if (!s.ok) {
      // What a reader declines depends on the file (forge's iteration cap, a key TLS cannot prove), which no claim can foresee.
      if (s.why === 'unsupported') return { outcome: 'unsupported', sides, message: s.side.message ?? 'declined' };
      if (s.why === 'rejected' && expected === 'reject')
        return { outcome: 'pass', sides, message: `rejected a file the corpus marks malformed: ${s.side.message ?? ''}` };
      return unexpectedFailure(s, sides, consumer);
    }
    ctx.progress.stage = 'compare';
    const wrong = want['secretKey'] ? compareRead(std, want, s.out) : keyMatchesCertificate(s.out);
    if (expected === 'reject') {
      return {
        outcome: 'fail',
        failure: 'accepted-invalid',
        stage: 'decrypt',
        sides,
        message: `read ${wrong === undefined ? 'the key' : 'a key'} from a file the corpus marks malformed (${comment})`,
      };
    }
    if (wrong !== undefined) return wrongOutput(sides, wrong);
    const what = !(s.out['secretKey'] instanceof Uint8Array)
      ? "the certificate, and proved it holds the certificate's key,"
      : s.out['certificate']
        ? 'the key and the certificate'
        : 'the key';
    const against = want['secretKey'] ? "the corpus's known answers (canonical DER)" : 'each other (NSS made the file with a key of its own)';
    return { outcome: 'pass', sides, message: `read ${what}, matching ${against}` };
  };
}

/** Imports one container of the corpus: a procedure, or why not, in its inventory entry. */
function importContainer(dir: string, name: string, passwords: ReadonlySet<string>): ImportedCorpus {
  const file = `${CORPUS}/${name}`;
  const isP12 = name.endsWith('.p12');
  const std = isP12 ? pkcs12 : pkcs8Encrypted;
  const entry = (imported: number, excluded: Exclusion[]): CorpusFileEntry => ({
    corpus: 'keyfile-corpus',
    file,
    format: isP12 ? 'PKCS#12 file' : 'encrypted PKCS#8 key (PEM)',
    algorithm: name.replace(/\.(p12|key)$/, ''),
    tests: 1,
    imported,
    standards: imported ? [std.id] : [],
    excluded,
    unknownFlags: [],
  });
  const error = (message: string): ImportedCorpus => ({ ...NO_IMPORT, errors: [new ConfigError(`importer: ${message}`, { file })] });
  let n: ContainerName;
  try {
    n = describeName(name.replace(/\.(p12|key)$/, ''));
  } catch (err) {
    return error(`the file name does not parse: ${(err as Error).message}`);
  }
  const out = (kind: Exclusion['kind'], reason: string): ImportedCorpus => ({
    ...NO_IMPORT,
    inventory: [entry(0, [{ kind, reason, groups: 1, tests: 1 }])],
  });
  if ('why' in n.password) return out('not-representable', n.password.why);
  if (!n.holdsKey) return out('not-feasible', 'holds no key: the family reads a container back to its key (and certificate)');
  if (isP12 && !n.holdsCertificate) return out('not-feasible', 'holds no certificate: the family reads a PKCS#12 file back to its key and certificate');
  const kind = PASSWORD_KIND[n.password.name];
  const passwordFile = `password-${n.password.name}.txt`;
  if (!kind || !passwords.has(passwordFile)) return error(`the password file ${passwordFile} is not in the corpus`);
  let inputs: ByteMap;
  let want: ByteMap;
  try {
    const raw = readRegularFile(join(dir, name));
    const container = isP12 ? Uint8Array.from(raw) : pemFile(dir, name, 'ENCRYPTED PRIVATE KEY');
    inputs = { container, password: Uint8Array.from(readRegularFile(join(dir, passwordFile))) };
    if (n.ber) {
      // NSS made its (BER) files with a key and certificate of its own, which the corpus does not give.
      want = {};
    } else {
      const secretKey = pemFile(dir, `${n.key},pkcs8(none).key`, 'PRIVATE KEY');
      want = isP12 ? { secretKey, certificate: pemFile(dir, `${n.key}.crt`, 'CERTIFICATE') } : { secretKey };
    }
  } catch (err) {
    return error(`cannot read the file or its known answers: ${(err as Error).message}`);
  }
  const params: Params = { ...(n.keyType ? { keyType: n.keyType } : {}), password: kind };
  const expected: Expectation = n.malformed ? 'reject' : 'accept';
  const comment = `${n.key}: ${n.description}`;
  const procedure: ImportProcedure = {
    file,
    standard: std.id,
    params,
    tcId: 1,
    comment,
    source: `keyfile corpus (redhat-qe-security/keyfile-corpus): ${name}`,
    ops: ['read'],
    expected,
    expectedBecause: n.malformed
      ? `the corpus marks the file malformed (${n.malformed}): a reader must refuse it rather than return a key`
      : `the corpus's README: files not marked malformed are well-formed (${std.references[0]}); the reader must give back the key${isP12 ? ' and certificate' : ''} it holds`,
    ...(n.maxIterations >= 1_000_000 ? { budgetFactor: 8 } : {}),
    flags: [...(n.malformed ? ['malformed'] : []), ...(n.ber ? ['ber'] : [])],
    run: readRun(std, params, inputs, want, expected, comment),
  };
  return { files: [], procedures: [procedure], inventory: [entry(1, [])], errors: [] };
}

/** Imports every container (`*.p12`, and `*.key` other than `pkcs8(none)`) of `dir`, in name order. */
export function importKeyfileCorpus(dir: string): ImportedCorpus {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch (err) {
    return { ...NO_IMPORT, errors: [new ConfigError(`cannot read the keyfile corpus directory: ${(err as Error).message}`, { file: dir })] };
  }
  const passwords = new Set(names.filter((n) => /^password-.*\.txt$/.test(n)));
  const containers = names.filter((n) => n.endsWith('.p12') || (n.endsWith('.key') && !n.endsWith(',pkcs8(none).key')));
  return mergeImports(containers.map((n) => importContainer(dir, n, passwords)));
}

/** `--keyfile-corpus [dir]`: the importer's descriptor (see importer.ts). */
export const keyfileCorpusImporter: Importer = {
  name: CORPUS,
  env: KEYFILE_CORPUS_ENV,
  help: `also read every PKCS#12 file and encrypted PKCS#8 key of the keyfile corpus DIR (default: $${KEYFILE_CORPUS_ENV}) with every reader, as kind import`,
  title: 'keyfile corpus (redhat-qe-security): PKCS#12 files and encrypted PKCS#8 keys, the parameters in each name',
  load: importKeyfileCorpus,
};
