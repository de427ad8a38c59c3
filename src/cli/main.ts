#!/usr/bin/env node
/** Entry point of the `bothends` command. */
import { describeError } from '../core/errors.js';
import { main } from './program.js';
import { runInterruptCleanups } from '../core/interrupt.js';

process.on('unhandledRejection', (reason) => {
  // An adapter's stray promise must not end the run: say so and go on.
  process.stderr.write(`bothends: warning: unhandled rejection from an adapter: ${describeError(reason)}\n`);
});

// Interrupted: stop adapter processes and daemons, remove private temp dirs, keep the finished
// results (results.ndjson.partial), and exit 128 + the signal's number. A second signal while
// cleaning up ends the process at once.
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const) {
  process.once(signal, () => {
    process.stderr.write(`bothends: ${signal}: stopping; cleaning up (send it again to quit at once)\n`);
    void runInterruptCleanups(10_000).finally(() => process.exit(code));
  });
}

process.exitCode = await main(process.argv.slice(2));
