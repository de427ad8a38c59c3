/**
 * The RFC 9180 test vectors importer: reads the CFRG `test-vectors.json` format (a JSON array of
 * entries with mode, kem_id, kdf_id, aead_id, ikmR/ikmE/ikmS, keys, `encryptions` and `exports`),
 * plain or gzip-compressed (`*.json.gz`), where it lies (`--hpke DIR` or $BOTHENDS_HPKE_DIR),
 * never copied. Every entry becomes one procedure run against each HPKE adapter (kind `import`):
 * 1. DeriveKeyPair (§7.1.3) of ikmR (and ikmE, ikmS) must give the entry's keys;
 * 2. the sender, with the ephemeral key fixed by ikmE, must produce enc, every ciphertext in
 *    sequence order (all of them, not only the first) and every exported value;
 * 3. the recipient, from skRm and enc, must open every ciphertext and export the same values.
 * Entries whose suite the `hpke` standard does not declare are counted in the inventory with the
 * reason; the corpus path is `hpke/<name>.json` whether or not the file was compressed.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { bytesEqual, cappedHex, fromHex } from '../../core/bytes.js';
import type { CaseContext } from '../../core/case.js';
import type { CorpusFileEntry } from '../../core/corpora-model.js';
import { ConfigError } from '../../core/errors.js';
import { MAX_FILE_BYTES, readRegularFile } from '../files.js';
import type { ByteMap, Params, SideReport } from '../../core/model.js';
import type { ImportProcedure } from '../../core/plan.js';
import { describeMismatch, step, unexpectedFailure, type Verdict } from '../../core/step.js';
import { exportLengthBytes, indexed } from '../../core/families/hpke.js';
import { HPKE_AEADS, HPKE_KDFS, HPKE_KEMS, HPKE_MODES, hpke } from '../../standards/hpke.js';
import { Exclusions, mergeImports, NO_IMPORT, type ImportedCorpus } from './corpus.js';
import type { Importer } from './importer.js';

/** Environment variable naming the directory of RFC 9180 vector files. */
export const HPKE_ENV = 'BOTHENDS_HPKE_DIR';

const VECTOR_FILE = /\.json(\.gz)?$/;
const SOURCE = 'RFC 9180 Appendix A test vectors';

type Json = Record<string, unknown>;

/** One entry, checked and decoded. */
interface Entry {
  readonly index: number;
  readonly params: Params;
  readonly hex: Readonly<Record<string, Uint8Array>>;
  readonly encryptions: ReadonlyArray<{ aad: Uint8Array; ct: Uint8Array; pt: Uint8Array }>;
  readonly exports: ReadonlyArray<{ context: Uint8Array; length: number; value: Uint8Array }>;
}

/** Registry name of an id, by table. */
function nameOf<T extends Record<string, { id: number }>>(table: T, id: number): keyof T | undefined {
  return (Object.keys(table) as Array<keyof T>).find((k) => table[k]!.id === id);
}

const MODE_NAMES = Object.keys(HPKE_MODES) as Array<keyof typeof HPKE_MODES>;

function hexAt(o: Json, member: string, path: string, optional = false): Uint8Array | undefined {
  const v = o[member];
  if (v === undefined && optional) return undefined;
  if (typeof v !== 'string' || !/^([0-9a-fA-F]{2})*$/.test(v))
    throw new ConfigError(`importer: "${member}" is not a hex string`, { path: `${path}.${member}` });
  return fromHex(v);
}

function numberAt(o: Json, member: string, path: string): number {
  const v = o[member];
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new ConfigError(`importer: "${member}" is not an integer`, { path: `${path}.${member}` });
  return v;
}

function arrayAt(o: Json, member: string, path: string): Json[] {
  const v = o[member];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'object' || x === null))
    throw new ConfigError(`importer: "${member}" is not an array of objects`, { path: `${path}.${member}` });
  return v as Json[];
}

/** Fields every entry has; the auth modes add ikmS/skSm/pkSm, the PSK modes psk and psk_id. */
const ALWAYS = ['info', 'ikmR', 'ikmE', 'skRm', 'skEm', 'pkRm', 'pkEm', 'enc'];

/** Decodes entry `index`, or says why its suite is not one `hpke` declares; malformed → ConfigError. */
function decode(o: Json, index: number): Entry | { why: string } {
  const path = `[${index}]`;
  const [mode, kem, kdf, aead] = [numberAt(o, 'mode', path), numberAt(o, 'kem_id', path), numberAt(o, 'kdf_id', path), numberAt(o, 'aead_id', path)];
  const names = { mode: MODE_NAMES[mode], kem: nameOf(HPKE_KEMS, kem), kdf: nameOf(HPKE_KDFS, kdf), aead: nameOf(HPKE_AEADS, aead) };
  const hexId = (n: number): string => `0x${n.toString(16).padStart(4, '0')}`;
  if (!names.mode) return { why: `mode ${mode} is not an RFC 9180 mode` };
  if (!names.kem) return { why: `KEM ${hexId(kem)} is not declared by hpke` };
  if (!names.kdf) return { why: `KDF ${hexId(kdf)} is not declared by hpke` };
  if (!names.aead) return { why: `AEAD ${hexId(aead)} is not declared by hpke` };
  const auth = names.mode === 'auth' || names.mode === 'auth_psk';
  const psk = names.mode === 'psk' || names.mode === 'auth_psk';
  const fields = [...ALWAYS, ...(auth ? ['ikmS', 'skSm', 'pkSm'] : []), ...(psk ? ['psk', 'psk_id'] : [])];
  const hex = Object.fromEntries(fields.map((f) => [f, hexAt(o, f, path)!]));
  const encryptions = arrayAt(o, 'encryptions', path).map((e, i) => {
    const at = `${path}.encryptions[${i}]`;
    return { aad: hexAt(e, 'aad', at)!, ct: hexAt(e, 'ct', at)!, pt: hexAt(e, 'pt', at)! };
  });
  const exports = arrayAt(o, 'exports', path).map((e, i) => {
    const at = `${path}.exports[${i}]`;
    return { context: hexAt(e, 'exporter_context', at)!, length: numberAt(e, 'L', at), value: hexAt(e, 'exported_value', at)! };
  });
  const params: Params = {
    mode: names.mode,
    kem: names.kem,
    kdf: names.kdf,
    aead: names.aead,
    api: 'context',
    infoBytes: hex['info']!.length,
    pskBytes: psk ? hex['psk']!.length : 0,
  };
  return { index, params, hex, encryptions, exports };
}

/** The sender's and the recipient's inputs of an entry: numbered messages and exports. */
function numbered(e: Entry, body: 'plaintext' | 'ciphertext'): Record<string, Uint8Array> {
  const out: Record<string, Uint8Array> = { info: e.hex['info']! };
  if (e.hex['psk']) Object.assign(out, { psk: e.hex['psk'], pskId: e.hex['psk_id']! });
  e.encryptions.forEach((m, i) => {
    out[indexed(body, i)] = body === 'plaintext' ? m.pt : m.ct;
    out[indexed('aad', i)] = m.aad;
  });
  e.exports.forEach((x, i) => {
    out[indexed('exporterContext', i)] = x.context;
    out[indexed('exportLength', i)] = exportLengthBytes(x.length);
  });
  return out;
}

/** The first of `checks` (expected, output name) that `out` does not match, described. */
function firstMismatch(out: ByteMap, checks: ReadonlyArray<readonly [Uint8Array, string]>, what: string): string | undefined {
  for (const [want, name] of checks) {
    const got = out[name];
    if (!got) return `${what}: no ${name} returned`;
    if (!bytesEqual(want, got)) return `${what}: ${describeMismatch(name, want, got)}`;
  }
  return undefined;
}

function wrong(message: string, sides: readonly SideReport[], stage: 'generate-key' | 'compare'): Verdict {
  return { outcome: 'fail', failure: 'wrong-output', stage, sides, message };
}

/** The procedure of one entry against one consumer. */
function entryRun(e: Entry): ImportProcedure['run'] {
  return async (ctx: CaseContext, consumer: string): Promise<Verdict> => {
    const adapter = ctx.adapter(consumer);
    const p = e.params;
    // 1. DeriveKeyPair of every ikm the entry has.
    for (const [ikm, sk, pk] of [
      ['ikmR', 'skRm', 'pkRm'],
      ['ikmE', 'skEm', 'pkEm'],
      ['ikmS', 'skSm', 'pkSm'],
    ] as const) {
      if (!e.hex[ikm]) continue;
      const kp = await step(ctx.progress, adapter, hpke.id, 'generateKeyPair', p, { ikm: e.hex[ikm] });
      if (!kp.ok) return unexpectedFailure(kp, [kp.side], `${consumer} DeriveKeyPair(${ikm})`);
      const bad = firstMismatch(
        kp.out,
        [
          [e.hex[sk]!, 'secretKey'],
          [e.hex[pk]!, 'publicKey'],
        ],
        `DeriveKeyPair(${ikm}) (RFC 9180 §7.1.3)`,
      );
      if (bad) return wrong(bad, [kp.side], 'generate-key');
    }
    const sender: ByteMap = e.hex['skSm'] ? { senderSecretKey: e.hex['skSm'], senderPublicKey: e.hex['pkSm']! } : {};
    const exported = e.exports.map((x, i) => [x.value, indexed('exported', i)] as const);
    // 2. The sender, deterministic through ikmE.
    const enc = await step(ctx.progress, adapter, hpke.id, 'encrypt', p, {
      publicKey: e.hex['pkRm']!,
      ikmE: e.hex['ikmE']!,
      ...sender,
      ...numbered(e, 'plaintext'),
    });
    const encSide = {
      ...enc.side,
      input: cappedHex(e.hex['pkRm']!, 16),
      message: `${enc.side.message}; sealed ${e.encryptions.length} messages, ${e.exports.length} exports`,
    };
    if (!enc.ok) return unexpectedFailure(enc, [encSide], `${consumer} as sender`);
    ctx.progress.stage = 'compare';
    const sealed = firstMismatch(
      enc.out,
      [[e.hex['enc']!, 'enc'], ...e.encryptions.map((m, i) => [m.ct, indexed('ciphertext', i)] as const), ...exported],
      'sender (ephemeral key from ikmE)',
    );
    if (sealed) return wrong(sealed, [encSide], 'compare');
    // 3. The recipient.
    const pkS: ByteMap = e.hex['pkSm'] ? { senderPublicKey: e.hex['pkSm'] } : {};
    const dec = await step(ctx.progress, adapter, hpke.id, 'decrypt', p, {
      secretKey: e.hex['skRm']!,
      enc: e.hex['enc']!,
      ...pkS,
      ...numbered(e, 'ciphertext'),
    });
    const decSide = {
      ...dec.side,
      input: `enc=${cappedHex(e.hex['enc']!, 16)}`,
      message: `${dec.side.message}; opened ${e.encryptions.length} messages, ${e.exports.length} exports`,
    };
    if (!dec.ok) return unexpectedFailure(dec, [encSide, decSide], `${consumer} as recipient`);
    ctx.progress.stage = 'compare';
    const opened = firstMismatch(dec.out, [...e.encryptions.map((m, i) => [m.pt, indexed('plaintext', i)] as const), ...exported], 'recipient');
    if (opened) return wrong(opened, [encSide, decSide], 'compare');
    return {
      outcome: 'pass',
      sides: [encSide, decSide],
      message: `DeriveKeyPair, enc, ${e.encryptions.length} ciphertexts (sequence 0–${Math.max(0, e.encryptions.length - 1)}) and ${e.exports.length} exports match; the recipient opens all`,
    };
  };
}

/** Imports one parsed vector file; `file` is its corpus path (`hpke/<name>.json`). */
export function importHpkeJson(json: unknown, file: string): ImportedCorpus {
  if (!Array.isArray(json))
    return { ...NO_IMPORT, errors: [new ConfigError('importer: not a JSON array of RFC 9180 test vector entries', { file, path: '$' })] };
  const ex = new Exclusions();
  const procedures: ImportProcedure[] = [];
  try {
    json.forEach((o: unknown, index) => {
      if (typeof o !== 'object' || o === null || Array.isArray(o)) throw new ConfigError('importer: entry is not an object', { path: `[${index}]` });
      const e = decode(o as Json, index);
      if ('why' in e) return ex.add('no-parameter-set', e.why, index);
      const p = e.params;
      const comment = `${String(p['mode'])} mode, ${String(p['kem'])}, ${String(p['kdf'])}, ${String(p['aead'])}: ${e.encryptions.length} encryptions, ${e.exports.length} exports`;
      procedures.push({
        file,
        standard: hpke.id,
        params: p,
        tcId: index + 1,
        comment,
        source: `${SOURCE} (${file}, entry [${index}])`,
        ops: hpke.ops,
        run: entryRun(e),
      });
    });
  } catch (err) {
    if (err instanceof ConfigError)
      return {
        ...NO_IMPORT,
        errors: [new ConfigError(err.message.replace(/^.*?: importer: /, 'importer: '), { file, ...(err.path ? { path: err.path } : {}) })],
      };
    throw err;
  }
  const entry: CorpusFileEntry = {
    corpus: 'hpke',
    file,
    format: 'CFRG HPKE test-vectors.json',
    algorithm: 'HPKE',
    tests: json.length,
    imported: procedures.length,
    standards: procedures.length ? [hpke.id] : [],
    excluded: ex.list(),
    unknownFlags: [],
  };
  return { files: [], procedures, inventory: [entry], errors: [] };
}

/** Imports every `*.json` and `*.json.gz` of `dir`, in name order. */
export function importHpkeDir(dir: string): ImportedCorpus {
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((n) => VECTOR_FILE.test(n))
      .sort();
  } catch (err) {
    return { ...NO_IMPORT, errors: [new ConfigError(`cannot read the HPKE vectors directory: ${(err as Error).message}`, { file: dir })] };
  }
  return mergeImports(
    names.map((name) => {
      const file = `hpke/${name.replace(/\.gz$/, '')}`;
      try {
        const raw = readRegularFile(join(dir, name));
        return importHpkeJson(JSON.parse((name.endsWith('.gz') ? gunzipSync(raw, { maxOutputLength: MAX_FILE_BYTES }) : raw).toString('utf8')), file);
      } catch (err) {
        return { ...NO_IMPORT, errors: [new ConfigError(`importer: cannot read: ${(err as Error).message}`, { file })] };
      }
    }),
  );
}

/** `--hpke [dir]`: the importer's descriptor (see importer.ts). */
export const hpkeImporter: Importer = {
  name: 'hpke',
  env: HPKE_ENV,
  help: `also run the RFC 9180 test vector files (*.json, *.json.gz) of DIR (default: $${HPKE_ENV}) as kind import`,
  title: 'RFC 9180 HPKE test vectors (CFRG `test-vectors.json`, plain or gzipped)',
  load: importHpkeDir,
};
