/**
 * Item 9 of the hostile-input issue: an external adapter that floods stdout without a newline.
 * Reading it was quadratic (100 MB took 295 s and 1.9 GB) and repeated on every restart. Now the
 * output is scanned once, a line over the cap kills the process with "line longer than N", and
 * after a second flood the adapter is given up instead of restarted again.
 */
import { describe, expect, it } from 'vitest';
import { Connection, MAX_LINE } from '../../src/adapters/external/connection.js';
import { projectPath } from '../../src/core/paths.js';

const fake = projectPath('test', 'hostile', 'fixtures', 'hostile-adapter.mjs');
const request = { op: 'decrypt', standard: 'aes-gcm', params: { keyBits: 128, ivBytes: 12, tagBytes: 16 }, inputs: {} } as const;

describe('a stdout flood', () => {
  it('100 MB without a newline: the request is an error naming the cap, and the flooding stops after two processes', async () => {
    const c = new Connection({
      name: 'flood',
      command: { file: process.execPath, args: [fake, 'flood', '100'] },
      requestTimeoutMs: 50_000,
      helloTimeoutMs: 10_000,
      maxStarts: 25,
    });
    try {
      await expect(c.request(request, 'decrypt')).rejects.toMatchObject({
        code: 'ADAPTER_GARBAGE',
        message: expect.stringContaining(`wrote a line longer than ${MAX_LINE} characters`),
        stage: 'decrypt',
      });
      await expect(c.request(request, 'decrypt')).rejects.toMatchObject({ code: 'ADAPTER_GARBAGE' });
      await expect(c.request(request, 'decrypt')).rejects.toMatchObject({
        code: 'ADAPTER_GAVE_UP',
        message: expect.stringMatching(/wrote a line over the cap 2 times, not restarting again/),
      });
      expect(c.started).toBe(2);
    } finally {
      await c.close();
    }
  }, 60_000);

  it('the cap is an option: a line over a smaller cap is refused', async () => {
    const c = new Connection({
      name: 'flood',
      command: { file: process.execPath, args: [fake, 'flood', '2'] },
      requestTimeoutMs: 20_000,
      helloTimeoutMs: 10_000,
      maxStarts: 1,
      maxLine: 1024 * 1024,
    });
    try {
      await expect(c.request(request, 'decrypt')).rejects.toMatchObject({ message: expect.stringContaining('wrote a line longer than 1048576 characters') });
    } finally {
      await c.close();
    }
  });
});
