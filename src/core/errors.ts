/**
 * Typed errors. Every error the harness raises or classifies carries a stable `code`
 * and, where known, the `stage` it happened in.
 */

import type { OperationStage } from './operations.js';

/** The stages of a case that belong to the harness, not to an operation. */
export const HARNESS_STAGES = ['load-vector', 'probe', 'import-key', 'compare', 'render', 'config'] as const;

/** Where in a case something happened: a harness stage, or the stage of an operation its family declares. */
export type Stage = (typeof HARNESS_STAGES)[number] | OperationStage;

/** Base class: a stable machine-readable `code` plus the usual message and cause. */
export class BothendsError extends Error {
  readonly code: string;
  readonly stage: Stage | undefined;
  constructor(code: string, message: string, options: { stage?: Stage; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.stage = options.stage;
  }
}

/**
 * The implementation refused the input, as it must for a forged or malformed ciphertext.
 * Adapters throw it where their library signals rejection (a false return, a null, an
 * authentication exception). Rejections are not asked why: indistinguishable failure is correct.
 */
export class RejectedError extends BothendsError {
  constructor(message = 'rejected', cause?: unknown) {
    super('REJECTED', message, { cause });
  }
}

/**
 * The implementation cannot express this operation or parameter set. `policy` names the
 * knob when the refusal is a deliberate policy of the library or platform, not a gap.
 */
export class UnsupportedError extends BothendsError {
  readonly policy: string | undefined;
  constructor(message: string, options: { policy?: string; cause?: unknown } = {}) {
    super('UNSUPPORTED', message, { cause: options.cause });
    this.policy = options.policy;
  }
}

/** A case exceeded its time budget. */
export class TimeoutError extends BothendsError {
  constructor(ms: number, stage?: Stage) {
    super('TIMEOUT', `timed out after ${ms} ms`, stage === undefined ? {} : { stage });
  }
}

/** Bad configuration, bad CLI argument or a malformed vector file: exit code 2 territory. */
export class ConfigError extends BothendsError {
  readonly file: string | undefined;
  readonly path: string | undefined;
  constructor(message: string, options: { file?: string; path?: string; cause?: unknown } = {}) {
    super('CONFIG', ConfigError.format(message, options), { stage: 'config', cause: options.cause });
    this.file = options.file;
    this.path = options.path;
  }
  private static format(message: string, o: { file?: string; path?: string }): string {
    const where = [o.file, o.path].filter(Boolean).join(' at ');
    return where ? `${where}: ${message}` : message;
  }
}

/**
 * A short, one-line description of anything thrown, for a report cell: its name, message and
 * the message of its cause, unless the message already quotes it (a wrapper that says what it
 * wraps, as `rejecting` does).
 */
export function describeError(err: unknown): string {
  if (err instanceof Error) {
    const name = err.name && err.name !== 'Error' ? `${err.name}: ` : '';
    const text = err.message || '(empty message)';
    const said = err.cause instanceof Error ? err.cause.message || err.cause.name : undefined;
    const cause = said === undefined || text.includes(said) ? '' : ` (cause: ${said})`;
    return `${name}${text}${cause}`.slice(0, 500);
  }
  return `non-Error thrown: ${String(err)}`.slice(0, 500);
}
