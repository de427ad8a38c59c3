/**
 * Surgery on PKCS#12 files and EncryptedPrivateKeyInfo for the tamper mutations of `pkcs12` and
 * `pkcs8-encrypted`: find the MAC, its salt and iteration count, the authenticated content, the
 * encrypted bytes, change one of them and encode the file again. The structures are RFC 7292 §4
 * (PFX, MacData) and RFC 5958 §3 (EncryptedPrivateKeyInfo); parsing is asn1js's.
 */
import { createHash, createHmac } from 'node:crypto';
import * as asn1js from 'asn1js';

/** The parsed top-level SEQUENCE, or undefined when `der` is not one. */
function parseSequence(der: Uint8Array): asn1js.Sequence | undefined {
  const parsed = asn1js.fromBER(Uint8Array.from(der));
  if (parsed.offset === -1 || !(parsed.result instanceof asn1js.Sequence)) return undefined;
  return parsed.result;
}

/** Children of a constructed value. */
function children(node: asn1js.AsnType | undefined): asn1js.AsnType[] {
  const v = (node as asn1js.Sequence | undefined)?.valueBlock as { value?: asn1js.AsnType[] } | undefined;
  return Array.isArray(v?.value) ? v.value : [];
}

const encode = (node: asn1js.AsnType): Uint8Array => new Uint8Array(node.toBER(false));

/** The PFX's MacData, its digest OCTET STRING and the authenticated content, when the file has them. */
interface PfxParts {
  readonly pfx: asn1js.Sequence;
  readonly macData: asn1js.Sequence;
  readonly digestAlgorithm: string;
  readonly digest: asn1js.OctetString;
  readonly salt: Uint8Array;
  readonly iterations: number;
  readonly iterationsNode: asn1js.Integer | undefined;
  /** The bytes the MAC covers: the content of the authSafe's OCTET STRING (RFC 7292 §4). */
  readonly authenticated: Uint8Array | undefined;
}

function pfxParts(der: Uint8Array): PfxParts | undefined {
  const pfx = parseSequence(der);
  const [, authSafe, macData] = children(pfx);
  if (!pfx || !(macData instanceof asn1js.Sequence)) return undefined;
  const [digestInfo, salt, iterations] = children(macData);
  const [algId, digest] = children(digestInfo);
  const [oid] = children(algId);
  if (!(digest instanceof asn1js.OctetString) || !(salt instanceof asn1js.OctetString) || !(oid instanceof asn1js.ObjectIdentifier)) return undefined;
  const iterationsNode = iterations instanceof asn1js.Integer ? iterations : undefined;
  const content = children(children(authSafe)[1])[0];
  const authenticated = content instanceof asn1js.OctetString && !content.idBlock.isConstructed ? Uint8Array.from(content.valueBlock.valueHexView) : undefined;
  return {
    pfx,
    macData,
    digestAlgorithm: oid.valueBlock.toString(),
    digest,
    salt: Uint8Array.from(salt.valueBlock.valueHexView),
    iterations: iterationsNode ? Number(iterationsNode.toBigInt()) : 1,
    iterationsNode,
    authenticated,
  };
}

/** True when the file has a password MAC (MacData) this module can recompute. */
export function hasPasswordMac(der: Uint8Array): boolean {
  const p = pfxParts(der);
  return p !== undefined && HASHES[p.digestAlgorithm] !== undefined && p.authenticated !== undefined;
}

/** The file with bit 0 of the MAC's last byte flipped; undefined without a MAC. */
export function flipMac(der: Uint8Array): Uint8Array | undefined {
  const p = pfxParts(der);
  if (!p) return undefined;
  const digest = Uint8Array.from(p.digest.valueBlock.valueHexView);
  if (digest.length === 0) return undefined;
  digest[digest.length - 1]! ^= 0x01;
  p.digest.valueBlock.valueHexView = digest;
  return encode(p.pfx);
}

/** The file with the MAC's iteration count set to `count` (written even where it was left at its default of 1); undefined without a MAC. */
export function setMacIterations(der: Uint8Array, count: number): Uint8Array | undefined {
  const p = pfxParts(der);
  if (!p) return undefined;
  const node = new asn1js.Integer({ value: count });
  const items = children(p.macData);
  if (p.iterationsNode) items[2] = node;
  else items.push(node);
  return encode(p.pfx);
}

/** Hash names, block sizes and digest lengths of the MAC digests (RFC 7292 App. B.2 needs the block size v). */
const HASHES: Readonly<Record<string, { name: string; v: number; u: number }>> = {
  '1.3.14.3.2.26': { name: 'sha1', v: 64, u: 20 },
  '2.16.840.1.101.3.4.2.4': { name: 'sha224', v: 64, u: 28 },
  '2.16.840.1.101.3.4.2.1': { name: 'sha256', v: 64, u: 32 },
  '2.16.840.1.101.3.4.2.2': { name: 'sha384', v: 128, u: 48 },
  '2.16.840.1.101.3.4.2.3': { name: 'sha512', v: 128, u: 64 },
};

/** A password as the PKCS#12 KDF takes it: a BMPString (UTF-16BE) with two zero bytes at the end (RFC 7292 App. B.1). */
export function bmpPassword(utf8: Uint8Array): Uint8Array {
  const text = Buffer.from(utf8).toString('utf8');
  const out = new Uint8Array(2 * text.length + 2);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[2 * i] = c >> 8;
    out[2 * i + 1] = c & 0xff;
  }
  return out;
}

/** RFC 7292 App. B.2: `n` bytes of key material of purpose `id` (1 key, 2 IV, 3 MAC) from a BMPString password. */
export function pkcs12Kdf(hash: string, v: number, u: number, password: Uint8Array, salt: Uint8Array, id: number, iterations: number, n: number): Uint8Array {
  const fill = (src: Uint8Array): Uint8Array => {
    const len = src.length === 0 ? 0 : v * Math.ceil(src.length / v);
    return Uint8Array.from({ length: len }, (_, i) => src[i % src.length]!);
  };
  const D = new Uint8Array(v).fill(id);
  const I = Uint8Array.from([...fill(salt), ...fill(password)]);
  const out: number[] = [];
  while (out.length < n) {
    let A = createHash(hash).update(D).update(I).digest();
    for (let i = 1; i < iterations; i++) A = createHash(hash).update(A).digest();
    out.push(...A);
    const B = Uint8Array.from({ length: v }, (_, i) => A[i % u]!);
    for (let j = 0; j < I.length; j += v) {
      let carry = 1;
      for (let k = v - 1; k >= 0; k--) {
        const sum = I[j + k]! + B[k]! + carry;
        I[j + k] = sum & 0xff;
        carry = sum >> 8;
      }
    }
  }
  return Uint8Array.from(out.slice(0, n));
}

/** The file with its MAC recomputed under another password (the same salt, iterations and digest); undefined when it has no such MAC. */
export function remacWithPassword(der: Uint8Array, password: Uint8Array): Uint8Array | undefined {
  const p = pfxParts(der);
  const h = p && HASHES[p.digestAlgorithm];
  if (!p || !h || !p.authenticated) return undefined;
  const key = pkcs12Kdf(h.name, h.v, h.u, bmpPassword(password), p.salt, 3, p.iterations, h.u);
  p.digest.valueBlock.valueHexView = Uint8Array.from(createHmac(h.name, key).update(p.authenticated).digest());
  return encode(p.pfx);
}

/** EncryptedPrivateKeyInfo: the encrypted key's OCTET STRING, and the PBKDF2 iteration count's INTEGER when the scheme is PBES2 with PBKDF2. */
function epkiParts(der: Uint8Array): { root: asn1js.Sequence; data: asn1js.OctetString; kdfParams: asn1js.Sequence | undefined } | undefined {
  const root = parseSequence(der);
  const [algId, data] = children(root);
  if (!root || !(data instanceof asn1js.OctetString)) return undefined;
  // PBES2-params: SEQUENCE { keyDerivationFunc { PBKDF2 OID, PBKDF2-params }, encryptionScheme }
  const [, pbes2Params] = children(algId);
  const [kdf] = children(pbes2Params);
  const [kdfOid, kdfParams] = children(kdf);
  const pbkdf2 = kdfOid instanceof asn1js.ObjectIdentifier && kdfOid.valueBlock.toString() === '1.2.840.113549.1.5.12';
  return { root, data, kdfParams: pbkdf2 && kdfParams instanceof asn1js.Sequence ? kdfParams : undefined };
}

/** The EncryptedPrivateKeyInfo with one bit of its encrypted data flipped at `index` (of the data). */
export function flipEncryptedKey(der: Uint8Array, pick: (length: number) => number): Uint8Array | undefined {
  const p = epkiParts(der);
  if (!p) return undefined;
  const data = Uint8Array.from(p.data.valueBlock.valueHexView);
  if (data.length === 0) return undefined;
  data[pick(data.length)]! ^= 0x01;
  p.data.valueBlock.valueHexView = data;
  return encode(p.root);
}

/** The EncryptedPrivateKeyInfo with its PBKDF2 iteration count set to `count`; undefined unless the scheme is PBES2 with PBKDF2. */
export function setPbkdf2Iterations(der: Uint8Array, count: number): Uint8Array | undefined {
  const p = epkiParts(der);
  if (!p?.kdfParams) return undefined;
  const items = children(p.kdfParams);
  if (!(items[1] instanceof asn1js.Integer)) return undefined;
  items[1] = new asn1js.Integer({ value: count });
  return encode(p.root);
}

/** The MAC iteration count of a PKCS#12 file, or undefined when it has no MacData. */
export function macIterationsOf(der: Uint8Array): number | undefined {
  return pfxParts(der)?.iterations;
}

/** The PBKDF2 iteration count of an EncryptedPrivateKeyInfo, or undefined unless it is PBES2 with PBKDF2. */
export function pbkdf2IterationsOf(der: Uint8Array): number | undefined {
  const items = children(epkiParts(der)?.kdfParams);
  return items[1] instanceof asn1js.Integer ? Number(items[1].toBigInt()) : undefined;
}

/** The bytes of an OCTET STRING, also one BER splits into constructed parts. */
function octets(node: asn1js.AsnType | undefined): Uint8Array | undefined {
  if (!(node instanceof asn1js.OctetString)) return undefined;
  if (!node.idBlock.isConstructed) return Uint8Array.from(node.valueBlock.valueHexView);
  const parts = children(node).map(octets);
  if (parts.some((p) => p === undefined)) return undefined;
  return Uint8Array.from(Buffer.concat(parts as Uint8Array[]));
}

const oidOf = (node: asn1js.AsnType | undefined): string | undefined => (node instanceof asn1js.ObjectIdentifier ? node.valueBlock.toString() : undefined);
const intOf = (node: asn1js.AsnType | undefined): number | undefined => (node instanceof asn1js.Integer ? Number(node.toBigInt()) : undefined);

/** PKCS#12 PBE schemes (RFC 7292 App. C) by OID, with the canonical names of `pkcs12`. */
const PKCS12_PBE: Readonly<Record<string, string>> = {
  '1.2.840.113549.1.12.1.3': 'pbes1-sha1-3des',
  '1.2.840.113549.1.12.1.6': 'pbes1-sha1-rc2-40',
  '1.2.840.113549.1.5.3': 'pbes1-md5-des',
};
/** PBKDF2 PRFs (RFC 8018 App. B.1; absent: hmacWithSHA1) and PBES2 ciphers. */
const PRF: Readonly<Record<string, string>> = { '1.2.840.113549.2.7': 'sha1', '1.2.840.113549.2.9': 'sha256', '1.2.840.113549.2.11': 'sha512' };
const CIPHER: Readonly<Record<string, string>> = {
  '2.16.840.1.101.3.4.1.2': 'aes-128-cbc',
  '2.16.840.1.101.3.4.1.42': 'aes-256-cbc',
  '1.2.840.113549.3.7': 'des-ede3-cbc',
};

/** An encryption AlgorithmIdentifier as the canonical scheme name, its iteration count and salt length. */
interface Scheme {
  readonly name: string;
  readonly iterations?: number;
  readonly saltBytes?: number;
}

function schemeOf(algId: asn1js.AsnType | undefined): Scheme {
  const [oidNode, params] = children(algId);
  const oid = oidOf(oidNode) ?? '?';
  if (PKCS12_PBE[oid] !== undefined) {
    const [salt, iterations] = children(params);
    return { name: PKCS12_PBE[oid]!, iterations: intOf(iterations) ?? 1, saltBytes: octets(salt)?.length ?? 0 };
  }
  if (oid !== '1.2.840.113549.1.5.13') return { name: `unknown scheme ${oid}` };
  const [kdf, enc] = children(params);
  const [kdfOid, kdfParams] = children(kdf);
  const cipher = CIPHER[oidOf(children(enc)[0]) ?? ''] ?? `cipher ${oidOf(children(enc)[0])}`;
  if (oidOf(kdfOid) === '1.3.6.1.4.1.11591.4.11') return { name: `pbes2-scrypt-${cipher}`, saltBytes: octets(children(kdfParams)[0])?.length ?? 0 };
  const items = children(kdfParams);
  const prfId = items.find((i) => i instanceof asn1js.Sequence);
  const prf = prfId === undefined ? 'sha1' : (PRF[oidOf(children(prfId)[0]) ?? ''] ?? `prf ${oidOf(children(prfId)[0])}`);
  return { name: `pbes2-hmac-${prf}-${cipher}`, iterations: intOf(items[1]) ?? 0, saltBytes: octets(items[0])?.length ?? 0 };
}

const MAC_DIGEST: Readonly<Record<string, string>> = {
  '1.3.14.3.2.26': 'hmac-sha1',
  '2.16.840.1.101.3.4.2.1': 'hmac-sha256',
  '2.16.840.1.101.3.4.2.3': 'hmac-sha512',
};

/**
 * The parameters a PKCS#12 file states (RFC 7292 §4): the key bag's and certificate safe's
 * encryption (canonical `pkcs12` names; a PBES2 name spells its PRF and cipher), the iteration
 * count and salt length of the key encryption (a certificate encryption with other values is
 * shown as `key/certificate`), the MAC and its iteration count. What a tool writes when called
 * as documented is compared with these, so that a declared default is read from the file.
 * Undefined when `der` is not a PFX.
 */
export function pkcs12Stated(der: Uint8Array): Record<string, string | number> | undefined {
  const pfx = parseSequence(der);
  const [, authSafe, macData] = children(pfx);
  const authenticated = octets(children(children(authSafe)[1])[0]);
  if (!pfx || !authenticated) return undefined;
  const safes = children(parseSequence(authenticated));
  let key: Scheme | undefined;
  let cert: Scheme | undefined;
  for (const ci of safes) {
    const [type, content] = children(ci);
    const t = oidOf(type);
    if (t === '1.2.840.113549.1.7.6') {
      // EncryptedData { version, EncryptedContentInfo { contentType, algorithm, [0] encrypted } }: the certificates, as every tool writes them.
      cert = schemeOf(children(children(children(content)[0])[1])[1]);
      continue;
    }
    if (t !== '1.2.840.113549.1.7.1') continue;
    const bags = children(parseSequence(octets(children(content)[0]) ?? new Uint8Array()));
    for (const bag of bags) {
      const [bagId, value] = children(bag);
      const b = oidOf(bagId);
      if (b === '1.2.840.113549.1.12.10.1.2') key = schemeOf(children(children(value)[0])[0]);
      else if (b === '1.2.840.113549.1.12.10.1.1') key = { name: 'none' };
      else if (b === '1.2.840.113549.1.12.10.1.3') cert ??= { name: 'none' };
    }
  }
  const out: Record<string, string | number> = { keyEncryption: key?.name ?? 'no key bag', certEncryption: cert?.name ?? 'no certificate bag' };
  const pair = (k: number | undefined, c: number | undefined): string | number | undefined =>
    k === undefined ? c : c === undefined || c === k ? k : `${k}/${c}`;
  const iterations = pair(key?.iterations, cert?.iterations);
  const saltBytes = pair(key?.saltBytes, cert?.saltBytes);
  if (iterations !== undefined) out['iterations'] = iterations;
  if (saltBytes !== undefined) out['saltBytes'] = saltBytes;
  if (!(macData instanceof asn1js.Sequence)) out['mac'] = 'none';
  else {
    const algId = children(children(macData)[0])[0];
    const oid = oidOf(children(algId)[0]) ?? '?';
    out['mac'] = oid === '1.2.840.113549.1.5.14' ? 'pbmac1' : (MAC_DIGEST[oid] ?? `mac ${oid}`);
    out['macIterations'] = intOf(children(macData)[2]) ?? 1;
  }
  return out;
}

/**
 * The parameters an EncryptedPrivateKeyInfo states (RFC 5958 §3): its encryption (canonical
 * `pkcs8-encrypted` names; a PBES2 name spells its KDF, PRF and cipher), the iteration count (none
 * for scrypt, whose cost is its own) and the salt length. Undefined when `der` is none.
 */
export function pkcs8Stated(der: Uint8Array): Record<string, string | number> | undefined {
  const root = parseSequence(der);
  const [algId, data] = children(root);
  if (!root || !(algId instanceof asn1js.Sequence) || !(data instanceof asn1js.OctetString)) return undefined;
  const scheme = schemeOf(algId);
  return {
    keyEncryption: scheme.name,
    ...(scheme.iterations === undefined ? {} : { iterations: scheme.iterations }),
    ...(scheme.saltBytes === undefined ? {} : { saltBytes: scheme.saltBytes }),
  };
}
