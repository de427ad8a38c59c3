/**
 * The `bothends` command tree. The engine returns data; this edge decides exit codes:
 * 0 all expectations met, 1 unexpected outcomes, 2 usage, configuration or vector errors.
 * Each command lives in its own file under commands/ and registers itself here.
 */
import { Command, CommanderError } from 'commander';
import { ConfigError, describeError } from '../core/errors.js';
import { suiteVersion } from '../core/paths.js';
import { registerAdapter } from './commands/adapter.js';
import { registerBench } from './commands/bench.js';
import { registerCompare } from './commands/compare.js';
import { registerExplain } from './commands/explain.js';
import { registerFuzz } from './commands/fuzz.js';
import { registerList } from './commands/list.js';
import { registerRender } from './commands/render.js';
import { registerRun } from './commands/run.js';
import { guardTerminal } from './terminal.js';

/** Every command, in help order. */
const COMMANDS: ReadonlyArray<(program: Command, setCode: (code: number) => void) => void> = [
  registerRun,
  registerList,
  registerRender,
  registerExplain,
  registerCompare,
  registerBench,
  registerAdapter,
  registerFuzz,
];

/** Builds the command tree; `setCode` receives the exit code of the command that ran. */
export function buildProgram(setCode: (code: number) => void): Command {
  const program = new Command('bothends')
    .description('Interoperability test suite for encryption standards: every producer against every consumer.')
    .version(suiteVersion())
    .exitOverride()
    .showHelpAfterError();
  for (const register of COMMANDS) register(program, setCode);
  return program;
}
/** Runs the CLI with `argv` (user arguments only) and returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  let code = 0;
  const program = buildProgram((c) => (code = c));
  const unguard = guardTerminal();
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    if (err instanceof ConfigError) {
      process.stderr.write(`bothends: ${err.message}\n`);
      return 2;
    }
    process.stderr.write(`bothends: internal error: ${describeError(err)}\n`);
    return 2;
  } finally {
    unguard();
  }
}
