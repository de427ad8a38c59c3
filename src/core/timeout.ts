/**
 * The one default time budget, in milliseconds: of a case (`run --timeout`), and of one request
 * to an external adapter (`timeoutMs` in an adapters configuration, `adapter check --timeout`;
 * key generation gets four times as much). Every default that a user sees is this constant.
 */
export const DEFAULT_TIMEOUT_MS = 60_000;
