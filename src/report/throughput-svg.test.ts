import { describe, expect, it } from 'vitest';
import type { ThroughputCell, ThroughputData } from '../core/throughput-model.js';
import { renderThroughputSvg } from './throughput-svg.js';

/**
 * A strict little XML well-formedness check: every tag closed in order, attribute values
 * quoted, no raw `<` or `&` outside markup and entities. Enough for generated SVG. The last
 * alternative matches any `<` no other does, so the scan always reaches the end.
 */
function wellFormed(xml: string): string | undefined {
  const stack: string[] = [];
  const token = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|([^<]+)|(<)/gy;
  let m: RegExpExecArray | null;
  let roots = 0;
  while ((m = token.exec(xml)) !== null) {
    const [, closing, name, , selfClosing, text, stray] = m;
    if (stray) return `stray < at ${m.index}`;
    if (text !== undefined) {
      if (/&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[\da-fA-F]+);)/.test(text)) return `raw & in text at ${m.index}`;
      if (stack.length === 0 && text.trim()) return `text outside the root at ${m.index}`;
      continue;
    }
    if (closing) {
      if (stack.pop() !== name) return `</${name}> closes the wrong element at ${m.index}`;
    } else if (!selfClosing) {
      if (stack.length === 0) roots++;
      stack.push(name!);
    } else if (stack.length === 0) roots++;
  }
  if (stack.length) return `unclosed <${stack.at(-1)}>`;
  return roots === 1 ? undefined : `${roots} root elements`;
}

function cell(subject: string, size: number | null, opsPerSec: number, extra: Partial<ThroughputCell> = {}): ThroughputCell {
  return {
    subject,
    reference: false,
    standard: 'aes-gcm',
    paramsId: 'k128-iv12-t16',
    op: 'encrypt',
    size,
    status: 'measured',
    ops: Math.round(opsPerSec / 5),
    seconds: 0.2,
    opsPerSec,
    ...(size === null ? {} : { mbPerSec: (opsPerSec * size) / 1e6 }),
    ...extra,
  };
}

function data(cells: ThroughputCell[], subjects = [...new Set(cells.map((c) => c.subject))]): ThroughputData {
  return {
    schemaVersion: 1,
    startedAt: '2026-11-22T00:00:00.000Z',
    durationMs: 1,
    environment: { node: 'v20', openssl: '3', platform: 'linux', arch: 'x64', cpus: 2, cpuModel: 'cpu' },
    timeBoxMs: 200,
    sizes: [64, 1024],
    seed: 's',
    subjects: subjects.map((id) => ({ id, library: id, kind: 'in-process', version: '1', available: true })),
    standards: [
      { id: 'aes-gcm', title: 'AES-GCM', paramsId: 'k128-iv12-t16', params: {} },
      { id: 'x25519', title: 'X25519', paramsId: 'X25519', params: {} },
    ],
    cells,
  };
}

const HOSTILE = `evil"<script>alert('x')</script>&amp;`;

describe('throughput SVG', () => {
  const sample = data([
    cell('node-crypto', 64, 100_000),
    cell('node-forge', 64, 5_000),
    cell('node-crypto', 1024, 90_000),
    cell(HOSTILE, 1024, 10),
    cell('openssl speed', 64, 2_000_000, { reference: true }),
    cell('node-crypto', null, 2_000, { standard: 'x25519', paramsId: 'X25519', op: 'derive' }),
    cell('webcrypto', 64, 0, { status: 'error', message: 'boom' }),
  ]);
  const svg = renderThroughputSvg(sample);

  it('the checker itself rejects broken markup', () => {
    expect(wellFormed('<svg><g></svg>')).toBeDefined();
    expect(wellFormed('<svg>a < b</svg>')).toBeDefined();
    expect(wellFormed('<svg>a & b</svg>')).toBeDefined();
    expect(wellFormed('<svg x=1></svg>')).toBeDefined();
    expect(wellFormed('<svg></svg><svg></svg>')).toBeDefined();
    expect(wellFormed('<svg a="1"><title>a &amp; b</title><rect/></svg>')).toBeUndefined();
  });

  it('is one well-formed <svg> element', () => {
    expect(wellFormed(svg)).toBeUndefined();
    expect(svg.startsWith('<svg ')).toBe(true);
  });

  it('escapes implementation names and never emits their markup', () => {
    expect(svg).not.toContain('<script');
    expect(svg).toContain('evil&quot;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;amp;');
  });

  it('refers to nothing outside itself', () => {
    expect(svg).not.toMatch(/https?:|url\(|href|xmlns|<image|<foreignObject|<use|<script|@import/i);
  });

  it('draws one bar per measured cell, longer for faster, the reference in grey, and no bar for failures', () => {
    const bars = [...svg.matchAll(/<rect x="\d+" y="[\d.]+" width="([\d.]+)" height="\d+" fill="(#[0-9A-Fa-f]{6})"><title>([^<]*)<\/title>/g)];
    expect(bars).toHaveLength(6);
    const width = (who: string, size: string): number => Number(bars.find((b) => b[3]!.startsWith(who) && b[3]!.includes(size))![1]);
    expect(width('node-crypto', '6.40 MB/s')).toBeGreaterThan(width('node-forge', '320 kB/s'));
    expect(bars.find((b) => b[3]!.startsWith('openssl speed'))![2]).toBe('#999999');
    expect(svg).not.toContain('webcrypto');
    expect(svg).toContain('x25519 · X25519 — derive, operations per second (log scale)');
  });

  it('says so when nothing was measured', () => {
    const empty = renderThroughputSvg(data([cell('a', 64, 1, { status: 'unsupported' })]));
    expect(wellFormed(empty)).toBeUndefined();
    expect(empty).toContain('no measured cells');
  });
});
