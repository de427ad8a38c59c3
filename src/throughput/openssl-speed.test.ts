import { describe, expect, it } from 'vitest';
import { STANDARD_BY_ID } from '../standards/index.js';
import { parseSpeedOutput, speedCipher } from './openssl-speed.js';

/** `openssl speed -mr -evp aes-128-gcm -seconds 1 -bytes 1024`, stdout and stderr together (OpenSSL 3.0.19). */
const MACHINE = `+DT:AES-128-GCM:1:1024
+R:947735:AES-128-GCM:0.990000
version: 3.0.19
+H:1024
+F:25:AES-128-GCM:980283474.75
`;

/** Without -bytes: six sizes in one +F line. */
const MACHINE_SIX = `+R:1000:ChaCha20-Poly1305:1.000000
+R:900:ChaCha20-Poly1305:1.000000
+H:16:64
+F:25:ChaCha20-Poly1305:16000.00:57600.00
`;

/** The human-readable form. */
const HUMAN = `Doing AES-128-GCM for 1s on 64 size blocks: 1639374 AES-128-GCM's in 0.99s
version: 3.0.19
The 'numbers' are in 1000s of bytes per second processed.
type             64 bytes
AES-128-GCM     105979.73k
`;

describe('openssl speed output', () => {
  it('reads the machine-readable form: size, bytes per second, count and seconds', () => {
    expect(parseSpeedOutput(MACHINE)).toEqual([{ name: 'AES-128-GCM', blockBytes: 1024, bytesPerSecond: 980283474.75, ops: 947735, seconds: 0.99 }]);
  });

  it('pairs each size of a multi-size +F line with its +R count', () => {
    expect(parseSpeedOutput(MACHINE_SIX)).toEqual([
      { name: 'ChaCha20-Poly1305', blockBytes: 16, bytesPerSecond: 16000, ops: 1000, seconds: 1 },
      { name: 'ChaCha20-Poly1305', blockBytes: 64, bytesPerSecond: 57600, ops: 900, seconds: 1 },
    ]);
  });

  it('reads the human-readable form from its "Doing" line', () => {
    const [s] = parseSpeedOutput(HUMAN);
    expect(s).toMatchObject({ name: 'AES-128-GCM', blockBytes: 64, ops: 1639374, seconds: 0.99 });
    expect(s!.bytesPerSecond).toBeCloseTo((1639374 * 64) / 0.99, 3);
  });

  it('finds nothing in an error message or garbage', () => {
    expect(parseSpeedOutput('speed: Unknown algorithm aes-999-gcm\n')).toEqual([]);
    expect(parseSpeedOutput('+F:25:X:notanumber\n+H:\n')).toEqual([]);
    expect(parseSpeedOutput('')).toEqual([]);
  });
});

describe('openssl speed ciphers', () => {
  const std = (id: string) => STANDARD_BY_ID.get(id)!;

  it('names the EVP cipher only for the parameter sets openssl speed runs exactly', () => {
    expect(speedCipher(std('aes-gcm'), { keyBits: 256, ivBytes: 12, tagBytes: 16 })).toEqual({ cipher: 'aes-256-gcm' });
    expect(speedCipher(std('aes-gcm'), { keyBits: 128, ivBytes: 8, tagBytes: 16 })).toHaveProperty('none');
    expect(speedCipher(std('aes-gcm'), { keyBits: 128, ivBytes: 12, tagBytes: 12 })).toHaveProperty('none');
    expect(speedCipher(std('aes-ctr'), { keyBits: 128, counterBits: 32 })).toHaveProperty('none');
    expect(speedCipher(std('chacha20-poly1305'), std('chacha20-poly1305').matrix[0]!)).toEqual({ cipher: 'chacha20-poly1305' });
  });

  it('gives a reason for standards openssl speed does not have', () => {
    expect(speedCipher(std('nacl-secretbox'), std('nacl-secretbox').matrix[0]!)).toEqual({ none: expect.stringMatching(/no NaCl secretbox/) });
  });
});
