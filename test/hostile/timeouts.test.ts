/**
 * Item 12 of the hostile-input issue: a time budget above 2^31 - 1 ms became 1 ms in Node's
 * timers, so every case timed out at once. Flags and configuration files refuse such values
 * and say why; a timer set from a budget is clamped to what a timer can wait.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configuredExternalAdapters } from '../../src/adapters/external.js';
import { Connection } from '../../src/adapters/external/connection.js';
import { main } from '../../src/cli/program.js';
import { ConfigError } from '../../src/core/errors.js';
import { projectPath } from '../../src/core/paths.js';
import { captureOutput, err } from '../capture.js';
import { tempDir } from './helpers.js';

captureOutput();
const fake = projectPath('test', 'hostile', 'fixtures', 'hostile-adapter.mjs');
const dir = tempDir('timeouts');

describe('time budgets beyond what a timer can wait', () => {
  it.each([
    [['run', '--timeout', '3000000000']],
    [['fuzz', '--timeout', '1e300']],
    [['adapter', 'check', '--timeout', '3000000000', '--', process.execPath, fake, 'slow']],
    [['bench', '--time', '2147483648']],
  ])('%j is refused with the limit (exit 2)', async (argv) => {
    expect(await main(argv)).toBe(2);
    expect(err).toMatch(/takes (at most 2147483647 ms|a positive integer)/);
  });

  it('an adapters configuration with "timeoutMs": 1e300 is refused, naming the file and the member', () => {
    const file = join(dir, 'adapters.json');
    writeFileSync(file, '{"adapters": [{"id": "acme", "command": ["acme"], "timeoutMs": 1e300}]}');
    expect(() => configuredExternalAdapters({ config: file }, [])).toThrow(ConfigError);
    expect(() => configuredExternalAdapters({ config: file }, [])).toThrow(
      /adapters\.json: not an adapters configuration: at \/adapters\/0\/timeoutMs: must be <= 2147483647/,
    );
  });

  it('a connection given a budget beyond the limit waits for the answer instead of timing out at once', async () => {
    const c = new Connection({
      name: 'slow',
      command: { file: process.execPath, args: [fake, 'slow'] },
      requestTimeoutMs: 1e300,
      helloTimeoutMs: 1e300,
      maxStarts: 1,
    });
    try {
      const reply = await c.request({ op: 'decrypt', standard: 'aes-gcm', params: { keyBits: 128, ivBytes: 12, tagBytes: 16 }, inputs: {} }, 'decrypt');
      expect(reply).toEqual({ error: { code: 'rejected', message: 'no' } });
    } finally {
      await c.close();
    }
  });
});
