/**
 * Matrix cases for the `agreement` family: each side generates a key pair, both derive,
 * and the secrets must be equal; the consumer also recomputes the producer's side.
 */
import { bytesEqual } from '../bytes.js';
import type { CaseContext } from '../case.js';
import type { Params } from '../model.js';
import type { Standard } from '../standard.js';
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
  return { outcome: 'pass', sides, message: 'raw 32-byte keys exchanged both ways; both derive the same secret' };
}
