/**
 * Matrix and negative cases for the `agreement` family: each side generates a key pair in the
 * parameter set's key encoding, both derive, and the secrets must be equal; the consumer also
 * recomputes the producer's side from the producer's secret key. Negative cases hand the
 * consumer an invalid public key (off the curve, at infinity, truncated), which it must refuse.
 */
import { bytesEqual, cappedHex } from '../bytes.js';
import type { CaseContext } from '../case.js';
import type { Params } from '../model.js';
import { rngFor } from '../rng.js';
import type { Mutation, Standard } from '../standard.js';
import { describeMismatch, step, unexpectedFailure, type Verdict } from '../step.js';
import { keyPair } from './box.js';

/** Both sides derive from each other's raw public key; the secrets must match. */
export async function agreementMatrix(ctx: CaseContext, std: Standard, params: Params, producer: string, consumer: string): Promise<Verdict> {
  const a = await keyPair(ctx, std, params, producer, 'a');
  if (!a.ok) return unexpectedFailure(a, [a.side], `producer ${producer} key generation`);
  const b = await keyPair(ctx, std, params, consumer, 'b');
  if (!b.ok) return unexpectedFailure(b, [b.side], `consumer ${consumer} key generation`);
  const sa = await step(ctx.progress, ctx.adapter(producer), std.id, 'derive', params, { secretKey: a.out['secretKey']!, publicKey: b.out['publicKey']! });
  if (!sa.ok) return unexpectedFailure(sa, [sa.side], `producer ${producer}`);
  const sb = await step(ctx.progress, ctx.adapter(consumer), std.id, 'derive', params, { secretKey: b.out['secretKey']!, publicKey: a.out['publicKey']! });
  const sides = [sa.side, sb.side];
  if (!sb.ok) return unexpectedFailure(sb, sides, `consumer ${consumer}`);
  ctx.progress.stage = 'compare';
  if (!bytesEqual(sa.out['sharedSecret']!, sb.out['sharedSecret']!)) {
    return { outcome: 'fail', failure: 'wrong-output', stage: 'compare', sides, message: describeMismatch('shared secret', sa.out['sharedSecret']!, sb.out['sharedSecret']!) };
  }
  // The consumer, given the producer's secret key, must compute the very same value.
  const again = await step(ctx.progress, ctx.adapter(consumer), std.id, 'derive', params, { secretKey: a.out['secretKey']!, publicKey: b.out['publicKey']! });
  if (!again.ok) return unexpectedFailure(again, [sa.side, again.side], `consumer ${consumer} importing ${producer}'s secret key`);
  if (!bytesEqual(again.out['sharedSecret']!, sa.out['sharedSecret']!)) {
    return { outcome: 'fail', failure: 'wrong-output', stage: 'compare', sides: [sa.side, again.side], message: describeMismatch(`${consumer}'s derivation from ${producer}'s secret key`, sa.out['sharedSecret']!, again.out['sharedSecret']!) };
  }
  const format = params['keyFormat'] === undefined ? 'raw' : String(params['keyFormat']);
  return { outcome: 'pass', sides, message: `public and secret keys exchanged as ${format} both ways; both derive the same secret` };
}

/**
 * The consumer derives with the producer's public key after `mutation` altered it; it must
 * refuse. A control derivation with the unaltered key runs first, once per pair: if even
 * that fails, the pair does not interoperate (see its matrix cell) and the case is skipped.
 */
export async function agreementNegative(ctx: CaseContext, std: Standard, params: Params, producer: string, consumer: string, mutation: Mutation, caseId: string): Promise<Verdict> {
  const a = await keyPair(ctx, std, params, producer, 'a');
  if (!a.ok) return unexpectedFailure(a, [a.side], `producer ${producer} key generation`);
  const b = await keyPair(ctx, std, params, consumer, 'b');
  if (!b.ok) return unexpectedFailure(b, [b.side], `consumer ${consumer} key generation`);
  const clean = { secretKey: b.out['secretKey']!, publicKey: a.out['publicKey']! };
  const control = await ctx.memo(`ctl-derive|${producer}|${consumer}|${std.id}|${std.paramsId(params)}`, () =>
    step(ctx.progress, ctx.adapter(consumer), std.id, 'derive', params, clean),
  );
  if (!control.ok) {
    return { outcome: 'skipped', sides: [a.side, control.side], message: `control failed: ${consumer} does not derive from ${producer}'s untouched public key (${control.side.message}), so an altered key proves nothing; see the matrix cell` };
  }
  const tampered = mutation.apply(clean, std.sizes(params), rngFor(ctx.seed, caseId));
  if (!tampered) return { outcome: 'unsupported', sides: [a.side], message: `the ${String(params['keyFormat'])} encoding cannot express this key (${mutation.description})` };
  const c = await step(ctx.progress, ctx.adapter(consumer), std.id, 'derive', params, tampered);
  const sides = [a.side, c.side];
  if (c.ok) {
    return {
      outcome: 'fail',
      failure: 'accepted-invalid',
      stage: 'derive',
      sides,
      message: `SECURITY: ${consumer} derived ${cappedHex(c.out['sharedSecret']!, 16)} from an invalid public key (${mutation.description}): the invalid-curve attack recovers secret keys this way`,
    };
  }
  if (c.why === 'rejected') return { outcome: 'pass', sides, message: `rejected: ${mutation.description}` };
  return unexpectedFailure(c, sides, `consumer ${consumer}`);
}
