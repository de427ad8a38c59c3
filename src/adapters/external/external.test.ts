/**
 * The protocol's pieces on their own: message validation, base64, the translation of a hello
 * into a capability table, command splitting and the adapters configuration file.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkClaim, declaresImplicitRejection, type Adapter } from '../../core/adapter.js';
import { ConfigError } from '../../core/errors.js';
import type { OpName, ParamValue } from '../../core/model.js';
import { STANDARD_BY_ID } from '../../standards/index.js';
import { loadAdaptersConfig, parseExternalFlag, splitCommand } from '../external.js';
import { capabilitiesOf, NOT_DECLARED } from './capabilities.js';
import { definition, fromBase64, parseHello, parseResponse, requestLine, toBase64, type Hello } from './protocol.js';

const gcm = STANDARD_BY_ID.get('aes-gcm')!;

function hello(claims: Hello['claims'], gaps: Hello['gaps'] = {}): Hello {
  return { protocol: 1, implementation: 'acme', version: '1.0', claims, gaps };
}

describe('messages', () => {
  it('encodes requests that the schema accepts', () => {
    const line = requestLine(7, {
      op: 'encrypt',
      standard: 'aes-gcm',
      params: { keyBits: 128, ivBytes: 12, tagBytes: 16 },
      inputs: { key: new Uint8Array(16), plaintext: Uint8Array.of(1, 2, 3) },
    });
    const validate = definition('request');
    expect(validate(JSON.parse(line)), JSON.stringify(validate.errors)).toBe(true);
    expect(JSON.parse(line).inputs.plaintext).toBe('AQID');
  });

  it('reads strict padded base64 only', () => {
    expect(fromBase64('AQID')).toEqual(Uint8Array.of(1, 2, 3));
    expect(fromBase64('')).toEqual(new Uint8Array(0));
    for (const bad of ['AQI', 'AQ==x', 'A-_B', ' AQID', 'AQ=D']) expect(fromBase64(bad), bad).toBeUndefined();
    expect(toBase64(Uint8Array.of(0xff, 0xfe))).toBe('//4=');
  });

  it('accepts ok and error responses and names what is wrong with anything else', () => {
    expect(parseResponse({ id: 1, ok: { ciphertext: 'AA==' } })).toEqual({ id: 1, reply: { ok: { ciphertext: 'AA==' } } });
    expect(parseResponse({ id: 'x', error: { code: 'unsupported', message: 'no', policy: 'FIPS' } })).toEqual({
      id: 'x',
      reply: { error: { code: 'unsupported', message: 'no', policy: 'FIPS' } },
    });
    expect(parseResponse({ id: null, error: { code: 'bad-request', message: 'not JSON' } })).toMatchObject({ id: null });
    expect(parseResponse([1])).toMatch(/not a JSON object/);
    expect(parseResponse({ ok: {} })).toMatch(/id/);
    expect(parseResponse({ id: 1, ok: {}, error: { code: 'internal', message: '' } })).toMatch(/exactly one/);
    expect(parseResponse({ id: 1, error: { code: 'oops', message: '' } })).toMatch(/"error" must be/);
    expect(parseResponse({ id: 1, ok: { ciphertext: 5 } })).toMatch(/base64 strings/);
    expect(parseResponse({ id: 1, ok: {}, extra: true })).toMatch(/unknown members "extra"/);
  });

  it('checks the hello against the schema and the protocol version', () => {
    expect('hello' in parseHello({ hello: hello({ 'aes-gcm': { ops: ['encrypt'], params: { keyBits: { values: [128] } } } }) })).toBe(true);
    expect(parseHello({ hello: { ...hello({}), protocol: 2 } })).toEqual({ problems: [expect.stringMatching(/protocol version 2/)] });
    const bad = parseHello({ hello: hello({ 'aes-gcm': { ops: ['encrypt'], params: { keyBits: { values: [128], min: 1, max: 2 } } } }) });
    expect('problems' in bad && bad.problems.join(' ')).toMatch(/paramClaim|must match|oneOf|additional/);
    expect('problems' in parseHello({ greeting: 'hi' })).toBe(true);
  });
});

describe('claims of a hello become a capability table', () => {
  const asAdapter = (h: Hello): Adapter => ({ id: 'acme', capabilities: capabilitiesOf(h, [gcm]).capabilities }) as unknown as Adapter;

  it('restricts parameters to the claimed values, ranges included, with the reason', () => {
    const h = hello({
      'aes-gcm': {
        ops: ['encrypt', 'decrypt'],
        params: { keyBits: { values: [128, 256] }, ivBytes: { min: 8, max: 128, reason: 'IVs of 8 to 128 bytes' }, tagBytes: { min: 4, max: 16 } },
      },
    });
    const a = asAdapter(h);
    expect(checkClaim(a, 'aes-gcm', 'encrypt', { keyBits: 128, ivBytes: 60, tagBytes: 4 }).ok).toBe(true);
    expect(checkClaim(a, 'aes-gcm', 'encrypt', { keyBits: 192, ivBytes: 12, tagBytes: 16 })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/keyBits=192: acme declares keyBits ∈ \{128, 256\} only/),
    });
    expect(checkClaim(a, 'aes-gcm', 'decrypt', { keyBits: 128, ivBytes: 1, tagBytes: 16 })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/IVs of 8 to 128 bytes/),
    });
    expect(a.capabilities.claims['aes-gcm']!.params?.['tagBytes']).toBeUndefined();
  });

  it('takes a parameter tied to another (sameAs) and operations refused by policy, as built-in adapters declare them', () => {
    const oaep = STANDARD_BY_ID.get('rsa-oaep')!;
    const params = Object.fromEntries(oaep.params.map((p) => [p.name, { values: [...p.values] }])) as Record<string, { values: ParamValue[] }>;
    const wire = {
      ops: ['generateKeyPair', 'encrypt'] as OpName[],
      opsReason: 'decryption is refused',
      opsPolicy: 'acme --allow-decrypt',
      params: { ...params, mgf1Hash: { sameAs: 'oaepHash', reason: 'MGF1 uses the OAEP hash' } },
    };
    expect('hello' in parseHello({ hello: hello({ 'rsa-oaep': wire }) })).toBe(true);
    const { capabilities } = capabilitiesOf(hello({ 'rsa-oaep': wire }), [oaep]);
    const adapter = { id: 'acme', capabilities } as unknown as Adapter;
    const p = { ...oaep.matrix[0]!, oaepHash: 'SHA-256', mgf1Hash: 'SHA-256' };
    expect(checkClaim(adapter, 'rsa-oaep', 'encrypt', p).ok).toBe(true);
    expect(checkClaim(adapter, 'rsa-oaep', 'encrypt', { ...p, mgf1Hash: 'SHA-1' })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/MGF1 uses the OAEP hash/),
    });
    expect(checkClaim(adapter, 'rsa-oaep', 'decrypt', p)).toMatchObject({ ok: false, policy: 'acme --allow-decrypt' });
    const loose = capabilitiesOf(hello({ 'rsa-oaep': { ...wire, params: { ...params, mgf1Hash: { sameAs: 'colour' } } } }), [oaep]);
    expect(loose.capabilities.gaps['rsa-oaep']).toMatch(/tied \(sameAs\) to colour/);
  });

  it('takes implicit rejection where the standard permits or requires it, and ignores it elsewhere with a note', () => {
    const pkcs1 = STANDARD_BY_ID.get('rsaes-pkcs1-v1_5')!;
    const mlKem = STANDARD_BY_ID.get('ml-kem')!;
    const all = (std: typeof gcm) => ({
      ops: [...std.ops],
      params: Object.fromEntries(std.params.map((p) => [p.name, { values: [...p.values] }])),
      rejection: 'implicit' as const,
    });
    const h = hello({ 'rsaes-pkcs1-v1_5': all(pkcs1), 'ml-kem': all(mlKem), 'aes-gcm': all(gcm) });
    expect('hello' in parseHello({ hello: h })).toBe(true);
    expect(parseHello({ hello: hello({ 'aes-gcm': { ...all(gcm), rejection: 'silent' as 'implicit' } }) })).toHaveProperty('problems');
    const { capabilities, notes } = capabilitiesOf(h, [pkcs1, mlKem, gcm]);
    const adapter = { id: 'acme', capabilities } as unknown as Adapter;
    expect(declaresImplicitRejection(adapter, 'rsaes-pkcs1-v1_5')).toBe(true);
    expect(declaresImplicitRejection(adapter, 'ml-kem')).toBe(true);
    expect(declaresImplicitRejection(adapter, 'aes-gcm')).toBe(false);
    expect(capabilities.claims['aes-gcm']).toBeDefined();
    expect(notes).toEqual([expect.stringMatching(/^aes-gcm: rejection "implicit" ignored: aes-gcm does not permit implicit rejection/)]);
  });

  it('turns standards it does not mention into gaps, and keeps declared gap reasons', () => {
    const std = [gcm, STANDARD_BY_ID.get('aes-cbc')!, STANDARD_BY_ID.get('chacha20-poly1305')!];
    const { capabilities } = capabilitiesOf(hello({}, { 'aes-cbc': 'no CBC in this product' }), std);
    expect(capabilities.gaps).toEqual({ 'aes-gcm': NOT_DECLARED, 'aes-cbc': 'no CBC in this product', 'chacha20-poly1305': NOT_DECLARED });
    expect(capabilities.claims).toEqual({});
  });

  it('ignores unknown standards, operations and parameters with a note, and needs every parameter', () => {
    const { capabilities, notes } = capabilitiesOf(
      hello({
        rot13: { ops: ['encrypt'], params: {} },
        'aes-gcm': {
          ops: ['encrypt', 'derive'],
          params: { keyBits: { values: [128] }, ivBytes: { values: [12] }, tagBytes: { values: [16] }, colour: { values: ['blue'] } },
        },
      }),
      [gcm],
    );
    expect(notes.join('\n')).toMatch(/standard rot13 ignored/);
    expect(notes.join('\n')).toMatch(/operation derive ignored/);
    expect(notes.join('\n')).toMatch(/parameter colour ignored/);
    expect(capabilities.claims['aes-gcm']).toMatchObject({ ops: ['encrypt'], opsReason: expect.stringMatching(/decrypt/) });
    const missing = capabilitiesOf(hello({ 'aes-gcm': { ops: ['encrypt'], params: { keyBits: { values: [128] } } } }), [gcm]);
    expect(missing.capabilities.gaps['aes-gcm']).toMatch(/does not list parameter ivBytes/);
    const none = capabilitiesOf(
      hello({ 'aes-gcm': { ops: ['encrypt'], params: { keyBits: { values: [512] }, ivBytes: { values: [12] }, tagBytes: { values: [16] } } } }),
      [gcm],
    );
    expect(none.capabilities.gaps['aes-gcm']).toMatch(/no keyBits value bothends exercises/);
  });
});

describe('configuration', () => {
  it('splits commands without a shell: quotes group, nothing expands', () => {
    expect(splitCommand(`java -jar "my adapter.jar" --name='a b' $HOME`)).toEqual(['java', '-jar', 'my adapter.jar', '--name=a b', '$HOME']);
    expect(splitCommand(`x ""`)).toEqual(['x', '']);
    expect(() => splitCommand(`x "unterminated`)).toThrow(ConfigError);
  });

  it('reads NAME=COMMAND', () => {
    expect(parseExternalFlag('acme=/opt/acme/adapter --fast')).toMatchObject({ id: 'acme', command: { file: '/opt/acme/adapter', args: ['--fast'] } });
    for (const bad of ['acme', '=x', 'Acme Corp=x', 'acme=']) expect(() => parseExternalFlag(bad), bad).toThrow(ConfigError);
  });

  it('reads an adapters configuration file and names the problem in a bad one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bothends-config-'));
    const file = join(dir, 'adapters.json');
    writeFileSync(file, JSON.stringify({ adapters: [{ id: 'acme', command: ['./adapter', '--fast'], timeoutMs: 100, env: { ACME_MODE: 'fips' } }] }));
    expect(loadAdaptersConfig(file)).toEqual([
      { id: 'acme', command: { file: './adapter', args: ['--fast'], cwd: dir, env: { ACME_MODE: 'fips' } }, requestTimeoutMs: 100 },
    ]);
    writeFileSync(file, JSON.stringify({ adapters: [{ id: 'acme', command: 'adapter --fast' }] }));
    expect(() => loadAdaptersConfig(file)).toThrow(/adapters.json.*\/adapters\/0\/command/);
    expect(() => loadAdaptersConfig(join(dir, 'missing.json'))).toThrow(ConfigError);
  });
});
