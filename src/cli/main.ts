#!/usr/bin/env node
/** Entry point of the `bothends` command. */
import { describeError } from '../core/errors.js';
import { main } from './program.js';

process.on('unhandledRejection', (reason) => {
  // An adapter's stray promise must not end the run: say so and go on.
  process.stderr.write(`bothends: warning: unhandled rejection from an adapter: ${describeError(reason)}\n`);
});

process.exitCode = await main(process.argv.slice(2));
