/**
 * A tiny Wycheproof corpus for tests: aes_gcm_test.json with tcId 1 of the real file (a known
 * answer) and the same test with its tag changed (invalid), and an ML-KEM file no importer maps.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Writes the corpus into `dir`/wycheproof and returns that directory. */
export function writeWycheproofFixture(dir: string): string {
  const wp = join(dir, 'wycheproof');
  mkdirSync(wp, { recursive: true });
  const ktv = {
    key: '5b9604fe14eadba931b0ccf34843dab9',
    iv: '028318abc1824029138141a2',
    aad: '',
    msg: '001d0c231287c1182784554ca3a21908',
    ct: '26073cc1d851beff176384dc9896d5ff',
    tag: '0a3ea7a5487cb5f7d70fb6c58d038554',
  };
  const gcm = {
    algorithm: 'AES-GCM',
    schema: 'aead_test_schema_v1.json',
    notes: { Ktv: { bugType: 'BASIC', description: 'k' }, ModifiedTag: { bugType: 'AUTH_BYPASS', description: 'm' } },
    testGroups: [
      {
        type: 'AeadTest',
        keySize: 128,
        ivSize: 96,
        tagSize: 128,
        tests: [
          { tcId: 1, comment: 'known answer', flags: ['Ktv'], result: 'valid', ...ktv },
          { tcId: 2, comment: 'modified tag', flags: ['ModifiedTag'], result: 'invalid', ...ktv, tag: `${ktv.tag.slice(0, 30)}55` },
        ],
      },
    ],
  };
  writeFileSync(join(wp, 'aes_gcm_test.json'), JSON.stringify(gcm));
  writeFileSync(
    join(wp, 'mldsa_44_verify_test.json'),
    JSON.stringify({ algorithm: 'ML-DSA', schema: 'mldsa_verify_schema.json', testGroups: [{ tests: [{ tcId: 1, flags: [], result: 'valid' }] }] }),
  );
  return wp;
}
