/**
 * The JOSE cookbook importer: the machine-readable RFC 7520 examples (github.com/ietf-jose/cookbook)
 * read where they are. Every JWE example (`jwe/*.json`, `curve25519/*.json`, and the `encrypt`
 * half of the nesting example) becomes known answers of the `jwe` standard: for each of its
 * outputs (compact, general JSON, flattened JSON) and each recipient key, decrypt with the
 * given key (or password) and compare with the given plaintext. The parameters are read from
 * the example's own JOSE header (the cookbook's `input.enc` has a typo in §5.13), the key kind
 * from its JWK. Everything not imported is counted in the inventory with its reason; the key
 * files under `jwk/` are not examples and are not read.
 */
import { join, relative } from 'node:path';
import type { CorpusFileEntry } from '../../core/corpora-model.js';
import { ConfigError } from '../../core/errors.js';
import { readRegularFile, walkFiles } from '../files.js';
import type { ParamValue, Params } from '../../core/model.js';
import { jweHeader, jwe, jwkKeyKind } from '../../standards/jwe.js';
import { jwkBytes } from '../../standards/key-encoding.js';
import { checkDraft, declaredParams, Exclusions, mergeImports, NO_IMPORT, type DraftTest, type ImportedCorpus } from './corpus.js';
import type { Importer } from './importer.js';

/** Environment variable naming the cookbook checkout (or its `jwe` directory). */
export const JOSE_COOKBOOK_ENV = 'BOTHENDS_JOSE_COOKBOOK_DIR';

type Json = Record<string, unknown>;

const UTF8 = new TextEncoder();

/** The cookbook's output members and the serialization each holds (`json` is general unless it has no `recipients`). */
const OUTPUTS = ['compact', 'json', 'json_flat'] as const;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A malformed example: the error names the file and the JSON path. */
class Malformed extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

function need<T>(ok: boolean, value: T, path: string, what: string): T {
  if (!ok) throw new Malformed(path, `expected ${what}`);
  return value;
}

/** One key of an example: JWK bytes or a password, and its key kind. */
interface ExampleKey {
  readonly bytes: Uint8Array;
  readonly kind: string;
  /** The `alg` the example names for this key. */
  readonly alg: unknown;
}

/** The example's keys: one JWK, a list of JWKs (one per recipient, with `input.alg` a list), or a password. */
function keysOf(input: Json, at: string): ExampleKey[] {
  if (typeof input['pwd'] === 'string') return [{ bytes: UTF8.encode(input['pwd']), kind: 'password', alg: input['alg'] }];
  const key = input['key'];
  if (Array.isArray(key)) {
    const algs = need(
      Array.isArray(input['alg']) && input['alg'].length === key.length,
      input['alg'] as unknown[],
      `${at}input.alg`,
      'one alg per key of input.key',
    );
    return key.map((k, i) => {
      const jwk = need(isObject(k), k as Json, `${at}input.key[${i}]`, 'a JWK object');
      return { bytes: jwkBytes(jwk), kind: jwkKeyKind(jwk), alg: algs[i] };
    });
  }
  const jwk = need(isObject(key), key as Json, `${at}input.key`, 'a JWK object, a list of them, or input.pwd');
  return [{ bytes: jwkBytes(jwk), kind: jwkKeyKind(jwk), alg: input['alg'] }];
}

/** The serialized output bytes and its serialization name. */
function serialized(name: (typeof OUTPUTS)[number], value: unknown, at: string): { bytes: Uint8Array; serialization: string } {
  if (name === 'compact') return { bytes: UTF8.encode(need(typeof value === 'string', value as string, at, 'a compact JWE string')), serialization: 'compact' };
  const obj = need(isObject(value), value as Json, at, 'a JWE JSON object');
  return { bytes: UTF8.encode(JSON.stringify(obj)), serialization: Array.isArray(obj['recipients']) ? 'json-general' : 'json-flattened' };
}

/** The `jwe` parameters of one output decrypted with one key, or why they are not a declared set. */
function paramsOf(header: Json, key: ExampleKey, serialization: string): { params: Params } | { why: string } {
  const values: Record<string, ParamValue | undefined> = {
    alg: typeof header['alg'] === 'string' ? header['alg'] : typeof key.alg === 'string' ? key.alg : undefined,
    enc: typeof header['enc'] === 'string' ? header['enc'] : undefined,
    serialization,
    keyKind: key.kind,
    iterations: typeof header['p2c'] === 'number' ? header['p2c'] : 0,
    zip: typeof header['zip'] === 'string' ? header['zip'] : 'none',
  };
  return declaredParams(jwe, values, 'the cookbook example');
}

/** "5_2.key_encryption….json" → "RFC 7520 §5.2"; other files are cited by name. */
function citation(file: string): string {
  const m = /(?:^|\/)(\d+)_(\d+)\.[^/]*$/.exec(file);
  return m ? `RFC 7520 §${m[1]}.${m[2]}` : `JOSE cookbook ${file.replace(/^jose-cookbook\//, '')}`;
}

/** The JWE examples of a file, with the JSON path prefix of each (`` or `encrypt.`), and what else it holds. */
function examplesOf(json: Json): { examples: Array<{ at: string; ex: Json }>; other: string[] } {
  if (isObject(json['input']) || isObject(json['output'])) return { examples: [{ at: '', ex: json }], other: [] };
  const examples = isObject(json['encrypt']) ? [{ at: 'encrypt.', ex: json['encrypt'] }] : [];
  return { examples, other: isObject(json['sign']) ? ['sign'] : [] };
}

/** Imports one parsed cookbook file; `file` is its corpus path (`jose-cookbook/jwe/<name>`). */
export function importJoseCookbookJson(json: unknown, file: string): ImportedCorpus {
  if (!isObject(json)) return { ...NO_IMPORT, errors: [new ConfigError('importer: not a JSON object', { file, path: '$' })] };
  const { examples, other } = examplesOf(json);
  const exclusions = new Exclusions();
  for (const o of other) exclusions.add('no-standard', `the "${o}" example is JWS (RFC 7515), which has no bothends standard`, 0);
  const tests: DraftTest[] = [];
  const groups = new Map<string, { params: Params; tests: DraftTest[] }>();
  const ref = citation(file);
  let tcId = 0;
  let algorithm = '(no JWE example)';
  try {
    if (examples.length === 0 && other.length === 0) throw new Malformed('$', 'no JWE example: expected "input" and "output" (or "encrypt")');
    for (const { at, ex } of examples) {
      const input = need(isObject(ex['input']), ex['input'] as Json, `${at}input`, 'an object');
      const output = need(isObject(ex['output']), ex['output'] as Json, `${at}output`, 'an object');
      const plaintext = UTF8.encode(need(typeof input['plaintext'] === 'string', input['plaintext'] as string, `${at}input.plaintext`, 'a string'));
      const keys = keysOf(input, at);
      algorithm = `${keys.map((k) => String(k.alg)).join(', ')} ${String(input['enc'])}`;
      for (const name of OUTPUTS) {
        if (output[name] === undefined) continue;
        const { bytes, serialization } = serialized(name, output[name], `${at}output.${name}`);
        keys.forEach((key, r) => {
          tcId++;
          let header: Json;
          try {
            header = jweHeader(bytes, r);
          } catch (err) {
            throw new Malformed(`${at}output.${name}`, `the JOSE header cannot be read: ${(err as Error).message}`);
          }
          const p = paramsOf(header, key, serialization);
          if ('why' in p) return exclusions.add('no-parameter-set', p.why, 0);
          const who = keys.length > 1 ? `, recipient ${r + 1} (${String(key.alg)})` : '';
          const test: DraftTest = {
            tcId,
            comment: `${String(ex['title'] ?? json['title'] ?? file)}: ${name}${who}`,
            flags: [],
            result: 'valid',
            ref: `${ref} output.${name}`,
            fields: { secretKey: key.bytes, ciphertext: bytes, plaintext },
          };
          tests.push(test);
          const id = jwe.paramsId(p.params);
          if (!groups.has(id)) groups.set(id, { params: p.params, tests: [] });
          groups.get(id)!.tests.push(test);
        });
      }
    }
  } catch (err) {
    if (err instanceof Malformed) return { ...NO_IMPORT, errors: [new ConfigError(`importer: ${err.message}`, { file, path: err.path })] };
    throw err;
  }
  const title = `JOSE cookbook (RFC 7520) ${file.replace(/^jose-cookbook\//, '')}`;
  const checked = checkDraft({ file, standard: jwe.id, description: `${ref}, imported`, title, notes: {}, groups: [...groups.values()] });
  const entry: CorpusFileEntry = {
    corpus: 'jose-cookbook',
    file,
    format: 'RFC 7520 example',
    algorithm,
    tests: tcId + other.length,
    imported: tests.length,
    standards: tests.length ? [jwe.id] : [],
    excluded: exclusions.list(),
    unknownFlags: [],
  };
  return { files: checked.file ? [checked.file] : [], procedures: [], inventory: [entry], errors: checked.errors };
}

/** The example files below `dir`: every `*.json` except the key files under `jwk/` (each directory read once: a link loop is an error). */
function exampleFiles(dir: string): string[] {
  const walk = walkFiles(
    dir,
    (rel) =>
      rel.endsWith('.json') &&
      !rel
        .split('/')
        .slice(0, -1)
        .some((d) => d === 'jwk' || d.startsWith('.')),
  );
  if (walk.problems.length) throw new Error(walk.problems.map((p) => `${p.path}: ${p.message}`).join('; '));
  return walk.files.map((rel) => join(dir, rel));
}

/** Imports every JWE example of a cookbook checkout (or of its `jwe` directory). */
export function importJoseCookbookDir(dir: string): ImportedCorpus {
  let files: string[];
  try {
    files = exampleFiles(dir);
  } catch (err) {
    return { ...NO_IMPORT, errors: [new ConfigError(`cannot read the JOSE cookbook directory: ${(err as Error).message}`, { file: dir })] };
  }
  return mergeImports(
    files.map((full) => {
      const file = `jose-cookbook/${relative(dir, full).split('\\').join('/')}`;
      try {
        return importJoseCookbookJson(JSON.parse(readRegularFile(full).toString('utf8')), file);
      } catch (err) {
        return { ...NO_IMPORT, errors: [new ConfigError(`importer: cannot read: ${(err as Error).message}`, { file })] };
      }
    }),
  );
}

/** `--jose-cookbook [dir]`: the importer's descriptor (see importer.ts). */
export const joseCookbookImporter: Importer = {
  name: 'jose-cookbook',
  env: JOSE_COOKBOOK_ENV,
  help: `also run the RFC 7520 JOSE cookbook JWE examples below DIR (default: $${JOSE_COOKBOOK_ENV}) as kind import`,
  title: 'RFC 7520 JOSE cookbook JWE examples',
  load: importJoseCookbookDir,
};
