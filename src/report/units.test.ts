import { describe, expect, it } from 'vitest';
import { ageCli } from '../adapters/age-cli.js';
import { gosop, sqop } from '../adapters/sop/sop.js';
import { STANDARD_BY_ID } from '../standards/index.js';
import { benchParams } from '../throughput/throughput.js';
import { cellLabel, formatMBps, formatOps, formatSize, parseSize } from './units.js';

describe('bench units', () => {
  it('parses sizes in bytes and binary multiples, and nothing else', () => {
    expect(['64', '1k', '1KiB', '1M', '1MiB', '1000'].map(parseSize)).toEqual([64, 1024, 1024, 1 << 20, 1 << 20, 1000]);
    expect(['', 'x', '-1', '1.5k', '1G'].map(parseSize)).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });

  it('spells sizes and rates the way the tables show them', () => {
    expect([64, 1024, 1 << 20, 1000].map(formatSize)).toEqual(['64 B', '1 KiB', '1 MiB', '1000 B']);
    expect([0, 0.000448, 0.0123, 0.8123, 1, 93.44, 1054, 5000].map(formatMBps)).toEqual([
      '0 B/s',
      '448 B/s',
      '12.3 kB/s',
      '812 kB/s',
      '1.00 MB/s',
      '93.4 MB/s',
      '1.05 GB/s',
      '5.00 GB/s',
    ]);
    expect([812, 93_440, 1_054_000].map(formatOps)).toEqual(['812 ops/s', '93.4 k ops/s', '1.05 M ops/s']);
  });
});

describe('the parameter set each adapter is measured at', () => {
  const openpgp = STANDARD_BY_ID.get('openpgp')!;
  const ageScrypt = STANDARD_BY_ID.get('age-scrypt')!;

  it("is the standard's first when the adapter claims it, else the first it claims, with the reason", () => {
    expect(benchParams(sqop, openpgp)).toEqual({ params: openpgp.matrix[0] });
    // gosop's SOP generate-key makes RSA keys only: measured at an RSA parameter set, and says why.
    const g = benchParams(gosop, openpgp);
    expect(g.params['keyAlgo']).toBe('rsa2048');
    expect(g.note).toMatch(new RegExp(`^measured at ${openpgp.paramsId(g.params)}, not ${openpgp.paramsId(openpgp.matrix[0]!)}: keyAlgo=`));
    // The age CLI encrypts at scrypt work factor 18 only.
    expect(benchParams(ageCli, ageScrypt).params['workFactor']).toBe(18);
  });

  it('names a cell by its parameter set when that is not the standard’s', () => {
    expect(cellLabel({ subject: 'sqop', reference: false, paramsId: 'p1' }, 'p1')).toBe('sqop');
    expect(cellLabel({ subject: 'gosop', reference: false, paramsId: 'p2' }, 'p1')).toBe('gosop at p2');
    expect(cellLabel({ subject: 'openssl', reference: true, paramsId: 'p1' }, 'p1')).toBe('openssl (reference)');
  });
});
