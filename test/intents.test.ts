/**
 * Every intent resolution an adapter declares is proven against the adapter's own explicit
 * operations, both ways: what the library makes as called, its explicit operations read under
 * the declared parameters, and what they make, it reads as called; a deterministic standard's
 * outputs are equal byte for byte. A declaration that names the wrong parameters fails here, as
 * the table of deliberately wrong ones (`WRONG`) shows.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { checkClaim, type Adapter } from '../src/core/adapter.js';
import { familyOf } from '../src/core/families/index.js';
import { proveResolution, runIntent, type End } from '../src/core/families/intent-runner.js';
import { standaloneContext, type CaseContext } from '../src/core/case.js';
import { RejectedError } from '../src/core/errors.js';
import type { OpImpl } from '../src/core/adapter.js';
import { beyondStandard, explicitParams, type Intent, type IntentResolution } from '../src/core/intent.js';
import { buildPlan } from '../src/core/plan.js';
import type { Standard } from '../src/core/standard.js';
import { DEFAULT_ADAPTERS } from '../src/adapters/index.js';
import { STANDARDS } from '../src/standards/index.js';

/** Whether the explicit operations can be configured as `r` resolves the intent: every value the standard's own. */
const expressible = (std: Standard, intent: Intent, r: IntentResolution): boolean =>
  beyondStandard(intent, r.params) === undefined && std.params.every((p) => p.values.includes(r.params[p.name]!));

/** The proof of one declaration, through the family's exchanges. */
const prove = (adapter: Adapter, std: Standard, intent: Intent, r: IntentResolution): Promise<string[]> =>
  proveResolution(adapter, std, intent, r, familyOf(std).intent!, 'intents.test', DEFAULT_ADAPTERS);

/** A case's context for running intents directly: a fresh memo, the default adapters. */
const context = (): CaseContext => standaloneContext('intents.test', (id) => DEFAULT_ADAPTERS.find((a) => a.id === id)!);

// External adapters declare their resolutions in their hello: read them before listing.
await Promise.all(DEFAULT_ADAPTERS.filter((a) => a.kind === 'external').map((a) => a.probe()));

const declared = DEFAULT_ADAPTERS.flatMap((adapter) =>
  STANDARDS.flatMap((std) => (std.intents ?? []).flatMap((intent) => (adapter.intents?.[std.id]?.[intent.id] ? [{ adapter, std, intent }] : []))),
);

afterAll(async () => {
  await Promise.all(DEFAULT_ADAPTERS.map((a) => a.dispose?.()));
});

describe('intent resolutions', () => {
  it('are declared by every adapter that claims a standard with intents (external ones: once their hello is read)', async () => {
    const missing: string[] = [];
    for (const adapter of DEFAULT_ADAPTERS) {
      if (!(await adapter.probe()).available) continue;
      for (const std of STANDARDS.filter((s) => s.intents?.length && adapter.capabilities.claims[s.id])) {
        for (const intent of std.intents!) if (!adapter.intents?.[std.id]?.[intent.id]) missing.push(`${adapter.id} ${std.id} ${intent.id}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it.each(
    declared.map((d) => [`${d.adapter.id} ${d.std.id} ${d.intent.id}`, d] as const),
  )('%s: declares every parameter, agrees with the sentence, and is proven both ways', async (_name, { adapter, std, intent }) => {
    const probe = await adapter.probe();
    if (!probe.available) return; // a peer not installed: .ci/install-peers installs it
    const r = adapter.intents![std.id]![intent.id]!;
    expect(Object.keys(r.params).sort()).toEqual([...std.params.map((p) => p.name), ...Object.keys(intent.beyond ?? {})].sort());
    for (const [name, value] of Object.entries(intent.fixes)) expect(r.params[name], name).toBe(value);
    if (r.refused !== undefined) {
      // A library that offers no such call: it has no operation as called, and its explicit claim refuses the parameters too.
      expect(Object.keys(r.ops)).toEqual([]);
      for (const op of familyOf(std).roles.producer) expect(checkClaim(adapter, std.id, op, r.params).ok, `${op} ${std.paramsId(r.params)}`).toBe(false);
      return;
    }
    // A resolution the explicit operations can express is one they claim; one beyond them (ECB for "AES") is proven otherwise.
    // A reader's resolution (no producing operation) is one its explicit reading claims.
    const role = familyOf(std).roles.producer.some((op) => r.ops[op]) ? familyOf(std).roles.producer : familyOf(std).roles.consumer;
    if (expressible(std, intent, r))
      for (const op of role) expect(checkClaim(adapter, std.id, op, explicitParams(intent, r.params)), `${op} ${std.paramsId(r.params)}`).toEqual({ ok: true });
    expect(await prove(adapter, std, intent, r)).toEqual([]);
  });
});

/** A declaration made wrong on purpose: a real resolution with one parameter (or a few) changed, and what its proof must say. */
interface Wrong {
  /** The call, and what it is wrongly declared as. */
  readonly name: string;
  /** The adapter, standard and intent, separated by spaces. */
  readonly at: string;
  readonly change: Readonly<Record<string, string | number>>;
  /** What the failures say: every one of them, or at least one. */
  readonly says: RegExp;
  readonly of: 'every' | 'some';
  /** How many failures, where the number is known. */
  readonly count?: number;
}

const WRONG: readonly Wrong[] = [
  {
    name: 'a KEM: noble-pq keygen() declared as keeping the seed',
    at: 'noble-pq ml-kem private-key',
    change: { secretKeyFormat: 'seed' },
    says: /^(as called → explicit|explicit → as called): .*rejected valid input: RejectedError: ml_kem.*expected Uint8Array of length/,
    of: 'every',
    count: 2,
  },
  {
    // Both sides read either file, as the files state their algorithms: only what the file states can tell.
    name: 'a container default: openssl pkcs12 -export declared with a SHA-1 MAC and 600,000 iterations',
    at: 'openssl-cli pkcs12 export',
    change: { mac: 'hmac-sha1', iterations: 600000, macIterations: 600000 },
    says: /as called, the output states iterations = 2048, mac = hmac-sha256, macIterations = 2048/,
    of: 'every',
  },
  {
    name: 'CMS, by what the message states: openssl cms -encrypt declared as AES-256-CBC',
    at: 'openssl-cms cms-enveloped to-certificate',
    change: { contentEncryption: 'AES-256-CBC' },
    says: /as called, the output states contentEncryption = DES-EDE3-CBC, declared contentEncryption = AES-256-CBC/,
    of: 'every',
  },
  {
    name: 'CMS, by what the message states: PKI.js declared as OAEP with SHA-256',
    at: 'pkijs-cms cms-enveloped to-certificate',
    change: { keyTransport: 'RSAES-OAEP-SHA-256' },
    says: /as called, the output states keyTransport = RSAES-OAEP-SHA-512, declared keyTransport = RSAES-OAEP-SHA-256/,
    of: 'every',
  },
  {
    name: "JWE, by what the JWE states: node-jose's JWE.createEncrypt declared as compact",
    at: 'node-jose jwe rsa-oaep-a256gcm',
    change: { serialization: 'compact' },
    says: /the output states serialization = json-general, declared serialization = compact/,
    of: 'some',
  },
  {
    name: "forge's default: toPkcs12Asn1 without options declared with hmacWithSHA256",
    at: 'forge-containers pkcs12 export',
    change: { keyEncryption: 'pbes2-hmac-sha256-aes-128-cbc' },
    says: /as called, the output states keyEncryption = pbes2-hmac-sha1-aes-128-cbc/,
    of: 'every',
  },
  {
    name: 'node:crypto publicEncrypt(key, data) declared as SHA-256 throughout',
    at: 'node-crypto rsa-oaep oaep',
    change: { oaepHash: 'SHA-256', mgf1Hash: 'SHA-256' },
    says: /^(as called → explicit|explicit → as called): .*rejected valid input: .*oaep decoding error/,
    of: 'every',
    count: 2,
  },
  {
    name: "a departure: node:crypto createCipheriv('aes128') declared as ECB",
    at: 'node-crypto aes-cbc aes128',
    change: { mode: 'ECB' },
    says: /yet works both ways with the explicit operations/,
    of: 'every',
    count: 1,
  },
  {
    name: "a departure: tweetnacl's secretbox declared as returning the nonce",
    at: 'tweetnacl nacl-secretbox secretbox',
    change: { output: 'nonce ‖ tag ‖ ciphertext' },
    says: /yet works both ways with the explicit operations/,
    of: 'every',
    count: 1,
  },
  {
    name: 'a departure declared as none: python-ref as PyNaCl calls it, declared as the explicit layout',
    at: 'python-ref nacl-secretbox secretbox',
    change: { output: 'tag ‖ ciphertext' },
    says: /^as called → explicit: mismatch/,
    of: 'some',
  },
  {
    name: 'openpgp.js encrypt() to its own generateKey() key declared as SEIPDv2 to an X25519 key, binary',
    at: 'openpgp-js openpgp encrypt-to-cert',
    change: { encryption: 'seipdv2-ocb', keyAlgo: 'x25519', armor: 'binary' },
    says: /the output states armor = armored, encryption = seipdv1, keyAlgo = cv25519-legacy/,
    of: 'some',
  },
  {
    name: 'openpgp.js encrypt({ passwords }) declared as Argon2 with SEIPDv2',
    at: 'openpgp-js openpgp-password passphrase',
    change: { s2k: 'argon2', encryption: 'seipdv2-ocb' },
    says: /the output states encryption = seipdv1, s2k = iterated-salted, declared encryption = seipdv2-ocb, s2k = argon2/,
    of: 'some',
  },
  {
    name: "age-encryption's Encrypter declared as armoring what it writes",
    at: 'age-js age-x25519 to-recipient',
    change: { armor: 'armored' },
    says: /the output states armor = binary, declared armor = armored/,
    of: 'some',
  },
  {
    name: '@noble/curves getSharedSecret declared as returning the x-coordinate',
    at: 'noble ecdh shared-secret',
    change: { secretForm: 'x' },
    says: /^(as called → explicit|explicit → as called): sharedSecret \(key pairs as called, public keys exchanged both ways\) differs/,
    of: 'every',
    count: 2,
  },
];

describe('a wrong declaration', () => {
  it.each(WRONG.map((w) => [w.name, w] as const))('is caught: %s', async (_name, w) => {
    const [adapterId, stdId, intentId] = w.at.split(' ') as [string, string, string];
    const adapter = DEFAULT_ADAPTERS.find((a) => a.id === adapterId)!;
    if (!(await adapter.probe()).available) return; // a peer not installed: .ci/install-peers installs it
    const std = STANDARDS.find((s) => s.id === stdId)!;
    const intent = std.intents!.find((i) => i.id === intentId)!;
    const real = adapter.intents![stdId]![intentId]!;
    // The change is a change: each value differs from the one declared (the real declaration is proven above).
    for (const [name, value] of Object.entries(w.change)) expect(real.params[name], name).not.toBe(value);
    const failures = await prove(adapter, std, intent, { ...real, params: { ...real.params, ...w.change } });
    if (w.count === undefined) expect(failures.length).toBeGreaterThan(0);
    else expect(failures, failures.join('\n')).toHaveLength(w.count);
    const saying = failures.filter((f) => w.says.test(f));
    if (w.of === 'every') expect(saying, failures.join('\n')).toEqual(failures);
    else expect(saying.length, failures.join('\n')).toBeGreaterThan(0);
  });
});

describe('the intent matrix', () => {
  /** One intent case between two in-process adapters as called. */
  const run = (producer: string, consumer: string, stdId: string, intentId: string) => {
    const [p, c] = [producer, consumer].map((id) => DEFAULT_ADAPTERS.find((a) => a.id === id)!);
    const std = STANDARDS.find((s) => s.id === stdId)!;
    const intent = std.intents!.find((i) => i.id === intentId)!;
    const ctx = context();
    const end = (a: Adapter) => ({ adapter: a, resolution: a.intents![stdId]![intentId]! });
    return runIntent(ctx, std, intent, end(p!), end(c!), familyOf(std).intent!);
  };

  it('calls a producer refusing the named input a mismatch only when configured as the consumer resolves the intent it works', async () => {
    // des-ede3-cbc refuses the 16-byte key; des-ede-cbc (keying two-key-k1k2k1, as crypto-js resolves it) is the fix.
    const fixed = await run('node-crypto', 'crypto-js', '3des-cbc', '3des-16');
    expect([fixed.outcome, fixed.failure]).toEqual(['fail', 'mismatch']);
    expect(fixed.intent?.diagnosis?.fix).toMatch(/node-crypto is called explicitly with keying = two-key-k1k2k1/);
    expect(fixed.intent?.diagnosis?.because).toHaveProperty('keying');
    // Both ends resolve alike: the refusal is the producer's own.
    const own = await run('node-crypto', 'node-forge', '3des-cbc', '3des-16');
    expect([own.outcome, own.failure]).toEqual(['fail', 'rejected-valid']);
  });

  it('never configures a side beyond its standard: the fix of ECB against CBC is on the CBC side, and a mode the standard lacks has none', async () => {
    const v = await run('noble', 'crypto-js', 'aes-cbc', 'aes128');
    expect(v.failure).toBe('mismatch');
    expect(v.intent?.diagnosis?.fix).toMatch(/^crypto-js reads what noble makes when noble is called explicitly with mode = CBC/);
    const none = await run('noble', 'webcrypto', 'aes-cbc', 'aes128');
    expect(none.intent?.diagnosis?.fix).toBeUndefined();
    expect(none.message).toMatch(/webcrypto cannot: mode = GCM \(the standard's explicit operations have mode = CBC only\)/);
  });
});

describe('ecdh as called', () => {
  it('finds an end that, as called, derives from a public key off the curve (a broken fake): a security finding', async () => {
    const std = STANDARDS.find((s) => s.id === 'ecdh')!;
    const intent = std.intents!.find((i) => i.id === 'shared-secret')!;
    const node = DEFAULT_ADAPTERS.find((a) => a.id === 'node-crypto')!;
    const r = node.intents!['ecdh']!['shared-secret']!;
    const lax: IntentResolution = {
      ...r,
      ops: {
        ...r.ops,
        derive: async (p, i) => {
          try {
            return await r.ops.derive!(p, i);
          } catch {
            return { sharedSecret: new Uint8Array(32) };
          }
        },
      },
    };
    const ctx = context();
    const ends = (resolution: IntentResolution): End => ({ adapter: node, resolution });
    const v = await runIntent(ctx, std, intent, ends(r), ends(lax), familyOf(std).intent!);
    expect([v.outcome, v.failure]).toEqual(['fail', 'accepted-invalid']);
    expect(v.message).toMatch(/SECURITY: node-crypto as called accepted a public key off the curve/);
    expect((await runIntent(ctx, std, intent, ends(r), ends(r), familyOf(std).intent!)).outcome).toBe('pass');
  });
});

describe('an agreement intent on inputs that allow two behaviours', () => {
  const std = STANDARDS.find((s) => s.id === 'x25519')!;
  const intent = std.intents!.find((i) => i.id === 'shared-secret')!;
  const end = (id: string, derive?: (orig: OpImpl) => OpImpl): End => {
    const adapter = DEFAULT_ADAPTERS.find((a) => a.id === id)!;
    const r = adapter.intents!['x25519']!['shared-secret']!;
    return { adapter, resolution: derive ? { ...r, ops: { ...r.ops, derive: derive(r.ops.derive!) } } : r };
  };
  const ctx = context();
  const run = (p: End, c: End) => runIntent(ctx, std, intent, p, c, familyOf(std).intent!);
  const isZero = (b: Uint8Array): boolean => b.every((x) => x === 0);

  it('shows a split between an end that refuses a low-order key and one that derives zeros as a divergence, with who did what', async () => {
    // @noble/curves refuses an all-zero result; tweetnacl's scalarMult never refuses.
    const v = await run(end('noble'), end('tweetnacl'));
    expect([v.outcome, v.failure]).toEqual(['fail', 'divergence']);
    const d = v.intent!.divergence!;
    expect(d.length).toBe(intent.peerKeys!.filter((k) => k.expected === 'either').length);
    expect(d[0]!.producer.behaviour).toBe('refused');
    expect(d[0]!.consumer).toEqual({ behaviour: 'derived the all-zero secret' });
    expect(d[0]!.because).toMatch(/RFC 7748 §6\.1/);
    expect(v.message).toMatch(/noble refused and tweetnacl derived the all-zero secret/);
  });

  it('passes two ends that behave alike', async () => {
    expect((await run(end('noble'), end('noble'))).outcome).toBe('pass');
  });

  it('fails, not diverges, an end that gives anything but the all-zero secret on a low-order key (a broken fake)', async () => {
    const ones: (orig: OpImpl) => OpImpl = (orig) => async (p, i) => {
      const out = await orig(p, i);
      return isZero(out['sharedSecret']!) ? { sharedSecret: new Uint8Array(32).fill(1) } : out;
    };
    const v = await run(end('noble'), end('tweetnacl', ones));
    expect([v.outcome, v.failure, v.intent?.divergence]).toEqual(['fail', 'wrong-output', undefined]);
    expect(v.message).toMatch(/tweetnacl as called neither refused nor derived the all-zero secret/);
  });

  it('fails an end that refuses the public key with bit 255 set, which RFC 7748 §5 says to mask (a broken fake)', async () => {
    const strict: (orig: OpImpl) => OpImpl = (orig) => (p, i) => {
      if ((i['publicKey']![31]! & 0x80) !== 0) throw new RejectedError('bit 255 set');
      return orig(p, i);
    };
    const v = await run(end('noble'), end('noble', strict));
    expect([v.outcome, v.failure]).toEqual(['fail', 'rejected-valid']);
    expect(v.message).toMatch(/bit 255 set/);
  });
});

describe('one end still on a pre-standard revision ("Post-quantum KEM, Kyber-768")', () => {
  const std = STANDARDS.find((s) => s.id === 'ml-kem')!;
  const intent = std.intents!.find((i) => i.id === 'kyber-768')!;
  const kyber = DEFAULT_ADAPTERS.find((a) => a.id === 'crystals-kyber')!;
  const mlkem = DEFAULT_ADAPTERS.find((a) => a.id === 'mlkem')!;
  const ctx = context();
  const end = (adapter: Adapter, resolution = adapter.intents!['ml-kem']!['kyber-768']!): End => ({ adapter, resolution });
  const run = (p: End, c: End) => runIntent(ctx, std, intent, p, c, familyOf(std).intent!);

  it('plans round-3 Kyber, which claims no ML-KEM operation, in the intent it resolves and no other', () => {
    const states = [kyber, mlkem].map((adapter) => ({ adapter, probe: { available: true as const, version: 'test' } }));
    const plan = buildPlan({ standards: [std], adapters: states, vectors: [], kinds: ['intent'] });
    const ids = plan.map((c) => c.id);
    expect(ids).toContain('ml-kem/intent-kyber-768/intent/crystals-kyber~mlkem');
    expect(ids).toContain('ml-kem/intent-kyber-768/intent/mlkem~crystals-kyber');
    expect(ids.filter((id) => id.includes('crystals-kyber') && !id.includes('intent-kyber-768/'))).toEqual([]);
  });

  it('diagnoses the wrong secret, both ways, as a mismatch of the revision with no fix on either side', async () => {
    for (const [p, c] of [
      [kyber, mlkem],
      [mlkem, kyber],
    ] as const) {
      const v = await run(end(p), end(c));
      expect([v.outcome, v.failure], `${p.id}~${c.id}`).toEqual(['fail', 'mismatch']);
      expect(v.intent?.diagnosis?.differs).toContain('revision');
      expect(v.intent?.diagnosis?.fix).toBeUndefined();
      expect(v.intent?.diagnosis?.because['revision']).toMatch(/FIPS 203 §1\.3/);
      expect(v.message).toMatch(new RegExp(`${c.id} as called gives a wrong sharedSecret`));
      // Each side's own reason: the ML-KEM library has no round-3 call, crystals-kyber's gap says it is no ML-KEM.
      expect(v.message).toMatch(/mlkem cannot: revision = round-3 Kyber \(the standard's explicit operations have revision = FIPS 203 only\)/);
      expect(v.message).toMatch(/crystals-kyber cannot: crystals-kyber is round-3 Kyber, not FIPS 203 ML-KEM/);
    }
    expect((await run(end(kyber), end(kyber))).outcome).toBe('pass');
  });

  it('fails, as a plain wrong output, a round-3 end that declares itself FIPS 203 (a broken fake), and its proof fails too', async () => {
    const real = kyber.intents!['ml-kem']!['kyber-768']!;
    const lying: IntentResolution = { ...real, params: { ...real.params, revision: 'FIPS 203' } };
    const v = await run(end(mlkem), end(kyber, lying));
    expect([v.outcome, v.failure]).toEqual(['fail', 'wrong-output']);
    expect(await prove(kyber, std, intent, lying)).not.toEqual([]);
    expect(await prove(kyber, std, intent, real)).toEqual([]);
  });
});
