/**
 * The bothends adapter protocol, version 1, as data: the messages a child process and
 * bothends exchange (one JSON object per line), their validation, and base64 for bytes.
 * The normative description is docs/adapter-protocol.md; the JSON Schema is
 * schemas/adapter-protocol.schema.json.
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { Variant } from '../../core/adapter.js';
import type { ByteMap, OpName, ParamValue, Params } from '../../core/model.js';
import { operationNames } from '../../core/families/index.js';
import { projectPath } from '../../core/paths.js';

/** The protocol version this host speaks. */
export const PROTOCOL_VERSION = 1;

/** The error codes an adapter may answer with. */
export const ERROR_CODES = ['rejected', 'unsupported', 'bad-request', 'internal'] as const;

/** One of {@link ERROR_CODES}. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * What a hello says about one parameter: a value list, an inclusive integer range, or a tie to
 * another parameter (`sameAs`: the value must equal that parameter's), alone or with either.
 */
export interface WireParamClaim {
  readonly values?: readonly ParamValue[];
  readonly min?: number;
  readonly max?: number;
  readonly sameAs?: string;
  readonly reason?: string;
  readonly policy?: string;
  /** The operations the restriction applies to; absent: all (a reader takes any salt length a writer could not choose). */
  readonly ops?: readonly OpName[];
}

/** What a hello claims for one standard. */
export interface WireClaim {
  readonly ops: readonly OpName[];
  readonly opsReason?: string;
  /** When the missing operations are refused by a deliberate policy: the setting that controls it. */
  readonly opsPolicy?: string;
  readonly params: Readonly<Record<string, WireParamClaim>>;
  /** `implicit`: an invalid ciphertext is answered with pseudo-random output, not an error (implicit rejection), where the standard permits it. */
  readonly rejection?: 'implicit';
  /** Per operation, optional inputs it cannot be given, with the product's reason (an encapsulation that takes no m). */
  readonly refusedInputs?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/** The body of the first line an adapter writes. */
export interface Hello {
  readonly protocol: number;
  readonly implementation: string;
  readonly version: string;
  readonly description?: string;
  readonly variant?: Variant;
  readonly claims: Readonly<Record<string, WireClaim>>;
  readonly gaps: Readonly<Record<string, string>>;
  /**
   * How the product resolves each intent (docs/adapter-protocol.md, "Intents"): per standard,
   * per intent id, the call as its documentation writes it and every parameter that call sets.
   * bothends then sends requests with `intent`, to be run exactly as that call.
   */
  readonly intents?: Readonly<Record<string, Readonly<Record<string, WireIntent>>>>;
}

/** One intent as the product resolves it. */
export interface WireIntent {
  readonly call: string;
  readonly params: Params;
  /** When the product does not offer the intent's operations as called: why. */
  readonly refused?: string;
  /** The operations the call makes, when not all of the standard's (a reader only); absent: all. */
  readonly ops?: readonly OpName[];
}

/** One operation, as bothends asks for it (bytes still as bytes). */
export interface OpRequest {
  readonly op: OpName;
  readonly standard: string;
  readonly params: Params;
  readonly inputs: ByteMap;
  /** Run as the product's documentation calls it for this intent (its `params` are the resolution's), not explicitly. */
  readonly intent?: string;
}

/** An adapter's answer to one request, validated; bytes still base64. */
export type Reply =
  | { readonly ok: Readonly<Record<string, string>> }
  | { readonly error: { readonly code: ErrorCode; readonly message: string; readonly policy?: string } };

/** Any parsed line from the adapter: the id it echoes (null for "I could not parse your line") and the reply. */
export interface ResponseLine {
  readonly id: number | string | null;
  readonly reply: Reply;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Standard padded base64 of bytes. */
export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** Decodes strict, padded base64; undefined when the text is not exactly that. */
export function fromBase64(text: string): Uint8Array | undefined {
  if (!BASE64.test(text)) return undefined;
  return Uint8Array.from(Buffer.from(text, 'base64'));
}

/** The request line for `r` under `id`, without the trailing newline. */
export function requestLine(id: number, r: OpRequest): string {
  const inputs: Record<string, string> = {};
  for (const [name, bytes] of Object.entries(r.inputs)) inputs[name] = toBase64(bytes);
  return JSON.stringify(
    r.intent === undefined
      ? { id, op: r.op, standard: r.standard, params: r.params, inputs }
      : { id, op: r.op, standard: r.standard, params: r.params, inputs, intent: r.intent },
  );
}

let compiled: Ajv | undefined;

/** The protocol schema, compiled once. */
function schema(): Ajv {
  if (compiled) return compiled;
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  const protocol = JSON.parse(readFileSync(projectPath('schemas', 'adapter-protocol.schema.json'), 'utf8')) as { definitions: Record<string, object> };
  // The operations are the family modules': the committed schema leaves them open.
  protocol.definitions['op'] = { ...protocol.definitions['op'], enum: operationNames() };
  ajv.addSchema(protocol, 'protocol');
  return (compiled = ajv);
}

/** A validator for one definition of the protocol schema, e.g. `hello`. */
export function definition(name: 'hello' | 'request' | 'response' | 'adaptersConfig'): ValidateFunction {
  const v = schema().getSchema(`protocol#/definitions/${name}`);
  if (!v) throw new Error(`schemas/adapter-protocol.schema.json has no definition ${name}`);
  return v;
}

/** ajv's errors as "at /hello/claims/aes-gcm: must have required property 'params'" lines. */
export function schemaErrors(errors: readonly ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map(
    (e) =>
      `at ${e.instancePath || '/'}: ${e.message ?? e.keyword}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params['additionalProperty'])})` : ''}`,
  );
}

/** Checks a parsed first line; returns the hello or the reasons it is not one. */
export function parseHello(message: unknown): { hello: Hello } | { problems: string[] } {
  const validate = definition('hello');
  if (typeof message === 'object' && message !== null && 'hello' in message) {
    const version = (message as { hello?: { protocol?: unknown } }).hello?.protocol;
    if (typeof version === 'number' && version !== PROTOCOL_VERSION) {
      return { problems: [`speaks protocol version ${version}; this bothends speaks version ${PROTOCOL_VERSION}`] };
    }
  }
  if (!validate(message)) return { problems: schemaErrors(validate.errors).slice(0, 8) };
  return { hello: (message as { hello: Hello }).hello };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Checks a parsed response line by hand (this is the hot path; the schema says the same).
 * Returns the response, or why it is not one. Base64 is checked when the bytes are decoded.
 */
export function parseResponse(message: unknown): ResponseLine | string {
  if (!isRecord(message)) return `not a JSON object`;
  const { id, ok, error } = message;
  if (!(id === null || typeof id === 'string' || (typeof id === 'number' && Number.isInteger(id)))) return 'has no valid "id"';
  const extra = Object.keys(message).filter((k) => k !== 'id' && k !== 'ok' && k !== 'error');
  if (extra.length) return `has unknown members ${extra.map((k) => JSON.stringify(k)).join(', ')}`;
  if ((ok === undefined) === (error === undefined)) return 'must have exactly one of "ok" and "error"';
  if (ok !== undefined) {
    if (!isRecord(ok) || !Object.values(ok).every((v) => typeof v === 'string')) return '"ok" must map output names to base64 strings';
    return { id, reply: { ok: ok as Record<string, string> } };
  }
  if (!isRecord(error) || typeof error['message'] !== 'string' || !ERROR_CODES.includes(error['code'] as ErrorCode)) {
    return `"error" must be {"code": ${ERROR_CODES.map((c) => `"${c}"`).join('|')}, "message": string}`;
  }
  const policy = typeof error['policy'] === 'string' ? { policy: error['policy'] } : {};
  return { id, reply: { error: { code: error['code'] as ErrorCode, message: error['message'], ...policy } } };
}
