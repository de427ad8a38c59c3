/**
 * Any Stateless OpenPGP (SOP) command line as an adapter (draft-dkg-openpgp-stateless-cli):
 * `generate-key` + `extract-cert`, `encrypt [--no-armor] [--sign-with KEY] [--with-password
 * FILE] CERTS…`, `decrypt [--verify-with CERT --verifications-out FILE] [--with-password FILE]
 * KEY`, `version [--backend|--extended]`. One process per operation, argument arrays, keys and
 * passwords in files of a private temporary directory (SOP takes them by file name). A Java
 * implementation with a `jvmHost` runs the same command lines through its own entry point in a
 * few persistent JVMs instead (src/adapters/sop/sop-host): a JVM start costs as much as the operation.
 *
 * SOP has no option for the cipher, the encrypted data packet, compression or the S2K: the
 * implementation chooses from the recipients' preferences. So an instance claims, for
 * `encrypt`, only what it writes to the keys of this suite (every produced message is checked
 * against the parameters, see openpgp-common.ts), and decrypts everything it can read.
 * Exit codes differ between implementations: any non-zero exit of `decrypt` is a rejection.
 */
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineAdapter, type Adapter, type ProbeResult } from '../../core/adapter.js';
import { RejectedError } from '../../core/errors.js';
import type { OpImpl, OpName, ParamValue, Params } from '../../core/model.js';
import { OPENPGP_CIPHERS, openpgp, openpgpPassword } from '../../standards/openpgp.js';
import { input } from '../binding.js';
import {
  complaint,
  openPgpAdapterParts,
  pqcRefusedBy,
  restrict,
  SIGNER_CERT,
  SIGNER_KEY,
  spawnCounted,
  type OpenPgpDriver,
  type Restriction,
} from '../openpgp/openpgp-common.js';
import { JvmHostPool, jvmHostUsable, SOP_HOST_JVM_OPTIONS, type JvmHostSpec } from './sop-host/jvm-host.js';
import { installHint, withTempDir, type ProgramResult } from '../subprocess.js';

/** One SOP implementation: how to start it and what it writes when it encrypts. */
export interface SopSpec {
  /** Adapter id, e.g. `sqop`. */
  readonly id: string;
  /** Executable (a name on PATH or a path). */
  readonly program: string;
  /** Arguments before the SOP subcommand (e.g. a jar for `java -jar`). */
  readonly args?: readonly string[];
  /** Debian package for the install hint of an absent program. */
  readonly debianPackage?: string;
  /** What `encrypt` writes for this suite's keys and `generate-key` makes: one value per parameter SOP cannot choose. */
  readonly produces: {
    readonly compression: string;
    readonly encryption: string;
    readonly sessionCipher: string;
    readonly s2k: string;
    readonly keyVersion: string;
    readonly keyAlgo: string;
  };
  /** Extra environment of every process (e.g. JVM options). */
  readonly env?: Readonly<Record<string, string>>;
  /** Processes of this implementation at once (a JVM per call is heavy on two cores); absent: no limit of its own. */
  readonly maxProcesses?: number;
  /**
   * A Java implementation: before its first operation, one sign-then-encrypt and one decrypt
   * with the suite's fixed signer key dump the classes they load into a class-data-sharing
   * archive (JDK 13+ -XX:ArchiveClassesAtExit) in a private temporary directory; every later
   * process maps it (-XX:SharedArchiveFile, -Xshare:auto falls back if it cannot). A quarter
   * less CPU per process start. The env var named here carries the options (JDK_JAVA_OPTIONS).
   */
  readonly jvmClassArchive?: string;
  /**
   * A Java implementation whose main class has `public static int execute(String...)` (what
   * its `main` calls): its operations run in persistent JVMs (`maxProcesses` of them, default
   * 2), when the jars exist and `java` is on PATH; otherwise one `program` process per
   * operation. `env` and `jvmClassArchive` are for those processes only.
   */
  readonly jvmHost?: JvmHostSpec;
  /** Extra restrictions (found by running it), each with its reason. */
  readonly restrictions?: readonly Restriction[];
  readonly description?: string;
}

/** Budget of one operation, process or host request. */
const OPERATION_TIMEOUT_MS = 60_000;

const SOP_CHOOSES =
  'SOP has no option for it: the implementation chooses from the recipients’ preferences (RFC 9580 §5.2.3.14–16); this is what it writes for the keys of this suite';

/** Per SOP id: a counting gate when the spec limits its processes. */
const gates = new Map<string, Gate>();
/** Per SOP id: the environment of its processes once its class archive is ready (or failed). */
const archives = new Map<string, Promise<{ env: NodeJS.ProcessEnv; dir?: string }>>();

const baseEnv = (s: SopSpec): NodeJS.ProcessEnv => ({ ...process.env, ...(s.env ?? {}) });

/** Runs one SOP process under the spec's gate, in `env`. */
function start(s: SopSpec, args: readonly string[], stdin: Uint8Array | undefined, env: NodeJS.ProcessEnv): Promise<ProgramResult> {
  const go = (): Promise<ProgramResult> =>
    spawnCounted(s.program, [...(s.args ?? []), ...args], { ...(stdin ? { input: stdin } : {}), env, timeoutMs: OPERATION_TIMEOUT_MS });
  let gate = gates.get(s.id);
  if (!gate && s.maxProcesses) gates.set(s.id, (gate = new Gate(s.maxProcesses)));
  return gate ? gate.run(go) : go();
}

/** The environment with the class archive of a Java SOP, made once per run (see SopSpec.jvmClassArchive). */
function environment(s: SopSpec): Promise<NodeJS.ProcessEnv> {
  const variable = s.jvmClassArchive;
  if (!variable) return Promise.resolve(baseEnv(s));
  let ready = archives.get(s.id);
  if (!ready) {
    ready = (async () => {
      const dir = await mkdtemp(join(tmpdir(), 'bothends-sop-cds-'));
      const env = baseEnv(s);
      const opts = env[variable] ?? '';
      const [key, cert, jsa] = [join(dir, 'key'), join(dir, 'cert'), join(dir, 'classes.jsa')];
      await writeFile(key, SIGNER_KEY);
      await writeFile(cert, SIGNER_CERT);
      const msg = await start(s, ['encrypt', '--sign-with', key, cert], Uint8Array.of(1, 2, 3), env);
      await start(s, ['decrypt', '--verify-with', cert, '--verifications-out', join(dir, 'v'), key], msg.stdout, {
        ...env,
        [variable]: `${opts} -XX:ArchiveClassesAtExit=${jsa}`,
      });
      const made = await stat(jsa).then(
        () => true,
        () => false,
      );
      return made ? { env: { ...env, [variable]: `${opts} -XX:SharedArchiveFile=${jsa} -Xshare:auto` }, dir } : { env, dir };
    })().catch(() => ({ env: baseEnv(s) }));
    archives.set(s.id, ready);
  }
  return ready.then((r) => r.env);
}

/** Per SOP id: its pool of JVM hosts, or null when it runs a process per operation (decided at first use). */
const pools = new Map<string, JvmHostPool | null>();

/** The JVM hosts of `s`, when it has a jvmHost and it can run here. */
function hostPool(s: SopSpec): JvmHostPool | undefined {
  let pool = pools.get(s.id);
  if (pool === undefined)
    pools.set(s.id, (pool = s.jvmHost && jvmHostUsable(s.jvmHost) ? new JvmHostPool(s.id, s.jvmHost, s.maxProcesses ?? 2, OPERATION_TIMEOUT_MS) : null));
  return pool ?? undefined;
}

/** Ends this run's JVM hosts and removes its class archives. */
export async function disposeSop(id: string): Promise<void> {
  const ready = archives.get(id);
  archives.delete(id);
  const dir = ready && (await ready).dir;
  await Promise.all([pools.get(id)?.close(), dir ? rm(dir, { recursive: true, force: true }) : undefined]);
}

/** Runs one SOP command line, in a JVM host or a process of its own. */
async function run(s: SopSpec, args: readonly string[], stdin: Uint8Array | undefined): Promise<ProgramResult> {
  const pool = hostPool(s);
  return pool ? pool.run(args, stdin) : start(s, args, stdin, await environment(s));
}

/** Runs `sop args` and returns stdout; a non-zero exit throws `fail(message)`. */
async function sop(s: SopSpec, args: readonly string[], stdin: Uint8Array | undefined, fail: (m: string) => Error): Promise<Uint8Array> {
  const r = await run(s, args, stdin);
  if (r.code !== 0) throw fail(complaint(s.id, args, r));
  return r.stdout;
}

/** At most `n` runs at once; the rest wait in order. */
class Gate {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  constructor(private readonly n: number) {}
  async run<T>(f: () => Promise<T>): Promise<T> {
    if (this.active >= this.n) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await f();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

const own = (m: string): Error => new Error(m);
const refused = (m: string): Error => new RejectedError(m);
const armorFlag = (p: Params): string[] => (p['armor'] === 'armored' ? [] : ['--no-armor']);

function driverOf(s: SopSpec): OpenPgpDriver {
  return {
    async generateKey() {
      const secretKey = await sop(s, ['generate-key', '--no-armor', `bothends ${s.id} <${s.id}@bothends.invalid>`], undefined, own);
      const publicKey = await sop(s, ['extract-cert', '--no-armor'], secretKey, own);
      return { secretKey, publicKey };
    },
    encrypt: (p, r) =>
      withTempDir(async (dir) => {
        const certs = await Promise.all(r.certs.map(async (c, k) => (await writeFile(join(dir, `cert${k}`), c), join(dir, `cert${k}`))));
        const sign = r.signer ? (await writeFile(join(dir, 'signer'), r.signer), ['--sign-with', join(dir, 'signer')]) : [];
        return sop(s, ['encrypt', ...armorFlag(p), ...sign, ...certs], r.plaintext, own);
      }),
    decrypt: (_p, r) =>
      withTempDir(async (dir) => {
        await writeFile(join(dir, 'key'), r.key);
        const verify = r.verifyWith
          ? (await writeFile(join(dir, 'signer'), r.verifyWith), ['--verify-with', join(dir, 'signer'), '--verifications-out', join(dir, 'verified')])
          : [];
        const out = await sop(s, ['decrypt', ...verify, join(dir, 'key')], r.ciphertext, refused);
        if (r.verifyWith && (await readFile(join(dir, 'verified'), 'utf8')).trim() === '')
          throw new RejectedError(`${s.id} decrypted but verified no signature by the signer (empty --verifications-out)`);
        return out;
      }),
    encryptPassword: (p, password, plaintext) =>
      withTempDir(async (dir) => {
        await writeFile(join(dir, 'password'), password);
        return sop(s, ['encrypt', ...armorFlag(p), '--with-password', join(dir, 'password')], plaintext, own);
      }),
    decryptPassword: (_p, password, ciphertext) =>
      withTempDir(async (dir) => {
        await writeFile(join(dir, 'password'), password);
        return sop(s, ['decrypt', '--with-password', join(dir, 'password')], ciphertext, refused);
      }),
  };
}

/** "Encrypt to this certificate" as SOP's own examples write it. */
const SOP_CALL = 'sop generate-key "<uid>" > key; sop extract-cert < key > cert / sop encrypt cert < msg / sop decrypt key < msg.asc';

/**
 * The operations that make exactly those calls: no --no-armor, no options (the implementation's
 * defaults and the recipient's preferences decide everything else).
 */
function asCalledOps(s: SopSpec): Partial<Record<OpName, OpImpl>> {
  return {
    generateKeyPair: async () => {
      const secretKey = await sop(s, ['generate-key', `bothends ${s.id} <${s.id}@bothends.invalid>`], undefined, own);
      return { secretKey, publicKey: await sop(s, ['extract-cert'], secretKey, own) };
    },
    // A non-zero exit of encrypt is the program's answer to the certificate it is handed (the peer's input).
    encrypt: (_p, i) =>
      withTempDir(async (dir) => {
        await writeFile(join(dir, 'cert'), input(i, 'publicKey'));
        // The program may name the file it was given: a private temporary path, not part of its answer.
        return { ciphertext: await sop(s, ['encrypt', join(dir, 'cert')], input(i, 'plaintext'), (m) => refused(m.split(dir).join('<dir>'))) };
      }),
    decrypt: (_p, i) =>
      withTempDir(async (dir) => {
        await writeFile(join(dir, 'key'), input(i, 'secretKey'));
        return { plaintext: await sop(s, ['decrypt', join(dir, 'key')], input(i, 'ciphertext'), refused) };
      }),
  };
}

/** "Encrypt with this passphrase" as SOP writes it: `sop encrypt --with-password FILE`, `sop decrypt --with-password FILE`. */
const SOP_PASSWORD_CALL = 'sop encrypt --with-password password.txt < msg / sop decrypt --with-password password.txt < msg.asc';

function passwordAsCalled(s: SopSpec): Partial<Record<OpName, OpImpl>> {
  return {
    encrypt: (_p, i) =>
      withTempDir(async (dir) => {
        await writeFile(join(dir, 'password'), input(i, 'passphrase'));
        return { ciphertext: await sop(s, ['encrypt', '--with-password', join(dir, 'password')], input(i, 'plaintext'), own) };
      }),
    decrypt: (_p, i) =>
      withTempDir(async (dir) => {
        await writeFile(join(dir, 'password'), input(i, 'passphrase'));
        return { plaintext: await sop(s, ['decrypt', '--with-password', join(dir, 'password')], input(i, 'ciphertext'), refused) };
      }),
  };
}

/** How an implementation resolves "encrypt to this certificate" as called: what it makes (`produces`), armored, as SOP outputs by default. */
function resolves(s: SopSpec): Params {
  const { keyVersion, keyAlgo, encryption, sessionCipher, compression } = s.produces;
  return { keyVersion, keyAlgo, encryption, sessionCipher, compression, armor: 'armored', recipients: 1, signed: false };
}

/** `version`, `version --backend`, `version --extended` (first line): what the report shows. */
function sopProbe(s: SopSpec): () => Promise<ProbeResult> {
  return async () => {
    const install = s.debianPackage ? { install: installHint(s.debianPackage) } : {};
    // Asked of whatever runs the operations: the host's version is that of the code it calls.
    const pool = hostPool(s);
    const ask = (args: readonly string[]): Promise<ProgramResult> =>
      pool ? pool.run(args, undefined) : spawnCounted(s.program, [...(s.args ?? []), ...args], { timeoutMs: 20_000 });
    try {
      const r = await ask(['version']);
      if (r.code !== 0) return { available: false, reason: complaint(s.id, ['version'], r), ...install };
      const version = Buffer.from(r.stdout).toString('utf8').trim();
      const backend = await ask(['version', '--backend']);
      const backendText = backend.code === 0 ? Buffer.from(backend.stdout).toString('utf8').trim().split('\n').join('; ') : 'no version --backend';
      const how = pool
        ? `; operations run through ${pool.spec.mainClass}.execute in a persistent JVM (${pool.size} hosts, ${SOP_HOST_JVM_OPTIONS.join(' ')}), not a JVM per operation`
        : s.env
          ? `; env ${JSON.stringify(s.env)}`
          : '';
      // The report shows the version string: the backend goes into it; the profile is in the claims.
      return {
        available: true,
        version: `${version} (backend: ${backendText})`,
        detail: `profile: SOP defaults (${Object.entries(s.produces)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')})${how}`,
      };
    } catch (err) {
      const reason = pool ? (err as Error).message : `${s.program} not found (${(err as Error).message})`;
      return { available: false, reason, ...install };
    }
  };
}

/** The restrictions of every SOP instance: what its encryptor writes, and the keys it generates. */
function sopRestrictions(s: SopSpec, password: boolean): Restriction[] {
  const p = s.produces;
  const onEncrypt = (name: string, v: ParamValue): Restriction => restrict(name, [v], `${s.id} ${SOP_CHOOSES}`, ['encrypt']);
  const list = [
    onEncrypt('compression', p.compression),
    onEncrypt('encryption', p.encryption),
    onEncrypt('sessionCipher', p.sessionCipher),
    ...(s.restrictions ?? []),
  ];
  if (password) return [...list, onEncrypt('s2k', p.s2k)];
  // SOP generate-key has no key version or algorithm option: what it makes is all it can be a consumer for.
  const gen = (name: string, v: string): Restriction =>
    restrict(name, [v], `${s.id}: SOP generate-key has no option for it; this implementation makes ${v} keys`, ['generateKeyPair']);
  return [...list, gen('keyVersion', p.keyVersion), gen('keyAlgo', p.keyAlgo)];
}

/** An adapter for the SOP implementation `s`. */
export function sopAdapter(s: SopSpec): Adapter {
  const password = s.restrictions?.filter((r) => r.name !== 'keyVersion' && r.name !== 'keyAlgo' && r.name !== 'recipients' && r.name !== 'signed') ?? [];
  const parts = openPgpAdapterParts(s.id, driverOf(s), {
    pke: sopRestrictions(s, false),
    password: [...sopRestrictions({ ...s, restrictions: password }, true)],
  });
  return defineAdapter({
    id: s.id,
    library: `${s.id} (SOP)`,
    kind: 'cli',
    variant: 'explicit',
    description: s.description ?? `${s.program} through the Stateless OpenPGP command line, one process per operation`,
    probe: sopProbe(s),
    ...parts,
    intents: {
      // Refused where the spec restricts keyAlgo short of draft-ietf-openpgp-pqc; an implementation given by path may have it.
      [openpgp.id]: { 'encrypt-to-cert': { call: SOP_CALL, params: resolves(s), ops: asCalledOps(s) }, ...pqcRefusedBy(parts.capabilities, resolves(s)) },
      [openpgpPassword.id]: {
        passphrase: {
          call: SOP_PASSWORD_CALL,
          params: {
            s2k: s.produces.s2k,
            encryption: s.produces.encryption,
            sessionCipher: s.produces.sessionCipher,
            compression: s.produces.compression,
            armor: 'armored',
          },
          ops: passwordAsCalled(s),
        },
      },
    },
    dispose: () => disposeSop(s.id),
  });
}

const ALL_CIPHERS = Object.keys(OPENPGP_CIPHERS);
const NO_CAMELLIA = (who: string): Restriction =>
  restrict(
    'sessionCipher',
    ALL_CIPHERS.filter((c) => !c.startsWith('camellia')),
    `${who} does not implement Camellia`,
    ['decrypt'],
  );
const V4_ONLY = (who: string, why: string): Restriction => restrict('keyVersion', ['v4'], `${who}: ${why}`);
/** Decrypts SEIPDv1 only: no SEIPDv2 (RFC 9580 §5.13.2), no LibrePGP OCB packet (tag 20). */
const V1_ONLY = (who: string): Restriction =>
  restrict(
    'encryption',
    ['seipdv1'],
    `${who} reads SEIPDv1 only: neither SEIPDv2 (RFC 9580 §5.13.2) nor LibrePGP’s OCB packet (tag 20); observed: it refuses both`,
    ['decrypt'],
  );
/**
 * An implementation from before RFC 9580: v4 keys only (`v6` says why), RFC 4880's algorithms only
 * (no RFC 9580 Ed25519/X25519, 27/25, and no draft-ietf-openpgp-pqc: `pqc` is what it answers to a
 * post-quantum certificate), and SEIPDv1 only; `more` are its other restrictions.
 */
const BEFORE_RFC_9580 = (who: string, why: { v6: string; pqc: string }, ...more: Restriction[]): Restriction[] => [
  V4_ONLY(who, why.v6),
  restrict(
    'keyAlgo',
    ['cv25519-legacy', 'rsa2048', 'rsa3072'],
    `${who} has no RFC 9580 Ed25519/X25519 (27/25) and no draft-ietf-openpgp-pqc (a post-quantum certificate: "${why.pqc}")`,
  ),
  ...more,
  V1_ONLY(who),
];

/** Sequoia's sqop (sequoia-openpgp 1.x). */
export const SQOP: SopSpec = {
  id: 'sqop',
  program: 'sqop',
  debianPackage: 'sqop',
  produces: { compression: 'none', encryption: 'seipdv1', sessionCipher: 'aes256', s2k: 'iterated-salted', keyVersion: 'v4', keyAlgo: 'cv25519-legacy' },
  restrictions: BEFORE_RFC_9580('sqop 0.27 (Sequoia 1.x)', {
    v6: 'v6 keys, Ed25519/X25519 (27/25) and SEIPDv2 came with Sequoia 2',
    pqc: 'Invalid data type',
  }),
};

/** GopenPGP's gosop. */
export const GOSOP: SopSpec = {
  id: 'gosop',
  program: 'gosop',
  debianPackage: 'gosop',
  produces: { compression: 'none', encryption: 'seipdv1', sessionCipher: 'aes256', s2k: 'iterated-salted', keyVersion: 'v4', keyAlgo: 'rsa2048' },
  restrictions: BEFORE_RFC_9580(
    'gosop (GopenPGP 2.5, go-crypto v1)',
    { v6: 'go-crypto before v2 has no v6 keys', pqc: 'first packet was not a public/private key' },
    NO_CAMELLIA('gosop (go-crypto)'),
  ),
};

/** PGPainless' SOP (Bouncy Castle). */
export const PGPAINLESS: SopSpec = {
  id: 'pgpainless',
  program: 'pgpainless-cli',
  debianPackage: 'pgpainless-cli',
  produces: { compression: 'none', encryption: 'seipdv1', sessionCipher: 'aes256', s2k: 'iterated-salted', keyVersion: 'v4', keyAlgo: 'cv25519-legacy' },
  restrictions: BEFORE_RFC_9580('pgpainless 1.3 (Bouncy Castle 1.72)', {
    v6: 'v6 keys came with PGPainless 2 / Bouncy Castle 1.78',
    pqc: 'does not contain an OpenPGP certificate',
  }),
  // The jars of Debian's pgpainless-cli; its manifest's Class-Path brings sop-java-picocli, pgpainless-sop and Bouncy Castle.
  jvmHost: { classpath: ['/usr/share/java/pgpainless-cli.jar'], mainClass: 'org.pgpainless.cli.PGPainlessCLI' },
  // Without the host, a JVM per call: the C1 compiler only and the serial collector start it in a third of the time.
  env: { JDK_JAVA_OPTIONS: '-XX:TieredStopAtLevel=1 -XX:+UseSerialGC' },
  jvmClassArchive: 'JDK_JAVA_OPTIONS',
  maxProcesses: 2,
  description:
    'PGPainless through its SOP command line’s own entry point (PGPainlessCLI.execute) in two persistent JVMs (src/adapters/sop/sop-host); one pgpainless-cli process per operation when its jars or java are missing',
};

/** The SOP implementations Debian ships. */
export const sqop = sopAdapter(SQOP);
export const gosop = sopAdapter(GOSOP);
export const pgpainless = sopAdapter(PGPAINLESS);
