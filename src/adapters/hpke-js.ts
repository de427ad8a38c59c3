/**
 * `hpke-js`: @hpke/core (CipherSuite over WebCrypto: the NIST DHKEMs, X448, HKDF, AES-GCM,
 * export-only) with @hpke/dhkem-x25519 (its own X25519) and @hpke/chacha20poly1305.
 *
 * Library facts relied on (@hpke/core 1.9):
 * - Keys are CryptoKeys: raw keys go through `kem.deserializePublicKey` / `deserializePrivateKey`
 *   and come back through `serializePublicKey` / `serializePrivateKey` (RFC 9180 §7.1.1, §7.1.2).
 * - `createSenderContext({ ekm })` takes a fixed ephemeral key: bytes are used as ikmE for
 *   DeriveKeyPair (the library marks it "for testing only"); this is how known answers are made.
 * - The single-shot `suite.seal` / `suite.open` is RFC 9180 §6.1; contexts seal in order.
 * - PSKs go in as `{ id, key }`; the library refuses PSKs shorter than 32 bytes (§9.5 advice).
 */
import {
  Aes128Gcm,
  Aes256Gcm,
  CipherSuite,
  DhkemP256HkdfSha256,
  DhkemP384HkdfSha384,
  DhkemP521HkdfSha512,
  DhkemX448HkdfSha512,
  ExportOnly,
  HkdfSha256,
  HkdfSha384,
  HkdfSha512,
  type KemInterface,
} from '@hpke/core';
import { Chacha20Poly1305 } from '@hpke/chacha20poly1305';
import { DhkemX25519HkdfSha256 } from '@hpke/dhkem-x25519';
import { XWing } from '@hpke/hybridkem-x-wing';
import { MlKem1024, MlKem768 } from '@hpke/ml-kem';
import { defineAdapter, inProcessProbe, type OpImpl } from '../core/adapter.js';
import { RejectedError } from '../core/errors.js';
import type { OpName } from '../core/model.js';
import { packageVersion } from '../core/version.js';
import { ENC_APART, type HpkeAead, type HpkeKdf, type HpkeKem } from '../standards/hpke.js';
import { documentedCall, input } from './binding.js';
import { hpkeClaim, hpkeOps, type HpkeLibrary, type HpkeOutcome, type HpkeRequest, type Suite } from './hpke-common.js';

const KEMS: Readonly<Record<HpkeKem, () => CipherSuiteKem>> = {
  'DHKEM(P-256, HKDF-SHA256)': () => new DhkemP256HkdfSha256(),
  'DHKEM(P-384, HKDF-SHA384)': () => new DhkemP384HkdfSha384(),
  'DHKEM(P-521, HKDF-SHA512)': () => new DhkemP521HkdfSha512(),
  'DHKEM(X25519, HKDF-SHA256)': () => new DhkemX25519HkdfSha256(),
  'DHKEM(X448, HKDF-SHA512)': () => new DhkemX448HkdfSha512(),
  'ML-KEM-768': () => new MlKem768(),
  'ML-KEM-1024': () => new MlKem1024(),
  'X-Wing': () => new XWing(),
};
const KDFS: Readonly<Record<HpkeKdf, () => ConstructorParameters<typeof CipherSuite>[0]['kdf']>> = {
  'HKDF-SHA256': () => new HkdfSha256(),
  'HKDF-SHA384': () => new HkdfSha384(),
  'HKDF-SHA512': () => new HkdfSha512(),
};
const AEADS: Readonly<Record<HpkeAead, () => ConstructorParameters<typeof CipherSuite>[0]['aead']>> = {
  'AES-128-GCM': () => new Aes128Gcm(),
  'AES-256-GCM': () => new Aes256Gcm(),
  ChaCha20Poly1305: () => new Chacha20Poly1305(),
  'Export-only': () => new ExportOnly(),
};
type CipherSuiteKem = ConstructorParameters<typeof CipherSuite>[0]['kem'];

/** One CipherSuite per suite, made once. */
const suites = new Map<string, CipherSuite>();
function cipherSuite(s: Suite): CipherSuite {
  const key = `${s.kem}|${s.kdf}|${s.aead}`;
  let cs = suites.get(key);
  if (!cs) {
    cs = new CipherSuite({ kem: KEMS[s.kem](), kdf: KDFS[s.kdf](), aead: AEADS[s.aead]() });
    suites.set(key, cs);
  }
  return cs;
}

const bytes = (b: ArrayBuffer): Uint8Array => new Uint8Array(b);

async function exportsOf(ctx: { export(c: Uint8Array, l: number): Promise<ArrayBuffer> }, req: HpkeRequest): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for (const e of req.exports) out.push(bytes(await ctx.export(e.context, e.length)));
  return out;
}

const pskOf = (req: HpkeRequest): { psk?: { id: Uint8Array; key: Uint8Array } } => (req.psk ? { psk: { id: req.psk.pskId, key: req.psk.psk } } : {});

const library: HpkeLibrary = {
  async generateKeyPair(s, ikm) {
    const kem = cipherSuite(s).kem;
    const kp = ikm ? await kem.deriveKeyPair(ikm) : await kem.generateKeyPair();
    return { publicKey: bytes(await kem.serializePublicKey(kp.publicKey)), secretKey: bytes(await kem.serializePrivateKey(kp.privateKey)) };
  },
  async seal(s, pkR, req, sender, ikmE): Promise<HpkeOutcome> {
    const cs = cipherSuite(s);
    const params = {
      recipientPublicKey: await cs.kem.deserializePublicKey(pkR),
      info: req.info,
      ...pskOf(req),
      ...(sender
        ? { senderKey: { privateKey: await cs.kem.deserializePrivateKey(sender.secretKey), publicKey: await cs.kem.deserializePublicKey(sender.publicKey) } }
        : {}),
      ...(ikmE ? { ekm: ikmE } : {}),
    };
    if (s.singleShot) {
      const m = req.messages[0]!;
      const r = await cs.seal(params, m.body, m.aad);
      return { enc: bytes(r.enc), bodies: [bytes(r.ct)], exported: [] };
    }
    const ctx = await cs.createSenderContext(params);
    const bodies: Uint8Array[] = [];
    for (const m of req.messages) bodies.push(bytes(await ctx.seal(m.body, m.aad)));
    return { enc: bytes(ctx.enc), bodies, exported: await exportsOf(ctx, req) };
  },
  async open(s, skR, enc, req, pkS): Promise<HpkeOutcome> {
    const cs = cipherSuite(s);
    const params = {
      recipientKey: await cs.kem.deserializePrivateKey(skR),
      enc,
      info: req.info,
      ...pskOf(req),
      ...(pkS ? { senderPublicKey: await cs.kem.deserializePublicKey(pkS) } : {}),
    };
    if (s.singleShot) {
      const m = req.messages[0]!;
      return { bodies: [bytes(await cs.open(params, m.body, m.aad))], exported: [] };
    }
    const ctx = await cs.createRecipientContext(params);
    const bodies: Uint8Array[] = [];
    for (const m of req.messages) bodies.push(bytes(await ctx.open(m.body, m.aad)));
    return { bodies, exported: await exportsOf(ctx, req) };
  },
};

const claim = hpkeClaim({
  pskBytes: {
    values: [0, 32],
    reason:
      '@hpke/core refuses a PSK shorter than 32 bytes (InvalidParamError "PSK must have at least 32 bytes"): it enforces by length what RFC 9180 §5.1.2 asks of the PSK\'s entropy',
    policy: '@hpke/core key schedule: PSK length ≥ 32 bytes, not configurable',
  },
});

/**
 * "HPKE base mode, DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-128-GCM" as the @hpke/core README
 * calls it: a CipherSuite of the three, suite.kem.generateKeyPair() with the keys serialized,
 * createSenderContext({ recipientPublicKey }) and sender.seal(plaintext), sending sender.enc
 * apart; createRecipientContext({ recipientKey, enc }) and recipient.open(ct). No info, no AAD.
 */
/** The base-mode calls of the README with the KEM given: keys serialized, enc returned apart. */
const baseAsCalled = (kem: () => KemInterface): Partial<Record<OpName, OpImpl>> => {
  const suite = (): CipherSuite => new CipherSuite({ kem: kem(), kdf: new HkdfSha256(), aead: new Aes128Gcm() });
  return {
    async generateKeyPair() {
      const s = suite();
      const kp = await s.kem.generateKeyPair();
      return { publicKey: bytes(await s.kem.serializePublicKey(kp.publicKey)), secretKey: bytes(await s.kem.serializePrivateKey(kp.privateKey)) };
    },
    async encrypt(_p, i) {
      const s = suite();
      const sender = await s.createSenderContext({ recipientPublicKey: await s.kem.deserializePublicKey(input(i, 'publicKey')) });
      return { enc: bytes(sender.enc), ciphertext: bytes(await sender.seal(input(i, 'plaintext'))) };
    },
    async decrypt(_p, i) {
      const s = suite();
      try {
        const recipient = await s.createRecipientContext({ recipientKey: await s.kem.deserializePrivateKey(input(i, 'secretKey')), enc: input(i, 'enc') });
        return { plaintext: bytes(await recipient.open(input(i, 'ciphertext'))) };
      } catch (err) {
        throw new RejectedError(`@hpke/core: ${(err as Error).name}: ${(err as Error).message}`, err);
      }
    },
  };
};

/** The README's base-mode call with one KEM class, as a resolution of the intent naming that KEM. */
const baseModeCall = (kemClass: string, kem: HpkeKem, make: () => KemInterface) =>
  documentedCall(
    `const suite = new CipherSuite({ kem: new ${kemClass}(), kdf: new HkdfSha256(), aead: new Aes128Gcm() }); const sender = await suite.createSenderContext({ recipientPublicKey }); await sender.seal(plaintext), sender.enc sent apart / (await suite.createRecipientContext({ recipientKey, enc })).open(ct)`,
    { mode: 'base', kem, kdf: 'HKDF-SHA256', aead: 'AES-128-GCM', api: 'context', infoBytes: 0, aadBytes: 0, pskBytes: 0, output: ENC_APART },
    baseAsCalled(make),
  );

export const hpkeJs = defineAdapter({
  id: 'hpke-js',
  library: '@hpke/core',
  kind: 'in-process',
  variant: 'explicit',
  description: '@hpke/core CipherSuite (WebCrypto) with @hpke/dhkem-x25519 and @hpke/chacha20poly1305',
  probe: inProcessProbe(
    () =>
      `core ${packageVersion('@hpke/core')}, dhkem-x25519 ${packageVersion('@hpke/dhkem-x25519')}, chacha20poly1305 ${packageVersion('@hpke/chacha20poly1305')}`,
  ),
  capabilities: { claims: { hpke: claim }, gaps: {} },
  ops: { hpke: hpkeOps('hpke-js', claim, library) },
  intents: {
    hpke: {
      'base-x25519-aes128gcm': baseModeCall('DhkemX25519HkdfSha256', 'DHKEM(X25519, HKDF-SHA256)', () => new DhkemX25519HkdfSha256()),
      'base-mlkem768-aes128gcm': baseModeCall('MlKem768', 'ML-KEM-768', () => new MlKem768()),
    },
  },
});
