/**
 * External adapters: any program in any language that speaks the bothends adapter protocol
 * (docs/adapter-protocol.md) becomes an ordinary {@link Adapter} of kind `external`. Its
 * capability table comes from the program's hello, read by `probe()`; every operation is one
 * request over one long-lived process (src/adapters/external/connection.ts).
 *
 * Reply codes map onto the harness' error types: `rejected` → RejectedError, `unsupported` →
 * UnsupportedError, `bad-request` and `internal` → errors (an `error` outcome with the stage).
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, resolve, sep } from 'node:path';
import type { Adapter, Capabilities, OpImpl, ProbeResult, Variant } from '../core/adapter.js';
import { BothendsError, ConfigError, RejectedError, UnsupportedError } from '../core/errors.js';
import { BadOutputError, stageOf } from '../core/call-adapter.js';
import type { IntentResolution } from '../core/intent.js';
import type { ByteMap, OpName } from '../core/model.js';
import { projectRoot } from '../core/paths.js';
import type { Standard } from '../core/standard.js';
import { STANDARDS } from '../standards/index.js';
import { capabilitiesOf, type Translated } from './external/capabilities.js';
import type { ChildCommand } from './child-session.js';
import { CONNECTION_DEFAULTS, Connection } from './external/connection.js';
import { definition, fromBase64, schemaErrors, type Hello, type Reply } from './external/protocol.js';

/** Everything needed to run one external adapter. */
export interface ExternalSpec {
  /** Adapter id in reports, e.g. `python-ref` or `acme`. */
  readonly id: string;
  readonly command: ChildCommand;
  /** Shown until the hello names the implementation. */
  readonly library?: string;
  readonly description?: string;
  /** Overrides the hello's variant (a `defaults` variant has its own id). */
  readonly variant?: Variant;
  /** Install command shown when the program cannot start. */
  readonly install?: string;
  readonly requestTimeoutMs?: number;
  readonly helloTimeoutMs?: number;
  readonly maxStarts?: number;
  /** The standards claims are read against (default: all bothends knows). */
  readonly standards?: readonly Standard[];
}

/** An adapter backed by a protocol process. */
export interface ExternalAdapter extends Adapter {
  readonly spec: ExternalSpec;
  readonly connection: Connection;
  /** The first hello, once probed. */
  readonly hello: Hello | undefined;
  /** What the hello claimed that bothends ignored (unknown standards, operations, parameters). */
  readonly notes: readonly string[];
}

/** The bytes of an `ok` reply, or a BadOutputError naming the member that is not base64. */
function decodeOk(ok: Readonly<Record<string, string>>, op: OpName): ByteMap {
  const out: Record<string, Uint8Array> = {};
  for (const [name, text] of Object.entries(ok)) {
    const bytes = fromBase64(text);
    if (!bytes) throw new BadOutputError(`${op} output ${name} is not padded base64: ${JSON.stringify(text.slice(0, 40))}`, stageOf(op));
    out[name] = bytes;
  }
  return out;
}

/** A reply as the harness understands it: bytes, or the matching error type thrown. */
function outcomeOf(adapterId: string, reply: Reply, op: OpName): ByteMap {
  if ('ok' in reply) return decodeOk(reply.ok, op);
  const { code, message, policy } = reply.error;
  switch (code) {
    case 'rejected':
      throw new RejectedError(message || 'rejected');
    case 'unsupported':
      throw new UnsupportedError(message || 'unsupported', policy === undefined ? {} : { policy });
    case 'bad-request':
    case 'internal':
      throw new BothendsError(code === 'internal' ? 'ADAPTER_INTERNAL' : 'ADAPTER_BAD_REQUEST', `adapter ${adapterId} answered ${code}: ${message}`, {
        stage: stageOf(op),
      });
  }
}

/** The command as reports show it: paths inside the project relative to it, so reports carry no machine paths. */
function shownCommand(c: ChildCommand): string {
  const root = `${projectRoot()}${sep}`;
  const home = `${homedir()}${sep}`;
  // Paths in the project are shown relative to it, paths in the home directory from ~: a report names no machine's paths.
  return [c.file, ...c.args].map((a) => (a.startsWith(root) ? a.slice(root.length) : a.startsWith(home) ? `~${sep}${a.slice(home.length)}` : a)).join(' ');
}

/** Before the first hello nothing is known: every standard is a gap saying so. */
function unknownYet(standards: readonly Standard[]): Capabilities {
  const why = 'capabilities unknown until the adapter process has said hello (probe it first)';
  return Object.freeze({ claims: Object.freeze({}), gaps: Object.freeze(Object.fromEntries(standards.map((s) => [s.id, why]))) });
}

/** Builds an external adapter; nothing starts until `probe()` or the first operation. */
export function externalAdapter(spec: ExternalSpec): ExternalAdapter {
  const standards = spec.standards ?? STANDARDS;
  const connection = new Connection({
    name: spec.id,
    command: spec.command,
    requestTimeoutMs: spec.requestTimeoutMs ?? CONNECTION_DEFAULTS.requestTimeoutMs,
    helloTimeoutMs: spec.helloTimeoutMs ?? CONNECTION_DEFAULTS.helloTimeoutMs,
    maxStarts: spec.maxStarts ?? CONNECTION_DEFAULTS.maxStarts,
  });
  const state: { hello?: Hello; translated?: Translated } = {};
  const before = unknownYet(standards);

  const probe = async (): Promise<ProbeResult> => {
    try {
      const hello = await connection.hello();
      if (!state.hello) Object.assign(state, { hello, translated: capabilitiesOf(hello, standards) });
      const notes = state.translated?.notes ?? [];
      return { available: true, version: hello.version, ...(notes.length ? { detail: `ignored: ${notes.join('; ')}` } : {}) };
    } catch (err) {
      return { available: false, reason: (err as Error).message, ...(spec.install ? { install: spec.install } : {}) };
    }
  };

  const ops: Record<string, Partial<Record<OpName, OpImpl>>> = {};
  for (const std of standards) {
    const table: Partial<Record<OpName, OpImpl>> = {};
    for (const op of std.ops) {
      table[op] = async (params, inputs) => outcomeOf(spec.id, await connection.request({ op, standard: std.id, params, inputs }, stageOf(op)), op);
    }
    ops[std.id] = Object.freeze(table);
  }

  /** The hello's intents as resolutions whose operations send requests naming the intent. */
  const resolutions = (hello: Hello | undefined): Adapter['intents'] => {
    const out: Record<string, Record<string, IntentResolution>> = {};
    for (const std of standards) {
      for (const intent of std.intents ?? []) {
        const wire = hello?.intents?.[std.id]?.[intent.id];
        if (!wire) continue;
        const table: Partial<Record<OpName, OpImpl>> = {};
        if (wire.refused === undefined) {
          for (const op of std.ops.filter((o) => wire.ops === undefined || wire.ops.includes(o)))
            table[op] = async (params, inputs) =>
              outcomeOf(spec.id, await connection.request({ op, standard: std.id, params, inputs, intent: intent.id }, stageOf(op)), op);
        }
        (out[std.id] ??= {})[intent.id] = {
          call: wire.call,
          params: wire.params,
          ops: table,
          ...(wire.refused === undefined ? {} : { refused: wire.refused }),
        };
      }
    }
    return out;
  };
  let intents: { from?: Hello; value?: Adapter['intents'] } = {};

  const command = shownCommand(spec.command);
  return Object.freeze({
    id: spec.id,
    get library(): string {
      return state.hello?.implementation ?? spec.library ?? basename(spec.command.file);
    },
    kind: 'external' as const,
    get variant(): Variant {
      return spec.variant ?? state.hello?.variant ?? 'explicit';
    },
    get description(): string {
      const own = spec.description ?? state.hello?.description ?? 'external adapter';
      return `${own} — bothends adapter protocol over one long-lived process: ${command}`;
    },
    probe,
    get capabilities(): Capabilities {
      return state.translated?.capabilities ?? before;
    },
    ops: Object.freeze(ops),
    get intents(): Adapter['intents'] {
      if (intents.from !== state.hello) intents = { ...(state.hello ? { from: state.hello } : {}), value: resolutions(state.hello) };
      return intents.value;
    },
    async dispose(): Promise<void> {
      await connection.close();
    },
    spec,
    connection,
    get hello(): Hello | undefined {
      return state.hello;
    },
    get notes(): readonly string[] {
      return state.translated?.notes ?? [];
    },
  });
}

const ID = /^[a-z0-9]+([-.:][a-z0-9]+)*$/;

/**
 * Splits a command line into an argument array without a shell: whitespace separates,
 * single or double quotes group, nothing is expanded.
 */
export function splitCommand(text: string): string[] {
  const args: string[] = [];
  let current: string | undefined;
  let quote: string | undefined;
  for (const ch of text) {
    if (quote !== undefined) {
      if (ch === quote) quote = undefined;
      else current += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      current ??= '';
    } else if (/\s/.test(ch)) {
      if (current !== undefined) args.push(current);
      current = undefined;
    } else {
      current = (current ?? '') + ch;
    }
  }
  if (quote !== undefined) throw new ConfigError(`unbalanced ${quote} in command ${JSON.stringify(text)}`);
  if (current !== undefined) args.push(current);
  return args;
}

/** `NAME=COMMAND` from `--external`, as a spec. */
export function parseExternalFlag(value: string): ExternalSpec {
  const at = value.indexOf('=');
  const id = at > 0 ? value.slice(0, at) : '';
  const args = at > 0 ? splitCommand(value.slice(at + 1)) : [];
  if (!ID.test(id) || args.length === 0) {
    throw new ConfigError(`--external takes NAME=COMMAND (NAME of lower-case letters, digits and - . :), not ${JSON.stringify(value)}`);
  }
  const [file, ...rest] = args as [string, ...string[]];
  return { id, command: { file, args: rest } };
}

interface ConfigEntry {
  readonly id: string;
  readonly command: readonly [string, ...string[]];
  readonly cwd?: string;
  readonly env?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
  readonly helloTimeoutMs?: number;
  readonly install?: string;
}

/** The external adapters of an adapters configuration file (schema: adapter-protocol.schema.json#/definitions/adaptersConfig). */
export function loadAdaptersConfig(file: string): ExternalSpec[] {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError(`cannot read adapters configuration: ${(err as Error).message}`, { file });
  }
  const validate = definition('adaptersConfig');
  if (!validate(doc)) throw new ConfigError(`not an adapters configuration: ${schemaErrors(validate.errors).slice(0, 5).join('; ')}`, { file });
  const dir = dirname(resolve(file));
  return (doc as { adapters: ConfigEntry[] }).adapters.map((e) => {
    const [program, ...args] = e.command;
    const cwd = e.cwd === undefined ? dir : isAbsolute(e.cwd) ? e.cwd : resolve(dir, e.cwd);
    return {
      id: e.id,
      command: { file: program, args, cwd, ...(e.env ? { env: e.env } : {}) },
      ...(e.timeoutMs ? { requestTimeoutMs: e.timeoutMs } : {}),
      ...(e.helloTimeoutMs ? { helloTimeoutMs: e.helloTimeoutMs } : {}),
      ...(e.install ? { install: e.install } : {}),
    };
  });
}

/**
 * The external adapters named on the command line (`--external NAME=COMMAND`) and in an
 * adapters configuration file, checked against the ids already `taken`.
 */
export function configuredExternalAdapters(
  flags: { readonly external?: readonly string[]; readonly config?: string },
  taken: readonly string[],
): ExternalAdapter[] {
  const specs = [...(flags.config ? loadAdaptersConfig(resolve(flags.config)) : []), ...(flags.external ?? []).map(parseExternalFlag)];
  const seen = new Set(taken);
  for (const s of specs) {
    if (seen.has(s.id)) throw new ConfigError(`external adapter id "${s.id}" is already taken; choose another NAME`);
    seen.add(s.id);
  }
  return specs.map(externalAdapter);
}
