/**
 * PKI.js (pkijs 4 + asn1js) EnvelopedData on Node's WebCrypto: `pkijs.setEngine` with a
 * `CryptoEngine` over `globalThis.crypto`.
 *
 * Library facts this adapter relies on (pkijs 4.0, build/index.js):
 * - `EnvelopedData.addRecipientByCertificate(cert, { oaepHashAlgorithm })` writes a version 0
 *   KeyTransRecipientInfo with issuerAndSerialNumber and id-RSAES-OAEP whose hashFunc and
 *   maskGenFunc hash are both `oaepHashAlgorithm` (default SHA-512: passed explicitly here, left to the default as called).
 *   With `useOAEP: false` it asks for the OID of RSAES-PKCS1-v1_5, and WebCrypto has no such
 *   encryption at all: no PKCS#1 v1.5 key transport.
 * - A subjectKeyIdentifier rid is a `KeyTransRecipientInfo.rid` holding an OctetString (read
 *   and written as [0]); the adapter sets it, with version 2 (RFC 5652 §6.2.1), on the
 *   RecipientInfo addRecipientByCertificate made.
 * - `encrypt({ name: 'AES-CBC', length })` uses a 16-byte IV as parameters. With AES-GCM it
 *   writes GCM into EnvelopedData with a bare 16-byte IV OCTET STRING as parameters, not
 *   GCMParameters (RFC 5084 §3.2), and there is no AuthEnvelopedData class (RFC 5083): GCM
 *   is declared a gap rather than produce a message no other implementation reads.
 * - `encrypt` always sets EnvelopedData version 2 (RFC 5652 §6.1 asks for 0 here); contents over
 *   1024 bytes are written as a constructed OCTET STRING of 1024-byte pieces (BER, allowed).
 * - `decrypt(recipientIndex, …)` takes the index of the RecipientInfo: pkijs does not compare
 *   the rid with the certificate, so the adapter selects it (issuer and serial, or the SKI).
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { defineAdapter, inProcessProbe } from '../core/adapter.js';
import { bytesEqual } from '../core/bytes.js';
import { RejectedError } from '../core/errors.js';
import type { ByteMap, Params } from '../core/model.js';
import { packageVersion } from '../core/version.js';
import { aesBits, cmsEnveloped, oaepHashOf } from '../standards/cms.js';
import { assemble, documentedCall, input, num, oneOf } from './binding.js';
import { certificateName } from './cms-shared.js';
import { importing, rejecting } from './key-import.js';

pkijs.setEngine('bothends-webcrypto', new pkijs.CryptoEngine({ name: 'bothends-webcrypto', crypto: globalThis.crypto }));

const SKI_OID = '2.5.29.14';
const buffer = (b: Uint8Array): ArrayBuffer => b.slice().buffer;
const bytes = (b: ArrayBuffer | Uint8Array): Uint8Array => new Uint8Array(b instanceof Uint8Array ? b.slice() : b.slice(0));

/** The subjectKeyIdentifier extension value of a certificate, if it has one. */
function skiOf(cert: pkijs.Certificate): Uint8Array | undefined {
  const ext = cert.extensions?.find((e) => e.extnID === SKI_OID);
  if (!ext) return undefined;
  const parsed = asn1js.fromBER(ext.extnValue.valueBlock.valueHexView);
  return parsed.offset === -1 ? undefined : bytes((parsed.result as asn1js.OctetString).valueBlock.valueHexView);
}

/** An RSA key pair from WebCrypto and a self-signed pkijs.Certificate with a SHA-1 subjectKeyIdentifier (RFC 5280 §4.2.1.2). */
async function generateKeyPair(p: Params): Promise<ByteMap> {
  const subtle = globalThis.crypto.subtle;
  const alg = { name: 'RSASSA-PKCS1-v1_5', modulusLength: num(p, 'modulusBits'), publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' };
  const keys = await subtle.generateKey(alg, true, ['sign', 'verify']);
  const cert = new pkijs.Certificate();
  cert.version = 2;
  const serial = globalThis.crypto.getRandomValues(new Uint8Array(16));
  serial[0] = (serial[0]! & 0x7f) | 0x01;
  cert.serialNumber = new asn1js.Integer({ valueHex: serial });
  const name = (): pkijs.AttributeTypeAndValue =>
    new pkijs.AttributeTypeAndValue({ type: '2.5.4.3', value: new asn1js.Utf8String({ value: certificateName('pkijs-cms') }) });
  cert.subject.typesAndValues.push(name());
  cert.issuer.typesAndValues.push(name());
  cert.notBefore.value = new Date(Date.now() - 60_000);
  cert.notAfter.value = new Date(Date.now() + 86_400_000);
  await cert.subjectPublicKeyInfo.importKey(keys.publicKey);
  const ski = await subtle.digest('SHA-1', cert.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView as Uint8Array<ArrayBuffer>);
  cert.extensions = [new pkijs.Extension({ extnID: SKI_OID, critical: false, extnValue: new asn1js.OctetString({ valueHex: ski }).toBER(false) })];
  await cert.sign(keys.privateKey, 'SHA-256');
  return { publicKey: bytes(cert.toSchema(true).toBER(false)), secretKey: bytes(await subtle.exportKey('pkcs8', keys.privateKey)) };
}

const certificate = (i: ByteMap): Promise<pkijs.Certificate> => importing('pkijs certificate', () => pkijs.Certificate.fromBER(buffer(input(i, 'publicKey'))));

/**
 * As PKI.js documents the calls, their optional parameters left out: `addRecipientByCertificate(cert)` with no
 * parameters, which is RSAES-OAEP with SHA-512 (its default `oaepHashAlgorithm`, build/index.js),
 * and `encrypt(algorithm, data)`, whose content cipher has no default: the call names
 * AES-256-CBC.
 */
async function encryptAsCalled(_p: Params, i: ByteMap): Promise<ByteMap> {
  const env = new pkijs.EnvelopedData();
  env.addRecipientByCertificate(await certificate(i));
  await env.encrypt({ name: 'AES-CBC', length: 256 } as pkijs.ContentEncryptionAlgorithm, buffer(input(i, 'plaintext')));
  const info = new pkijs.ContentInfo({ contentType: pkijs.ContentInfo.ENVELOPED_DATA, content: env.toSchema() });
  return { ciphertext: bytes(info.toSchema().toBER(false)) };
}

async function encrypt(p: Params, i: ByteMap): Promise<ByteMap> {
  const cert = await certificate(i);
  const env = new pkijs.EnvelopedData();
  env.addRecipientByCertificate(cert, { oaepHashAlgorithm: oaepHashOf(p)! });
  if (p['recipientId'] === 'subjectKeyIdentifier') {
    const ski = skiOf(cert);
    if (!ski) throw new RejectedError('the recipient certificate has no subjectKeyIdentifier extension');
    const ktri = env.recipientInfos[0]!.value as pkijs.KeyTransRecipientInfo;
    ktri.version = 2;
    ktri.rid = new asn1js.OctetString({ valueHex: buffer(ski) });
  }
  await env.encrypt({ name: 'AES-CBC', length: aesBits(p) } as pkijs.ContentEncryptionAlgorithm, buffer(input(i, 'plaintext')));
  const info = new pkijs.ContentInfo({ contentType: pkijs.ContentInfo.ENVELOPED_DATA, content: env.toSchema() });
  return { ciphertext: bytes(info.toSchema().toBER(false)) };
}

/** Index of the KeyTransRecipientInfo whose rid names `cert`, or -1. */
function recipientIndex(env: pkijs.EnvelopedData, cert: pkijs.Certificate): number {
  const ski = skiOf(cert);
  return env.recipientInfos.findIndex((ri) => {
    if (ri.variant !== 1) return false;
    const rid = (ri.value as pkijs.KeyTransRecipientInfo).rid;
    if (rid instanceof pkijs.IssuerAndSerialNumber) return rid.issuer.isEqual(cert.issuer) && rid.serialNumber.isEqual(cert.serialNumber);
    return ski !== undefined && rid instanceof asn1js.OctetString && bytesEqual(bytes(rid.valueBlock.valueHexView), ski);
  });
}

async function decrypt(_p: Params, i: ByteMap): Promise<ByteMap> {
  const cert = await certificate(i);
  const plaintext = await rejecting('pkijs EnvelopedData', async () => {
    const info = pkijs.ContentInfo.fromBER(buffer(input(i, 'ciphertext')));
    if (info.contentType !== pkijs.ContentInfo.ENVELOPED_DATA) throw new RejectedError(`not EnvelopedData: content type ${info.contentType}`);
    const env = new pkijs.EnvelopedData({ schema: info.content });
    const index = recipientIndex(env, cert);
    if (index < 0) throw new RejectedError('no RecipientInfo names the certificate');
    return env.decrypt(index, { recipientCertificate: cert, recipientPrivateKey: buffer(input(i, 'secretKey')) });
  });
  return { plaintext: bytes(plaintext) };
}

const { claims, ops } = assemble('pkijs-cms', [
  {
    standard: cmsEnveloped,
    rules: [
      oneOf('modulusBits', [2048], 'WebCrypto generates any modulus size'),
      oneOf(
        'keyTransport',
        ['RSAES-OAEP-SHA-1', 'RSAES-OAEP-SHA-256', 'RSAES-OAEP-SHA-512'],
        'pkijs key transport goes through WebCrypto, which has RSA-OAEP (MGF1 hash = OAEP hash) but no RSAES-PKCS1-v1_5 encryption',
      ),
      oneOf(
        'contentEncryption',
        ['AES-128-CBC', 'AES-256-CBC'],
        'pkijs 4 has no AuthEnvelopedData (RFC 5083); its EnvelopedData with AES-GCM carries a bare 16-byte IV instead of GCMParameters (RFC 5084 §3.2), which is not the standard message; its content ciphers go through WebCrypto, which has no Triple-DES',
      ),
      oneOf('recipientId', ['issuerAndSerialNumber', 'subjectKeyIdentifier'], 'KeyTransRecipientInfo.rid takes either choice'),
    ],
    ops: { generateKeyPair, encrypt, decrypt },
  },
]);

/** PKI.js EnvelopedData over Node's WebCrypto. */
export const pkijsCms = defineAdapter({
  id: 'pkijs-cms',
  library: 'pkijs',
  kind: 'in-process',
  variant: 'explicit',
  description: 'pkijs EnvelopedData.addRecipientByCertificate / encrypt / decrypt on a CryptoEngine over Node WebCrypto, certificates from pkijs.Certificate',
  probe: inProcessProbe(() => `${packageVersion('pkijs')} (asn1js ${packageVersion('asn1js')})`),
  capabilities: { claims, gaps: {} },
  ops,
  intents: {
    [cmsEnveloped.id]: {
      'to-certificate': documentedCall(
        "env.addRecipientByCertificate(cert); await env.encrypt({ name: 'AES-CBC', length: 256 }, data) / env.decrypt(0, { recipientCertificate, recipientPrivateKey })",
        { modulusBits: 2048, keyTransport: 'RSAES-OAEP-SHA-512', contentEncryption: 'AES-256-CBC', recipientId: 'issuerAndSerialNumber' },
        { generateKeyPair, encrypt: encryptAsCalled, decrypt },
      ),
    },
  },
});
