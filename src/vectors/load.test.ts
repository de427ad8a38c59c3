import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../core/errors.js';
import { projectRoot } from '../core/paths.js';
import { STANDARDS } from '../standards/index.js';
import { generated } from './boundary.js';
import { DEFAULT_VECTORS_DIR, loadVectorDir, loadVectorFile } from './load.js';

// Fixtures are edited freely, so their JSON is loosely typed.
type Json = Record<string, any>;
/** A committed file's JSON, as a fresh mutable copy. */
const committed = (file: string): Json => JSON.parse(readFileSync(join(DEFAULT_VECTORS_DIR, file), 'utf8')) as Json;

describe('the committed vector files', () => {
  const { files, errors } = loadVectorDir(DEFAULT_VECTORS_DIR);

  it('are found from the module location', () => {
    expect(DEFAULT_VECTORS_DIR).toBe(join(projectRoot(), 'vectors'));
    expect(readFileSync(join(projectRoot(), 'package.json'), 'utf8')).toContain('"name": "bothends"');
  });

  it('all load without a single error', () => {
    expect(errors.map((e) => e.message)).toEqual([]);
    expect(files.length).toBeGreaterThanOrEqual(15);
  });

  it('each state the number of tests they hold', () => {
    for (const f of files) {
      const json = committed(f.file);
      const held = (json['groups'] as Json[]).reduce((n, g) => n + (g['tests'] as unknown[]).length, 0);
      expect(json['numberOfTests'], f.file).toBe(held);
      expect(
        f.groups.reduce((n, g) => n + g.tests.length, 0),
        f.file,
      ).toBe(held);
    }
  });

  // RSA known answers come from Wycheproof, read in place by `--wycheproof`, never copied here.
  /**
   * Standards whose published known answers are read in place from an external corpus, or
   * for which none is available here, so that the project's vectors/ has none of its own.
   */
  const PUBLISHED_ELSEWHERE = new Set([
    'rsa-oaep', // Wycheproof (--wycheproof) and RSA Laboratories' PKCS#1 examples
    'rsaes-pkcs1-v1_5',
    'jwe', // RFC 7520 cookbook (--jose-cookbook) and Wycheproof's JWE file
    'hpke', // RFC 9180 test vectors (--hpke)
    'age-x25519', // the C2SP age test kit (npm cctv-age)
    'age-mlkem768x25519',
    'age-scrypt',
    'cms-enveloped', // none usable: RFC 4134's EnvelopedData examples use 3DES and RC2 with RSA-1024 (docs/message-formats.md)
    'openpgp', // randomized messages; interoperability only, see docs/openpgp.md
    'pkcs12', // key containers: interoperability and tampering only until the keyfile corpus importer and RFC 9579's vectors land (docs/key-containers.md)
    'pkcs8-encrypted',
    'openpgp-password',
    'ml-kem', // Wycheproof mlkem_* (--wycheproof) and NIST ACVP ML-KEM (--acvp)
    'pbes2', // Wycheproof pbes2_* (--wycheproof)
    'kyber-r3', // pre-standard: interoperability and negative cases only
    'x25519-kyber768-draft00',
  ]);

  it('give every standard published known answers and generated boundary cases', () => {
    for (const std of STANDARDS) {
      const mine = files.filter((f) => f.standard === std.id).map((f) => f.file);
      expect(
        mine.some((f) => f.endsWith('_boundary_test.json')),
        std.id,
      ).toBe(generated(std));
      if (!PUBLISHED_ELSEWHERE.has(std.id))
        expect(
          mine.some((f) => !f.endsWith('_boundary_test.json')),
          std.id,
        ).toBe(true);
    }
  });

  it("resolve each test's citation from the file's sources", () => {
    const gcm = files.find((f) => f.file === 'aes-gcm/aes_gcm_spec_test.json')!;
    const tc3 = gcm.groups.flatMap((g) => g.tests).find((t) => t.tcId === 3)!;
    expect(tc3.source).toMatch(/^McGrew & Viega, The Galois\/Counter Mode of Operation \(GCM\).*, Test Case 3$/);
  });
});

describe('a malformed vector file', () => {
  const root = mkdtempSync(join(tmpdir(), 'bothends-vectors-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const GOOD = 'x25519/x25519_rfc7748_test.json';
  let n = 0;

  /**
   * Writes the good file and one malformed file into a fresh directory and loads it: the
   * good file must still load, and every error must belong to the bad one.
   */
  function loadWithBad(name: string, content: string): ConfigError[] {
    const dir = join(root, String(++n));
    mkdirSync(join(dir, 'x25519'), { recursive: true });
    writeFileSync(join(dir, GOOD), readFileSync(join(DEFAULT_VECTORS_DIR, GOOD)));
    const bad = join(dir, 'bad', name);
    mkdirSync(join(dir, 'bad'), { recursive: true });
    writeFileSync(bad, content);
    const { files, errors } = loadVectorDir(dir);
    expect(files.map((f) => f.file)).toEqual([GOOD]);
    expect(errors.length).toBeGreaterThan(0);
    for (const e of errors) {
      expect(e).toBeInstanceOf(ConfigError);
      expect(e.file).toBe(`bad/${name}`);
      expect(e.message.startsWith(`bad/${name}`)).toBe(true);
    }
    return errors;
  }

  /** A committed file with one change, loaded beside a good file; returns the one error expected. */
  function expectError(from: string, change: (json: Json) => void, path: string, message: RegExp, tcId?: number): ConfigError {
    const json = committed(from);
    change(json);
    const errors = loadWithBad('bad_test.json', JSON.stringify(json, null, 2));
    const hit = errors.find((e) => e.path === path);
    expect(hit, `no error at ${path}; got ${errors.map((e) => e.message).join(' | ')}`).toBeDefined();
    expect(hit!.message).toContain(`bad/bad_test.json at ${path}: `);
    if (tcId !== undefined) expect(hit!.message).toContain(`tcId ${tcId}:`);
    expect(hit!.message).toMatch(message);
    return hit!;
  }

  const gcm = 'aes-gcm/aes_gcm_spec_test.json';
  const cbc = 'aes-cbc/aes_cbc_pkcs7_sp800_38a_test.json';
  const ctr = 'aes-ctr/aes_ctr_rfc3686_test.json';
  const box = 'nacl-box/nacl_box_nacl_test.json';
  const x = 'x25519/x25519_rfc7748_test.json';
  const test = (json: Json, g: number, t: number): Json => json['groups'][g]['tests'][t] as Json;

  it('that is not JSON is reported with its line and column', () => {
    const [e] = loadWithBad('broken_test.json', '{\n  "standard": "aes-gcm",\n  "description": }\n');
    expect(e!.path).toBeUndefined();
    expect(e!.message).toBe("bad/broken_test.json: invalid JSON at line 3, column 18: Unexpected token '}'");
  });

  it('that is cut short is reported at the end of its input', () => {
    const [e] = loadWithBad('short_test.json', '{ "standard": "aes-gcm"');
    expect(e!.message).toMatch(/invalid JSON at line 1, column 24: Expected ',' or '}'/);
    const [f] = loadWithBad('shorter_test.json', '{ "standard": [1,');
    expect(f!.message).toMatch(/invalid JSON at end of input \(line 1, column 18\): Unexpected end of JSON input/);
  });

  it('with a property the schema does not know', () => {
    expectError(gcm, (j) => (test(j, 0, 1)['keyy'] = '00'), 'groups[0].tests[1].keyy', /unknown property/, 2);
  });

  it('without a required property', () => {
    expectError(gcm, (j) => delete test(j, 3, 1)['result'], 'groups[3].tests[1].result', /missing required property/, 8);
  });

  it('with a result that is not one of the three', () => {
    expectError(gcm, (j) => (test(j, 0, 0)['result'] = 'ok'), 'groups[0].tests[0].result', /must be one of "valid", "invalid", "acceptable"/, 1);
  });

  it('with an odd-length hex string', () => {
    expectError(gcm, (j) => (test(j, 0, 2)['key'] = 'abc'), 'groups[0].tests[2].key', /odd-length hex string \(3 digits\)/, 3);
  });

  it('with upper-case or non-hex digits', () => {
    expectError(gcm, (j) => (test(j, 0, 2)['iv'] = 'CAFEBABEFACEDBADDECAF888'), 'groups[0].tests[2].iv', /not lower-case hex \("C" at digit 0\)/, 3);
    expectError(gcm, (j) => (test(j, 0, 2)['aad'] = 'zz'), 'groups[0].tests[2].aad', /not lower-case hex/, 3);
  });

  it('of an unknown standard', () => {
    expectError(gcm, (j) => (j['standard'] = 'aes-ocb'), 'standard', /unknown standard "aes-ocb" \(known: aes-gcm, /);
  });

  it('with a group that leaves out a parameter', () => {
    expectError(gcm, (j) => delete j['groups'][0]['params']['ivBytes'], 'groups[0].params.ivBytes', /group of tcId 1–4: missing parameter ivBytes of aes-gcm/);
  });

  it('with a parameter the standard does not have', () => {
    expectError(
      cbc,
      (j) => (j['groups'][1]['params']['counterBits'] = 32),
      'groups[1].params.counterBits',
      /group of tcId 4–6: counterBits is not a parameter of aes-cbc/,
    );
  });

  it('with a parameter value the standard does not declare', () => {
    expectError(
      gcm,
      (j) => (j['groups'][0]['params']['tagBytes'] = 6),
      'groups[0].params.tagBytes',
      /tagBytes 6 is not a value aes-gcm declares \(4, 8, 12, 13, 14, 15, 16\)/,
    );
    expectError(
      cbc,
      (j) => (j['groups'][0]['params']['padding'] = 'none'),
      'groups[0].params.padding',
      /padding "none" is not a value aes-cbc declares \("pkcs7"\)/,
    );
  });

  it('with a key of the wrong length', () => {
    expectError(gcm, (j) => (test(j, 0, 3)['key'] = '00'.repeat(24)), 'groups[0].tests[3].key', /key is 24 bytes; aes-gcm k128-iv12-t16 needs 16/, 4);
  });

  it('with an IV or nonce of the wrong length', () => {
    expectError(gcm, (j) => (test(j, 1, 0)['iv'] = '00'.repeat(12)), 'groups[1].tests[0].iv', /iv is 12 bytes; aes-gcm k128-iv8-t16 needs 8/, 5);
    expectError(box, (j) => (test(j, 0, 0)['nonce'] = '00'.repeat(12)), 'groups[0].tests[0].nonce', /nonce is 12 bytes; nacl-box X25519-n24 needs 24/, 1);
  });

  it('with box or X25519 keys that are not 32 bytes', () => {
    expectError(
      box,
      (j) => (test(j, 0, 1)['senderPublicKey'] = '00'.repeat(33)),
      'groups[0].tests[1].senderPublicKey',
      /senderPublicKey is 33 bytes; .* needs 32/,
      2,
    );
    expectError(
      x,
      (j) => (test(j, 0, 4)['secretKey'] = '00'.repeat(31)),
      'groups[0].tests[4].secretKey',
      /secretKey is 31 bytes; x25519 X25519-raw needs 32/,
      5,
    );
  });

  it('with a valid AEAD ciphertext that is not plaintext + tag', () => {
    expectError(
      gcm,
      (j) => (test(j, 0, 1)['ciphertext'] = (test(j, 0, 1)['ciphertext'] as string).slice(2)),
      'groups[0].tests[1].ciphertext',
      /ciphertext is 31 bytes; a 16-byte plaintext gives 32 \(plaintext \+ 16-byte tag\)/,
      2,
    );
  });

  it('with a CBC ciphertext that is not the padded length', () => {
    expectError(
      cbc,
      (j) => (test(j, 0, 0)['ciphertext'] = (test(j, 0, 0)['ciphertext'] as string).slice(0, 128)),
      'groups[0].tests[0].ciphertext',
      /ciphertext is 64 bytes; a 64-byte plaintext gives 80 \(PKCS#7 padding/,
      1,
    );
    expectError(cbc, (j) => (test(j, 0, 0)['ciphertext'] += 'ab'), 'groups[0].tests[0].ciphertext', /ciphertext is 81 bytes; a 64-byte plaintext gives 80/, 1);
  });

  it('with a CTR ciphertext that is not as long as the plaintext', () => {
    expectError(
      ctr,
      (j) => (test(j, 0, 1)['ciphertext'] += '00'),
      'groups[0].tests[1].ciphertext',
      /ciphertext is 33 bytes; a 32-byte plaintext gives 32 \(same length as the plaintext\)/,
      2,
    );
  });

  it('without a field its family and result require', () => {
    expectError(
      gcm,
      (j) => delete test(j, 0, 1)['plaintext'],
      'groups[0].tests[1].plaintext',
      /missing plaintext, which aes-gcm tests with result "valid" need/,
      2,
    );
    expectError(gcm, (j) => delete test(j, 0, 1)['aad'], 'groups[0].tests[1].aad', /missing aad, which aes-gcm tests with result "valid" need/, 2);
    expectError(
      box,
      (j) => delete test(j, 0, 0)['senderSecretKey'],
      'groups[0].tests[0].senderSecretKey',
      /missing senderSecretKey, which nacl-box tests with result "valid" need/,
      1,
    );
    expectError(
      box,
      (j) => delete test(j, 0, 1)['recipientSecretKey'],
      'groups[0].tests[1].recipientSecretKey',
      /missing recipientSecretKey, which nacl-box tests with result "invalid" need/,
      2,
    );
    expectError(
      x,
      (j) => delete test(j, 0, 0)['sharedSecret'],
      'groups[0].tests[0].sharedSecret',
      /missing sharedSecret, which x25519 tests with result "valid" need/,
      1,
    );
  });

  it('with a field that its family does not have', () => {
    expectError(
      cbc,
      (j) => (test(j, 0, 1)['aad'] = '00'),
      'groups[0].tests[1].aad',
      /aad is not a field of aes-cbc tests \(cipher: key, iv, plaintext, ciphertext\)/,
      2,
    );
    expectError(gcm, (j) => (test(j, 0, 0)['nonce'] = test(j, 0, 0)['iv']), 'groups[0].tests[0].nonce', /nonce is not a field of aes-gcm tests/, 1);
  });

  it('with a duplicate tcId', () => {
    expectError(gcm, (j) => (test(j, 3, 1)['tcId'] = 2), 'groups[3].tests[1].tcId', /tcId 2: duplicate tcId \(also at groups\[0\]\.tests\[1\]\)/, 2);
  });

  it('whose numberOfTests is wrong', () => {
    expectError(gcm, (j) => (j['numberOfTests'] = 23), 'numberOfTests', /numberOfTests is 23, but the groups hold 24 tests/);
  });

  it('citing a source or a flag the file does not define', () => {
    expectError(
      gcm,
      (j) => (test(j, 0, 0)['source'] = 'rfc5116'),
      'groups[0].tests[0].source',
      /source "rfc5116" is not in the file's sources \("gcm-spec"\)/,
      1,
    );
    expectError(gcm, (j) => (test(j, 0, 0)['flags'] = ['Ktv', 'Weird']), 'groups[0].tests[0].flags[1]', /flag Weird has no entry in the file's notes/, 1);
  });

  it('is reported in full, not only its first problem', () => {
    const json = committed(gcm);
    test(json, 0, 0)['key'] = '00';
    test(json, 3, 2)['iv'] = '00';
    json['numberOfTests'] = 1;
    const errors = loadWithBad('many_test.json', JSON.stringify(json));
    expect(errors.map((e) => e.path)).toEqual(['groups[0].tests[0].key', 'groups[3].tests[2].iv', 'numberOfTests']);
  });

  it('loaded on its own names itself relative to the root', () => {
    const { files, errors } = loadVectorFile(join(DEFAULT_VECTORS_DIR, GOOD), DEFAULT_VECTORS_DIR);
    expect(errors).toEqual([]);
    expect(files[0]!.file).toBe(GOOD);
    const missing = loadVectorFile(join(root, 'nowhere_test.json'), root);
    expect(missing.errors[0]!.message).toMatch(/^nowhere_test\.json: cannot read the file: /);
  });
});
