/**
 * Serves one of bothends' in-process adapters over the bothends adapter protocol, so that the
 * same bindings run in another Node runtime (the node24 adapter: node:crypto on OpenSSL 3.5).
 * Run with the built file: `node dist/src/adapters/node-host.js <module> <adapter id>
 * <standard…>`, where `<module>` is the adapter's file in this folder (`node-crypto`). Only the
 * standards named are served, each with the claim the adapter makes *in this runtime*, every
 * parameter listed as the protocol requires; the others are gaps. A RejectedError answers
 * `rejected`, an UnsupportedError `unsupported`, anything else `internal`.
 */
import { createInterface } from 'node:readline';
import type { Adapter } from '../core/adapter.js';
import { describeError, RejectedError, UnsupportedError } from '../core/errors.js';
import type { ByteMap, OpName, Params } from '../core/model.js';
import { STANDARD_BY_ID } from '../standards/index.js';
import type { Hello, WireClaim } from './external/protocol.js';

const [moduleName, adapterId, ...served] = process.argv.slice(2);
if (!moduleName || !adapterId || served.length === 0 || !/^[a-z0-9-]+$/.test(moduleName)) {
  process.stderr.write('usage: node-host.js <adapter module in src/adapters> <adapter id> <standard…>\n');
  process.exit(2);
}
const exports = (await import(`./${moduleName}.js`)) as Record<string, unknown>;
const adapter = Object.values(exports).find((v): v is Adapter => typeof v === 'object' && v !== null && (v as Adapter).id === adapterId);
if (!adapter) {
  process.stderr.write(`node-host: ./${moduleName}.js exports no adapter ${adapterId}\n`);
  process.exit(2);
}

/** The adapter's claim for `id` in wire form: every parameter listed, restricted or whole. */
function wireClaim(id: string): WireClaim | undefined {
  const claim = adapter!.capabilities.claims[id];
  const std = STANDARD_BY_ID.get(id);
  if (!claim || !std) return undefined;
  const params = Object.fromEntries(
    std.params.map((spec) => {
      const r = claim.params?.[spec.name];
      return [spec.name, r ? { values: r.values, reason: r.reason, ...(r.policy ? { policy: r.policy } : {}) } : { values: spec.values }];
    }),
  );
  return {
    ops: claim.ops,
    ...(claim.opsReason ? { opsReason: claim.opsReason } : {}),
    params,
    ...(claim.rejection ? { rejection: claim.rejection } : {}),
    ...(claim.refusedInputs ? { refusedInputs: claim.refusedInputs } : {}),
  };
}

const claims: Record<string, WireClaim> = {};
const gaps: Record<string, string> = {};
for (const id of served) {
  const c = wireClaim(id);
  if (c) claims[id] = c;
  else gaps[id] = adapter.capabilities.gaps[id] ?? `${adapterId} does not declare ${id}`;
}
const version = (await adapter.probe()) as { version?: string; detail?: string };
const hello: Hello = {
  protocol: 1,
  implementation: `${adapter.library} (Node ${process.versions.node})`,
  version: `${version.version ?? process.versions.node}${version.detail ? `, ${version.detail}` : ''}`,
  description: `${adapter.description}, in Node ${process.versions.node} with OpenSSL ${process.versions.openssl}`,
  variant: adapter.variant,
  claims,
  gaps,
  // How the hosted adapter resolves the intents of the standards it serves, as its descriptor declares.
  intents: Object.fromEntries(
    served
      .filter((id) => claims[id] && adapter.intents?.[id])
      .map((id) => [
        id,
        Object.fromEntries(
          Object.entries(adapter.intents![id]!).map(([iid, r]) => [
            iid,
            { call: r.call, params: r.params, ...(r.refused === undefined ? {} : { refused: r.refused }) },
          ]),
        ),
      ]),
  ),
};

const send = (message: unknown): void => {
  process.stdout.write(`${JSON.stringify(message)}\n`);
};

/** One request's answer. */
async function answer(request: {
  id: unknown;
  op: OpName;
  standard: string;
  params: Params;
  inputs: Record<string, string>;
  intent?: string;
}): Promise<unknown> {
  const { id } = request;
  try {
    // An intent request runs the operation as the resolution makes it (the call as documented).
    const table = request.intent === undefined ? adapter!.ops[request.standard] : adapter!.intents?.[request.standard]?.[request.intent]?.ops;
    if (request.intent !== undefined && !table) throw new TypeError(`no intent ${request.intent} of ${request.standard} in the hello`);
    const impl = claims[request.standard] ? table?.[request.op] : undefined;
    if (!impl) throw new UnsupportedError(gaps[request.standard] ?? `${adapterId} does not serve ${request.standard} ${request.op}`);
    const inputs: ByteMap = Object.fromEntries(Object.entries(request.inputs ?? {}).map(([k, v]) => [k, new Uint8Array(Buffer.from(v, 'base64'))]));
    const out = await impl(request.params, inputs);
    return { id, ok: Object.fromEntries(Object.entries(out).map(([k, v]) => [k, Buffer.from(v).toString('base64')])) };
  } catch (err) {
    const code =
      err instanceof RejectedError
        ? 'rejected'
        : err instanceof UnsupportedError
          ? 'unsupported'
          : err instanceof TypeError || err instanceof RangeError
            ? 'bad-request'
            : 'internal';
    return { id, error: { code, message: describeError(err) } };
  }
}

send({ hello });
for await (const line of createInterface({ input: process.stdin })) {
  if (!line.trim()) continue;
  let request: Parameters<typeof answer>[0];
  try {
    request = JSON.parse(line) as Parameters<typeof answer>[0];
  } catch (err) {
    send({ id: null, error: { code: 'bad-request', message: `not JSON: ${(err as Error).message}` } });
    continue;
  }
  send(await answer(request));
}
