/**
 * How throughput numbers are spelled in every bench output (terminal, Markdown, SVG): sizes in
 * binary units as people name buffers, rates in decimal units as `openssl speed` reports them.
 */
import type { ThroughputCell } from '../core/throughput-model.js';

/** `64 B`, `1 KiB`, `1 MiB`, `1000 B`. */
export function formatSize(bytes: number): string {
  if (bytes >= 1 << 20 && bytes % (1 << 20) === 0) return `${bytes / (1 << 20)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} B`;
}

/** Three significant digits, without exponent notation. */
function sig3(x: number): string {
  if (x === 0) return '0';
  const digits = Math.max(0, 2 - Math.floor(Math.log10(Math.abs(x))));
  return x.toFixed(Math.min(digits, 3));
}

/** A rate given in 10^6 bytes per second, in the unit that fits: `448 B/s`, `812 kB/s`, `93.4 MB/s`, `1.05 GB/s`. */
export function formatMBps(mbPerSec: number): string {
  if (mbPerSec >= 1000) return `${sig3(mbPerSec / 1000)} GB/s`;
  if (mbPerSec >= 1) return `${sig3(mbPerSec)} MB/s`;
  return mbPerSec >= 0.001 ? `${sig3(mbPerSec * 1000)} kB/s` : `${sig3(mbPerSec * 1e6)} B/s`;
}

/** Operations per second: `812 ops/s`, `93.4 k ops/s`, `1.05 M ops/s`. */
export function formatOps(opsPerSec: number): string {
  if (opsPerSec >= 1e6) return `${sig3(opsPerSec / 1e6)} M ops/s`;
  if (opsPerSec >= 1e3) return `${sig3(opsPerSec / 1e3)} k ops/s`;
  return `${sig3(opsPerSec)} ops/s`;
}

/** Parses `64`, `1k`, `1KiB`, `1M`, `1MiB` (binary multiples) into bytes; undefined when not a size. */
export function parseSize(text: string): number | undefined {
  const m = /^(\d+)\s*(b|k|kib|kb|m|mib|mb)?$/i.exec(text.trim());
  if (!m) return undefined;
  const unit = (m[2] ?? 'b').toLowerCase();
  const factor = unit.startsWith('k') ? 1024 : unit.startsWith('m') ? 1 << 20 : 1;
  const n = Number(m[1]) * factor;
  return Number.isSafeInteger(n) ? n : undefined;
}

/** How a cell is named in tables and charts: its subject, and its parameter set when it is not the standard's first. */
export function cellLabel(c: Pick<ThroughputCell, 'subject' | 'reference' | 'paramsId'>, standardParamsId: string): string {
  const name = c.reference ? `${c.subject} (reference)` : c.subject;
  return c.paramsId === standardParamsId ? name : `${name} at ${c.paramsId}`;
}
