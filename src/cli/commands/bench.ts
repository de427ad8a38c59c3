/**
 * `bothends bench`: throughput of every installed adapter for every standard it claims, with
 * `openssl speed` as the reference ceiling; a table on the terminal and bench.json, bench.md
 * and bench.html (inline SVG chart) in --out. Exit 0, or 1 when an adapter failed a claimed
 * operation, 2 on a usage error.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { DEFAULT_ADAPTERS } from '../../adapters/index.js';
import { configuredExternalAdapters } from '../../adapters/external.js';
import { ConfigError } from '../../core/errors.js';
import { renderTerminal, renderThroughputHtml, renderThroughputMarkdown } from '../../report/throughput-render.js';
import type { ThroughputCell, ThroughputData } from '../../core/throughput-model.js';
import { measureThroughput } from '../../throughput/throughput.js';
import { formatSize, parseSize } from '../../report/units.js';
import { STANDARDS } from '../../standards/index.js';
import { pickAdapters, pickStandards, positiveInt, shown, splitList, timeoutOption } from '../options.js';

interface BenchFlags {
  standard?: string[];
  adapter?: string[];
  sizes?: string[];
  time: string;
  reference: boolean;
  referenceSeconds: string;
  out: string;
  seed: string;
  external?: string[];
  adaptersConfig?: string;
  quiet?: boolean;
}

const DEFAULT_SIZES = ['64', '1KiB', '1MiB'];

/** Message sizes from --sizes, each a positive byte count. */
export function pickSizes(list: readonly string[]): number[] {
  const sizes = (list.length ? list : DEFAULT_SIZES).map((s) => {
    const n = parseSize(s);
    if (n === undefined || n < 1) throw new ConfigError(`--sizes takes byte counts such as 64, 1KiB, 1MiB, not "${s}"`);
    return n;
  });
  return [...new Set(sizes)];
}

/** Writes each file to a temporary name first, then renames it over the old one. */
async function writeAtomically(dir: string, files: ReadonlyArray<readonly [string, string]>): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const [name, text] of files) {
    const path = join(dir, name);
    const temp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await writeFile(temp, text, { encoding: 'utf8', flag: 'wx' });
      await rename(temp, path);
    } finally {
      await rm(temp, { force: true });
    }
    written.push(path);
  }
  return written;
}

function progress(quiet: boolean): (c: ThroughputCell) => void {
  return (c) => {
    if (quiet) return;
    const size = c.size === null ? 'per op' : formatSize(c.size);
    process.stderr.write(`bothends bench: ${c.subject} ${c.standard} ${size}: ${c.status}\n`);
  };
}

/** Writes bench.json, bench.md and bench.html into `dir`; returns the paths. */
export function writeThroughput(data: ThroughputData, dir: string): Promise<string[]> {
  return writeAtomically(dir, [
    ['bench.json', `${JSON.stringify(data, null, 2)}\n`],
    ['bench.md', renderThroughputMarkdown(data)],
    ['bench.html', renderThroughputHtml(data)],
  ]);
}

async function benchCommand(flags: BenchFlags): Promise<number> {
  const standards = pickStandards(splitList(flags.standard), STANDARDS).filter((s) => s.matrix.length > 0);
  const external = configuredExternalAdapters(
    { ...(flags.external ? { external: flags.external } : {}), ...(flags.adaptersConfig ? { config: flags.adaptersConfig } : {}) },
    DEFAULT_ADAPTERS.map((a) => a.id),
  );
  const adapters = pickAdapters(splitList(flags.adapter), [...DEFAULT_ADAPTERS, ...external]);
  const sizes = pickSizes(splitList(flags.sizes));
  const timeBoxMs = timeoutOption('--time', flags.time);
  const referenceSeconds = flags.reference ? positiveInt('--reference-seconds', flags.referenceSeconds) : 0;
  let data: ThroughputData;
  try {
    data = await measureThroughput({ adapters, standards, sizes, timeBoxMs, seed: flags.seed, referenceSeconds, onCell: progress(flags.quiet ?? false) });
  } finally {
    await Promise.all(adapters.map((a) => a.dispose?.())); // external adapter processes
  }
  process.stdout.write(renderTerminal(data));
  for (const p of await writeThroughput(data, resolve(flags.out))) process.stdout.write(`wrote ${shown(p)}\n`);
  return data.cells.some((c) => c.status === 'error') ? 1 : 0;
}

/** Registers `bench`. */
export function registerBench(program: Command, setCode: (code: number) => void): void {
  program
    .command('bench')
    .description('measure throughput (MB/s and operations per second) of every installed adapter, with openssl speed as reference')
    .option('-s, --standard <ids...>', 'standards to measure (default: all)')
    .option('-a, --adapter <ids...>', 'adapters to measure (default: all)')
    .option('--sizes <sizes...>', 'message sizes (default: 64 1KiB 1MiB)')
    .option('--time <ms>', 'time box of each cell in milliseconds', '200')
    .option('--no-reference', 'do not run openssl speed')
    .option('--reference-seconds <n>', 'seconds per openssl speed run', '1')
    .option('-o, --out <dir>', 'directory for bench.json, bench.md and bench.html', join('reports', 'throughput'))
    .option('--seed <seed>', 'seed for generated inputs', 'bothends')
    .option('--external <name=command...>', 'also measure an adapter that speaks the bothends adapter protocol (see docs/adapter-protocol.md)')
    .option('--adapters-config <file>', 'also measure the external adapters listed in a JSON file')
    .option('-q, --quiet', 'no progress on stderr')
    .action(async (flags: BenchFlags) => setCode(await benchCommand(flags)));
}
