/**
 * User-added SOP implementations, without code: `--sop NAME=PATH` on the command line, or a JSON
 * file given to `--sop-config`:
 *
 * ```json
 * { "sop": [ { "name": "sqop-git", "path": "/opt/sequoia/bin/sqop", "args": [],
 *              "produces": { "compression": "none" }, "env": { "RUST_LOG": "off" } } ] }
 * ```
 *
 * `name` (the adapter id) and `path` are required; `args` go before the SOP subcommand (e.g.
 * `["-jar", "sop.jar"]` with `path: "java"`); `produces` states what its `encrypt` and
 * `generate-key` write where SOP has no option (defaults below; every produced message is
 * checked against it, so a wrong statement shows as `wrong-capability`, never as a pass).
 * Any mistake is a ConfigError naming the file and the JSON path.
 */
import { readFileSync } from 'node:fs';
import type { Adapter } from '../../core/adapter.js';
import { ConfigError } from '../../core/errors.js';
import { openpgp, openpgpPassword } from '../../standards/openpgp.js';
import { sopAdapter, type SopSpec } from './sop.js';

/** What an unknown SOP implementation is assumed to write: the RFC 4880 profile most of them use. */
export const DEFAULT_PRODUCES: SopSpec['produces'] = {
  compression: 'none',
  encryption: 'seipdv1',
  sessionCipher: 'aes256',
  s2k: 'iterated-salted',
  keyVersion: 'v4',
  keyAlgo: 'cv25519-legacy',
};

const ID = /^[a-z0-9][a-z0-9._-]*$/;

/** The declared values of `name` in either OpenPGP standard. */
function declared(name: string): readonly unknown[] {
  return [...openpgp.params, ...openpgpPassword.params].find((p) => p.name === name)?.values ?? [];
}

/** Validates one entry at `path` of `file` and returns its spec. */
function specOf(entry: unknown, file: string, path: string): SopSpec {
  const fail = (message: string, at = path): never => {
    throw new ConfigError(message, { file, path: at });
  };
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return fail('must be an object with "name" and "path"');
  const e = entry as Record<string, unknown>;
  for (const key of Object.keys(e))
    if (!['name', 'path', 'args', 'produces', 'env'].includes(key))
      fail(`unknown property "${key}" (known: name, path, args, produces, env)`, `${path}.${key}`);
  if (typeof e['name'] !== 'string' || !ID.test(e['name'])) fail('must be a lower-case id (letters, digits, . _ -)', `${path}.name`);
  if (typeof e['path'] !== 'string' || e['path'].length === 0) fail('must be the path of a SOP executable', `${path}.path`);
  const args = e['args'] ?? [];
  if (!Array.isArray(args) || args.some((a) => typeof a !== 'string')) fail('must be an array of strings', `${path}.args`);
  const produces: Record<string, string> = { ...DEFAULT_PRODUCES };
  if (e['produces'] !== undefined) {
    if (typeof e['produces'] !== 'object' || e['produces'] === null) fail('must be an object', `${path}.produces`);
    for (const [k, v] of Object.entries(e['produces'] as Record<string, unknown>)) {
      if (!(k in DEFAULT_PRODUCES)) fail(`unknown parameter (known: ${Object.keys(DEFAULT_PRODUCES).join(', ')})`, `${path}.produces.${k}`);
      if (typeof v !== 'string' || !declared(k).includes(v)) fail(`must be one of ${declared(k).join(', ')}`, `${path}.produces.${k}`);
      produces[k] = v as string;
    }
  }
  const env = e['env'] ?? {};
  if (typeof env !== 'object' || env === null || Object.values(env).some((v) => typeof v !== 'string')) fail('must be an object of strings', `${path}.env`);
  const name = e['name'] as string;
  return {
    id: name,
    program: e['path'] as string,
    args: args as string[],
    produces: produces as unknown as SopSpec['produces'],
    ...(Object.keys(env as object).length ? { env: env as Record<string, string> } : {}),
    description: `${String(e['path'])} through the Stateless OpenPGP command line (added by ${file})`,
  };
}

/** The specs of a config file's `sop` list. */
export function readSopConfig(file: string): SopSpec[] {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError(`cannot read SOP config: ${(err as Error).message}`, { file, cause: err });
  }
  if (typeof doc !== 'object' || doc === null || !Array.isArray((doc as { sop?: unknown }).sop))
    throw new ConfigError('must be an object with a "sop" array', { file, path: '$' });
  return (doc as { sop: unknown[] }).sop.map((entry, i) => specOf(entry, file, `$.sop[${i}]`));
}

/** `NAME=PATH` of the --sop flag. */
export function parseSopFlag(value: string): SopSpec {
  const at = value.indexOf('=');
  if (at <= 0) throw new ConfigError(`--sop takes NAME=PATH, not "${value}"`);
  return specOf({ name: value.slice(0, at), path: value.slice(at + 1) }, '--sop', value.slice(0, at));
}

/** The SOP adapters of `--sop` flags and a `--sop-config` file; ids must be new. */
export function configuredSopAdapters(o: { sop?: readonly string[]; config?: string }, knownIds: readonly string[]): Adapter[] {
  const specs = [...(o.sop ?? []).map(parseSopFlag), ...(o.config ? readSopConfig(o.config) : [])];
  const seen = new Set(knownIds);
  return specs.map((s) => {
    if (seen.has(s.id)) throw new ConfigError(`adapter id "${s.id}" is already taken`, { file: o.config ?? '--sop', path: s.id });
    seen.add(s.id);
    return sopAdapter(s);
  });
}
