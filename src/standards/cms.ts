/**
 * CMS EnvelopedData (RFC 5652 §6) and AuthEnvelopedData (RFC 5083), as S/MIME and document
 * exchange use them: a random content-encryption key encrypts the content, and is itself
 * encrypted to each recipient's RSA certificate (KeyTransRecipientInfo, RFC 5652 §6.2.1).
 *
 * It fits the `pke` family: the consumer makes an RSA key pair and a self-signed certificate
 * with its own library (`publicKey` is the certificate in DER, `secretKey` the PKCS#8 DER
 * private key), the producer encrypts to the certificate, the consumer decrypts with its key
 * and its certificate (which selects its RecipientInfo). `ciphertext` is the whole BER
 * ContentInfo (RFC 5652 allows BER for EnvelopedData). Every parameter is explicit: key transport scheme and OAEP hash, content
 * cipher, recipient identifier.
 *
 * The tamper mutations edit the message where it matters (encryptedKey, rid, the encrypted
 * content, the GCM tag), found with the one ASN.1 reader (asn1.ts, asn1js).
 */
import * as asn1js from 'asn1js';
import { pke } from '../core/families/pke.js';
import type { ByteMap, Params } from '../core/model.js';
import type { Mutation, Standard } from '../core/standard.js';
import { readTlv, type Tlv } from './asn1.js';
import { flipAt } from './mutations.js';

/** Key transport: RSAES-PKCS1-v1_5 (RFC 8017 §7.2) or RSAES-OAEP (RFC 8017 §7.1) with RFC 4055 parameters, MGF1 hash = OAEP hash. */
export const KEY_TRANSPORTS = ['RSAES-PKCS1-v1_5', 'RSAES-OAEP-SHA-1', 'RSAES-OAEP-SHA-256'] as const;
/** Content encryption: CBC in EnvelopedData (RFC 3565), GCM in AuthEnvelopedData (RFC 5083, RFC 5084). */
export const CONTENT_CIPHERS = ['AES-128-CBC', 'AES-256-CBC', 'AES-128-GCM', 'AES-256-GCM'] as const;
/**
 * Values only a library's default takes (the explicit matrix above does not run them): RSAES-OAEP
 * with SHA-512 (RFC 4055 §4.1; PKI.js's `addRecipientByCertificate` default) and Triple-DES CBC
 * (RFC 3370 §5.1; the default content cipher of `openssl cms -encrypt`).
 */
export const DEFAULT_ONLY_KEY_TRANSPORTS = ['RSAES-OAEP-SHA-512'] as const;
export const DEFAULT_ONLY_CONTENT_CIPHERS = ['DES-EDE3-CBC'] as const;
/** RecipientIdentifier choices of RFC 5652 §6.2.1. */
export const RECIPIENT_IDS = ['issuerAndSerialNumber', 'subjectKeyIdentifier'] as const;

/** True for the AuthEnvelopedData content ciphers. */
export const isGcm = (p: Params): boolean => String(p['contentEncryption']).endsWith('-GCM');

/** The OAEP hash of a key transport value, or undefined for RSAES-PKCS1-v1_5. */
export function oaepHashOf(p: Params): 'SHA-1' | 'SHA-256' | 'SHA-512' | undefined {
  const k = String(p['keyTransport']);
  return k === 'RSAES-OAEP-SHA-1' ? 'SHA-1' : k === 'RSAES-OAEP-SHA-256' ? 'SHA-256' : k === 'RSAES-OAEP-SHA-512' ? 'SHA-512' : undefined;
}

/** True for the Triple-DES content cipher (RFC 3370 §5.1). */
export const isTripleDes = (p: Params): boolean => p['contentEncryption'] === 'DES-EDE3-CBC';

/** AES key length in bits of the content cipher. */
export const aesBits = (p: Params): 128 | 256 => (String(p['contentEncryption']).startsWith('AES-128') ? 128 : 256);

/** The fields of a ContentInfo holding EnvelopedData or AuthEnvelopedData that mutations edit. */
export interface CmsFields {
  readonly rid: Tlv;
  readonly encryptedKey: Tlv;
  /** The primitive segments of encryptedContent, in order. */
  readonly content: readonly Tlv[];
  /** AuthEnvelopedData only. */
  readonly mac?: Tlv;
}

/** Locates the fields of the first KeyTransRecipientInfo and of the encrypted content. */
export function cmsFields(der: Uint8Array): CmsFields {
  const ci = readTlv(der, 0);
  const inner = ci.children[1]?.children[0];
  if (!inner) throw new RangeError('not a ContentInfo with content');
  // version, [0] originatorInfo OPTIONAL, recipientInfos SET, (auth)EncryptedContentInfo, …
  let k = 1;
  if (inner.children[k]?.tag === 0xa0) k++;
  const ktri = inner.children[k]!.children[0]!;
  const eci = inner.children[k + 1]!;
  const segments = (t: Tlv | undefined): Tlv[] => (t === undefined ? [] : t.constructed ? t.children.flatMap((c) => segments(c)) : [t]);
  const mac = inner.children.slice(k + 2).find((t) => t.tag === 0x04);
  return { rid: ktri.children[1]!, encryptedKey: ktri.children[3]!, content: segments(eci.children[2]), ...(mac ? { mac } : {}) };
}

/** A definite-length TLV header for `tag` and `length` contents bytes. */
function header(tag: number, length: number): number[] {
  if (length < 0x80) return [tag, length];
  const len: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) len.unshift(n % 256);
  return [tag, 0x80 | len.length, ...len];
}

/**
 * The message with the contents of `target` (a primitive element of `der`) replaced by
 * `contents`, every enclosing length re-encoded (definite, so the result is DER-shaped
 * wherever the input was).
 */
export function spliceContents(der: Uint8Array, target: Tlv, contents: Uint8Array): Uint8Array {
  const encode = (t: Tlv): number[] => {
    if (t.start === target.start) return [...header(t.tag, contents.length), ...contents];
    if (target.start < t.start || target.start >= t.end || !t.constructed) return [...der.subarray(t.start, t.next)];
    const body = t.children.flatMap(encode);
    return [...header(t.tag, body.length), ...body];
  };
  return Uint8Array.from(encode(readTlv(der, 0)));
}

// ---- tamper mutations ----

const ct = (i: ByteMap): Uint8Array => i['ciphertext']!;
const flipIn = (i: ByteMap, from: number, to: number, rng: { int(n: number): number }): ByteMap =>
  to <= from ? i : { ...i, ciphertext: flipAt(ct(i), from + rng.int(to - from)) };

const KTRI = 'RFC 5652 §6.2.1 (KeyTransRecipientInfo)';

/** The mutations every consumer must reject, or (CBC content) may not notice. */
/** The decrypt inputs with the recipient's other private key in place of its own. */
function otherSecretKey(i: ByteMap): ByteMap | undefined {
  const other = i['otherSecretKey'];
  return other ? { ...i, secretKey: other } : undefined;
}

/** One bit of the RecipientInfo's encryptedKey flipped. */
const flipEncryptedKey: Mutation['apply'] = (i, _s, rng) => {
  const f = cmsFields(ct(i)).encryptedKey;
  return flipIn(i, f.body, f.end, rng);
};

const MUTATIONS: readonly Mutation[] = [
  {
    id: 'flip-encrypted-key',
    description: 'one bit of the RecipientInfo encryptedKey flipped',
    because: `${KTRI} with RFC 8017 §7.1.2 / §7.2.2: RSA decryption of a modified encryptedKey is a decryption error (or, under RFC 3218 §2.3.2, a random content-encryption key under which the GCM tag of RFC 5084 §3.2 cannot verify)`,
    appliesTo: isGcm,
    apply: flipEncryptedKey,
  },
  {
    id: 'flip-encrypted-key-cbc',
    description: 'one bit of the RecipientInfo encryptedKey flipped, CBC content',
    because: `${KTRI} with RFC 8017 §7.1.2 / §7.2.2: RSA decryption of a modified encryptedKey is a decryption error. A decryptor may hide that failure by going on with a random content key (RFC 3218 §2.3.2, the countermeasure to Bleichenbacher's attack; OpenSSL's cms does so): CBC content (RFC 5652 §6) then fails its padding check with high probability, or decrypts to garbage one time in about 256`,
    expected: 'either',
    appliesTo: (p) => !isGcm(p),
    apply: flipEncryptedKey,
  },
  {
    id: 'flip-rid',
    description: 'one bit of the recipient identifier (last byte of the serial number, or of the subjectKeyIdentifier) flipped',
    because: `${KTRI}: rid names the certificate the key was encrypted for; the message then has no RecipientInfo for the recipient's certificate, so it has nothing to decrypt`,
    apply(i) {
      const rid = cmsFields(ct(i)).rid;
      // issuerAndSerialNumber: SEQUENCE { issuer, serialNumber }; subjectKeyIdentifier: [0] OCTET STRING.
      const last = rid.constructed ? rid.children[1]!.end - 1 : rid.end - 1;
      return { ...i, ciphertext: flipAt(ct(i), last) };
    },
  },
  {
    id: 'flip-content-cbc',
    description: 'one bit of the last block of encryptedContent flipped (CBC)',
    because:
      'RFC 5652 §6: EnvelopedData has no integrity protection; a modified last CBC block garbles the last plaintext block, which fails the RFC 5652 §6.3 padding check with high probability, or decrypts to a wrong plaintext',
    expected: 'either',
    appliesTo: (p) => !isGcm(p),
    apply(i, _s, rng) {
      const last = cmsFields(ct(i)).content.at(-1);
      return last ? flipIn(i, Math.max(last.body, last.end - 16), last.end, rng) : undefined;
    },
  },
  {
    id: 'flip-content-gcm',
    description: 'one bit of the authEncryptedContent flipped (GCM)',
    because: 'RFC 5083 §2.2 and RFC 5084 §3.2: AES-GCM authenticated decryption of modified content must fail (NIST SP 800-38D §7.2: FAIL)',
    appliesTo: isGcm,
    apply(i, _s, rng) {
      const segs = cmsFields(ct(i)).content.filter((s) => s.end > s.body);
      const s = segs.length === 0 ? undefined : segs[rng.int(segs.length)]!;
      return s ? flipIn(i, s.body, s.end, rng) : undefined;
    },
  },
  {
    id: 'flip-mac',
    description: 'one bit of the AuthEnvelopedData mac (the GCM tag) flipped',
    because: 'RFC 5083 §2.1 (mac) and RFC 5084 §3.2: a modified authentication tag must make decryption fail',
    appliesTo: isGcm,
    apply(i, _s, rng) {
      const mac = cmsFields(ct(i)).mac;
      return mac ? flipIn(i, mac.body, mac.end, rng) : undefined;
    },
  },
  {
    id: 'empty-content',
    description: 'encryptedContent emptied (zero bytes)',
    because:
      'RFC 5652 §6.3: CBC padding always adds 1 to 16 octets, so an empty CBC encryptedContent is invalid; with GCM (RFC 5084 §3.2) the tag of the original content does not authenticate an empty one',
    apply(i) {
      const segs = cmsFields(ct(i)).content;
      if (segs.length !== 1 || segs[0]!.end === segs[0]!.body) return undefined;
      return { ...i, ciphertext: spliceContents(ct(i), segs[0]!, new Uint8Array(0)) };
    },
  },
  {
    id: 'short-mac',
    description: 'the AuthEnvelopedData mac cut to its first 12 bytes (GCMParameters still say icvLen 16)',
    because:
      'RFC 5084 §3.2: mac is the icvLen-octet authentication tag; a 12-byte mac under icvLen 16 is malformed, and accepting it lets a forger work against a shorter tag (NIST SP 800-38D §5.2.1.2)',
    appliesTo: isGcm,
    apply(i) {
      const mac = cmsFields(ct(i)).mac;
      return mac ? { ...i, ciphertext: spliceContents(ct(i), mac, ct(i).slice(mac.body, mac.body + 12)) } : undefined;
    },
  },
  {
    id: 'wrong-key',
    description: "decrypted with another of the recipient's private keys (the certificate kept)",
    because: `${KTRI} with RFC 8017 §7.1.2 / §7.2.2: under another RSA key the encryptedKey does not decrypt, and the GCM tag (RFC 5084 §3.2) cannot verify under any other content key`,
    appliesTo: isGcm,
    apply: otherSecretKey,
  },
  {
    id: 'wrong-key-cbc',
    description: "decrypted with another of the recipient's private keys (the certificate kept), CBC content",
    because: `${KTRI} with RFC 8017 §7.1.2 / §7.2.2: under another RSA key the encryptedKey does not decrypt. A decryptor may hide that failure by going on with a random content key (RFC 3218 §2.3.2, the countermeasure to Bleichenbacher's attack; OpenSSL's cms does so): CBC content (RFC 5652 §6) then fails its padding check with high probability, or decrypts to garbage one time in about 256`,
    expected: 'either',
    appliesTo: (p) => !isGcm(p),
    apply: otherSecretKey,
  },
  {
    id: 'truncate',
    description: 'last byte of the DER message removed',
    because: 'RFC 5652 §1.2 and ITU-T X.690 §8.1.3: a ContentInfo whose length runs past the data is not a valid BER encoding and must be refused',
    apply: (i) => ({ ...i, ciphertext: ct(i).subarray(0, ct(i).length - 1) }),
  },
];

// ---- what a message states, and the intent ----

const HASH_OIDS: Readonly<Record<string, string>> = {
  '1.3.14.3.2.26': 'SHA-1',
  '2.16.840.1.101.3.4.2.1': 'SHA-256',
  '2.16.840.1.101.3.4.2.2': 'SHA-384',
  '2.16.840.1.101.3.4.2.3': 'SHA-512',
};
const CONTENT_OIDS: Readonly<Record<string, string>> = {
  '2.16.840.1.101.3.4.1.2': 'AES-128-CBC',
  '2.16.840.1.101.3.4.1.22': 'AES-192-CBC',
  '2.16.840.1.101.3.4.1.42': 'AES-256-CBC',
  '2.16.840.1.101.3.4.1.6': 'AES-128-GCM',
  '2.16.840.1.101.3.4.1.46': 'AES-256-GCM',
  '1.2.840.113549.3.7': 'DES-EDE3-CBC',
};

const items = (b: asn1js.AsnType | undefined): asn1js.AsnType[] =>
  ((b as unknown as { valueBlock?: { value?: unknown } } | undefined)?.valueBlock?.value as asn1js.AsnType[] | undefined) ?? [];
const oid = (b: asn1js.AsnType | undefined): string | undefined => (b instanceof asn1js.ObjectIdentifier ? b.valueBlock.toString() : undefined);
const contextTag = (b: asn1js.AsnType | undefined): number | undefined => (b?.idBlock.tagClass === 3 ? b.idBlock.tagNumber : undefined);

/** The key transport an AlgorithmIdentifier of a KeyTransRecipientInfo names (RFC 4055 §4.1: hashFunc defaults to SHA-1). */
function keyTransportOf(alg: asn1js.AsnType | undefined): string {
  const [id, params] = items(alg);
  const o = oid(id);
  if (o === '1.2.840.113549.1.1.1') return 'RSAES-PKCS1-v1_5';
  if (o !== '1.2.840.113549.1.1.7') return `keyEncryptionAlgorithm ${o ?? '?'}`;
  let hash = 'SHA-1';
  let mgf1 = 'SHA-1';
  for (const field of items(params)) {
    const inner = items(field)[0];
    if (contextTag(field) === 0) hash = HASH_OIDS[oid(items(inner)[0]) ?? ''] ?? 'hash ?';
    if (contextTag(field) === 1) mgf1 = HASH_OIDS[oid(items(items(inner)[1])[0]) ?? ''] ?? 'hash ?';
  }
  return mgf1 === hash ? `RSAES-OAEP-${hash}` : `RSAES-OAEP-${hash}-MGF1-${mgf1}`;
}

/**
 * The parameters a ContentInfo holding EnvelopedData or AuthEnvelopedData states for itself: the
 * key transport of its first KeyTransRecipientInfo, its content cipher and its recipient
 * identifier. Undefined when `ber` is not such a message.
 */
export function cmsStated(ber: Uint8Array): Params | undefined {
  const parsed = asn1js.fromBER(Uint8Array.from(ber));
  if (parsed.offset === -1) return undefined;
  const inner = items(items(parsed.result)[1])[0];
  const fields = items(inner);
  if (fields.length < 3) return undefined;
  let k = 1;
  if (contextTag(fields[k]) === 0) k++;
  const ktri = items(fields[k])[0];
  const [, rid, keyAlg] = items(ktri);
  const content = CONTENT_OIDS[oid(items(items(fields[k + 1])[1])[0]) ?? ''];
  if (!ktri || !rid || !content) return undefined;
  return {
    keyTransport: keyTransportOf(keyAlg),
    contentEncryption: content,
    recipientId: contextTag(rid) === 0 ? 'subjectKeyIdentifier' : 'issuerAndSerialNumber',
  };
}

/**
 * "Encrypt this to the recipient's certificate": S/MIME and document exchange agreements name
 * the certificate, seldom the algorithms. RFC 5652 leaves them to the sender, and each library
 * fills them with its own default.
 */
const INTENTS: Standard['intents'] = [
  {
    id: 'to-certificate',
    sentence: 'CMS EnvelopedData encrypted to this RSA certificate',
    fixes: { modulusBits: 2048 },
    open: {
      keyTransport:
        "RFC 5652 §6.2.1: keyEncryptionAlgorithm is the sender's choice; RFC 8551 §2.3 (S/MIME 4.0) has agents support both RSAES-PKCS1-v1_5 and RSAES-OAEP (RFC 3560), and RFC 4055 §4.1 lets the OAEP hash be any hash (SHA-1 by default)",
      contentEncryption:
        "RFC 5652 §6.1: contentEncryptionAlgorithm is the sender's choice; RFC 3370 §5.1 (Triple-DES CBC), RFC 3565 (AES-CBC) and RFC 5084 (AES-GCM, in RFC 5083 AuthEnvelopedData) define several, and RFC 8551 §2.7 names AES-GCM and AES-128-CBC for S/MIME 4.0",
      recipientId: "RFC 5652 §6.2.1: rid is issuerAndSerialNumber or subjectKeyIdentifier, the sender's choice",
    },
  },
];

const set = (keyTransport: string, contentEncryption: string, recipientId: string): Params => ({
  modulusBits: 2048,
  keyTransport,
  contentEncryption,
  recipientId,
});

/**
 * Every key transport × content cipher with issuerAndSerialNumber (S/MIME's usual choice),
 * then subjectKeyIdentifier once per key transport: 15 sets, one RSA key per library.
 */
const MATRIX: readonly Params[] = [
  ...KEY_TRANSPORTS.flatMap((k) => CONTENT_CIPHERS.map((c) => set(k, c, 'issuerAndSerialNumber'))),
  set('RSAES-PKCS1-v1_5', 'AES-128-CBC', 'subjectKeyIdentifier'),
  set('RSAES-OAEP-SHA-1', 'AES-256-CBC', 'subjectKeyIdentifier'),
  set('RSAES-OAEP-SHA-256', 'AES-256-GCM', 'subjectKeyIdentifier'),
];

const slug: Record<string, string> = {
  'RSAES-PKCS1-v1_5': 'v15',
  'RSAES-OAEP-SHA-1': 'oaep-sha1',
  'RSAES-OAEP-SHA-256': 'oaep-sha256',
  'RSAES-OAEP-SHA-512': 'oaep-sha512',
  issuerAndSerialNumber: 'ias',
  subjectKeyIdentifier: 'ski',
};

export const cmsEnveloped: Standard = {
  id: 'cms-enveloped',
  title: 'CMS EnvelopedData / AuthEnvelopedData (RSA key transport)',
  family: pke.name,
  references: ['RFC 5652 §6', 'RFC 5083', 'RFC 5084', 'RFC 3565', 'RFC 3370 §5.1', 'RFC 4055 §4', 'RFC 8017 §7'],
  params: [
    { name: 'modulusBits', description: "RSA modulus length of the recipient's key", values: [2048] },
    {
      name: 'keyTransport',
      description:
        'KeyTransRecipientInfo keyEncryptionAlgorithm: rsaEncryption (PKCS#1 v1.5) or id-RSAES-OAEP with hashFunc = maskGenFunc hash (RFC 4055 §4.1)',
      values: [...KEY_TRANSPORTS, ...DEFAULT_ONLY_KEY_TRANSPORTS],
    },
    {
      name: 'contentEncryption',
      description: 'content cipher: AES-CBC (or Triple-DES CBC) in EnvelopedData, AES-GCM (12-byte nonce, 16-byte tag) in AuthEnvelopedData',
      values: [...CONTENT_CIPHERS, ...DEFAULT_ONLY_CONTENT_CIPHERS],
    },
    { name: 'recipientId', description: 'RecipientIdentifier of the KeyTransRecipientInfo (version 0 or 2)', values: RECIPIENT_IDS },
  ],
  matrix: MATRIX,
  negativeMatrix: [
    set('RSAES-PKCS1-v1_5', 'AES-128-CBC', 'issuerAndSerialNumber'),
    set('RSAES-OAEP-SHA-256', 'AES-256-CBC', 'subjectKeyIdentifier'),
    set('RSAES-OAEP-SHA-256', 'AES-256-GCM', 'issuerAndSerialNumber'),
  ],
  keys: {
    keyParams: ['modulusBits'],
    keyType: 'rsa-certificate',
    keyEncoding: "a PKCS#8 private key and the recipient library's own self-signed X.509 certificate",
    decryptWithPublicKey: true,
    diagnosis: [['keyTransport'], ['contentEncryption'], ['recipientId']],
  },
  layout:
    'ciphertext: BER ContentInfo (id-envelopedData or id-ct-authEnvelopedData; openssl writes DER, forge a constructed [0] encryptedContent, pkijs indefinite lengths, and 1024-byte segments past 1024 bytes) with one KeyTransRecipientInfo; publicKey: the recipient certificate (DER X.509); secretKey: the recipient private key (DER PKCS#8)',
  ops: ['generateKeyPair', 'encrypt', 'decrypt'],
  deterministic: false,
  authenticated: false,
  // The first size is the one negative cases tamper with; 0 is the empty content (one padding block, or none with GCM).
  plaintextSizes: [17, 0, 1024],
  mutations: MUTATIONS,
  intents: INTENTS,
  stated: cmsStated,
  sizes: (p) => ({ key: 0, nonce: 0, tag: isGcm(p) ? 16 : 0, block: isTripleDes(p) ? 8 : 16 }),
  paramsId: (p) =>
    `${String(p['modulusBits'])}-${slug[String(p['keyTransport'])]}-${String(p['contentEncryption']).toLowerCase()}-${slug[String(p['recipientId'])]}`,
};
