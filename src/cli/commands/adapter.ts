/**
 * `bothends adapter check [--id NAME] -- COMMAND…`: tells a vendor whether their program
 * conforms to the bothends adapter protocol and does what its hello claims. Exit code 0 when
 * it conforms, 1 when it does not, 2 on a usage error.
 */
import type { Command } from 'commander';
import { CONNECTION_DEFAULTS } from '../../adapters/external/connection.js';
import { checkAdapter, type CheckItem, type CheckReport } from '../../adapters/external/conformance.js';
import { ConfigError } from '../../core/errors.js';
import { STANDARDS } from '../../standards/index.js';
import { DEFAULT_VECTORS_DIR, loadVectorDir } from '../../vectors/load.js';
import { addExpectationOptions, existingDir, expectationsFrom, pickStandards, positiveInt, splitList, timeoutOption } from '../options.js';

interface CheckFlags {
  id: string;
  standard?: string[];
  vectors?: string;
  expectations?: string[];
  projectExpectations?: boolean;
  seed: string;
  timeout: string;
  json?: boolean;
}

const ID = /^[a-z0-9]+([-.:][a-z0-9]+)*$/;

function printItem(i: CheckItem): void {
  process.stdout.write(`  ${i.ok ? '✓' : '✗'} ${i.name}: ${i.detail}\n`);
  for (const p of i.problems ?? []) process.stdout.write(`      - ${p}\n`);
}

function printVerdict(r: CheckReport): void {
  const out = (s: string): boolean => process.stdout.write(`${s}\n`);
  for (const n of r.notes) out(`  note: ${n}`);
  const tail = r.stderr.trim().split('\n').slice(-5).join('\n    ');
  if (!r.conforms && tail) out(`  stderr (last lines):\n    ${tail}`);
  const failed = r.items.filter((i) => !i.ok).length;
  out(
    r.conforms
      ? `VERDICT: ${r.adapter} conforms (${r.items.length} checks passed)`
      : `VERDICT: ${r.adapter} does NOT conform (${failed} of ${r.items.length} checks failed)`,
  );
}

async function checkCommand(command: string[], flags: CheckFlags): Promise<number> {
  const [file, ...args] = command;
  if (!file) throw new ConfigError('adapter check needs the adapter command after --, e.g. bothends adapter check -- /usr/bin/python3 my_adapter.py');
  if (!ID.test(flags.id)) throw new ConfigError(`--id takes lower-case letters, digits and - . :, not "${flags.id}"`);
  const requestTimeoutMs = timeoutOption('--timeout', flags.timeout);
  const standards = pickStandards(splitList(flags.standard), STANDARDS);
  const loaded = loadVectorDir(flags.vectors ? existingDir('--vectors', flags.vectors) : DEFAULT_VECTORS_DIR);
  const expectations = expectationsFrom(flags).entries;
  if (!flags.json) process.stdout.write(`bothends adapter check: ${flags.id} = ${command.join(' ')}\n`);
  const report = await checkAdapter(
    { id: flags.id, command: { file, args }, requestTimeoutMs },
    { standards, vectors: loaded.files, expectations, seed: flags.seed, ...(flags.json ? {} : { onItem: printItem }) },
  );
  if (flags.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else printVerdict(report);
  return report.conforms ? 0 : 1;
}

/** Registers `adapter check`. */
export function registerAdapter(program: Command, setCode: (code: number) => void): void {
  const adapter = program.command('adapter').description('external adapters: the bothends adapter protocol (docs/adapter-protocol.md)');
  const check = adapter
    .command('check')
    .description('check that an external adapter conforms: handshake, claims, known answers, tampering, bad requests, concurrency, shutdown')
    .argument('<command...>', 'the adapter program and its arguments, after --')
    .option('--id <name>', 'adapter id to check under; known deviations in the expectations file are matched by it', 'external')
    .option('-s, --standard <ids...>', 'only these standards (default: all)')
    .option('--vectors <dir>', "vector files directory (default: the project's vectors/)")
    .option('--seed <seed>', 'seed for generated inputs', 'bothends')
    .option('--timeout <ms>', 'time budget per request in milliseconds', String(CONNECTION_DEFAULTS.requestTimeoutMs))
    .option('--json', 'print the verdict as JSON');
  addExpectationOptions(check).action(async (command: string[], flags: CheckFlags) => setCode(await checkCommand(command, flags)));
}
