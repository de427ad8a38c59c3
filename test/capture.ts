/**
 * The stdout/stderr capture the CLI tests share: `captureOutput()` registers, in the suite that
 * calls it, hooks that before each test empty {@link out} and {@link err} and route
 * `process.stdout.write` and `process.stderr.write` into them, and after each test restore every
 * mock. `out` and `err` are live bindings: import them and read them after the command ran.
 */
import { afterEach, beforeEach, vi } from 'vitest';

/** What the command under test wrote on stdout since the test began. */
export let out = '';
/** What the command under test wrote on stderr since the test began. */
export let err = '';

/** Captures stdout and stderr around each test of the calling suite (or file, at top level). */
export function captureOutput(): void {
  beforeEach(() => {
    out = '';
    err = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
  });
  afterEach(() => vi.restoreAllMocks());
}
