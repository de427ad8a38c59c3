/**
 * node-forge's PKCS#7 / CMS EnvelopedData (forge.pkcs7), pure JavaScript. Binary strings exist
 * only inside this file.
 *
 * Library facts this adapter relies on (node-forge 1.4, lib/pkcs7.js, lib/pkcs7asn1.js):
 * - `createEnvelopedData().addRecipient(cert)` writes a version 0 KeyTransRecipientInfo with
 *   issuerAndSerialNumber and rsaEncryption (PKCS#1 v1.5), "since forge.pki only supports RSA
 *   so far": no RSAES-OAEP, and no subjectKeyIdentifier (the RecipientInfo validator expects
 *   the issuerAndSerialNumber SEQUENCE, so a [0] rid cannot even be read).
 * - `encrypt(key, cipher)` knows aes128-CBC, aes192-CBC, aes256-CBC, des-EDE3-CBC and
 *   desCBC; there is no AuthEnvelopedData and no GCM.
 * - `findRecipient(cert)` matches issuer attributes and serial number; `decrypt(recipient,
 *   key)` decrypts the encryptedKey with `privKey.decrypt` (PKCS#1 v1.5, throws on bad
 *   padding) and then the content; a failed CBC unpadding throws "Symmetric decryption failed".
 * - Certificates: forge.pki.createCertificate, signed with SHA-256; `subjectKeyIdentifier`
 *   is the SHA-1 of the subjectPublicKey (RFC 5280 §4.2.1.2 method 1).
 */
import forge from 'node-forge';
import { randomBytes } from 'node:crypto';
import { defineAdapter, inProcessProbe } from '../../core/adapter.js';
import { RejectedError } from '../../core/errors.js';
import type { ByteMap, Params } from '../../core/model.js';
import { packageVersion } from '../../core/version.js';
import { aesBits, cmsEnveloped, isTripleDes } from '../../standards/cms.js';
import { assemble, documentedCall, input, num, oneOf } from '../binding.js';
import { certificateName } from '../cms-shared.js';
import { importing, rejecting } from '../key-import.js';
import { bin, bytesOfBin } from './node-forge-rsa.js';

const der = (asn1: forge.asn1.Asn1): Uint8Array => bytesOfBin(forge.asn1.toDer(asn1).getBytes());
const fromDer = (bytes: Uint8Array): forge.asn1.Asn1 => forge.asn1.fromDer(bin(bytes));

/** An RSA key pair (Node's native generation through forge) and a self-signed certificate made by forge.pki. */
function generateKeyPair(p: Params): Promise<ByteMap> {
  return new Promise((resolve, reject) => {
    forge.pki.rsa.generateKeyPair({ bits: num(p, 'modulusBits'), e: 0x10001 }, (err, pair) => {
      if (err) return reject(err);
      const cert = forge.pki.createCertificate();
      cert.publicKey = pair.publicKey;
      // A positive serial number: the high bit of the first byte clear.
      cert.serialNumber = `01${randomBytes(15).toString('hex')}`;
      cert.validity.notBefore = new Date(Date.now() - 60_000);
      cert.validity.notAfter = new Date(Date.now() + 86_400_000);
      const name = [{ name: 'commonName', value: certificateName('forge-cms') }];
      cert.setSubject(name);
      cert.setIssuer(name);
      cert.setExtensions([
        { name: 'basicConstraints', cA: false },
        { name: 'keyUsage', keyEncipherment: true, digitalSignature: true },
        { name: 'subjectKeyIdentifier' },
      ]);
      cert.sign(pair.privateKey, forge.md.sha256.create());
      const pkcs8 = forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(pair.privateKey));
      resolve({ publicKey: der(forge.pki.certificateToAsn1(cert)), secretKey: der(pkcs8) });
    });
  });
}

const certificate = (i: ByteMap): Promise<forge.pki.Certificate> =>
  importing('node-forge certificate', () => forge.pki.certificateFromAsn1(fromDer(input(i, 'publicKey'))));

async function encrypt(p: Params, i: ByteMap): Promise<ByteMap> {
  const cert = await certificate(i);
  const msg = forge.pkcs7.createEnvelopedData();
  msg.addRecipient(cert);
  msg.content = forge.util.createBuffer(bin(input(i, 'plaintext')));
  msg.encrypt(undefined, forge.pki.oids[isTripleDes(p) ? 'des-EDE3-CBC' : aesBits(p) === 128 ? 'aes128-CBC' : 'aes256-CBC']);
  return { ciphertext: der(msg.toAsn1()) };
}

/**
 * As node-forge's README calls it: `encrypt()` with no key and no cipher, which takes the
 * algorithm createEnvelopedData() set, aes256-CBC (lib/pkcs7.js), with rsaEncryption and
 * issuerAndSerialNumber, the only ones addRecipient writes.
 */
async function encryptAsCalled(_p: Params, i: ByteMap): Promise<ByteMap> {
  const cert = await certificate(i);
  const msg = forge.pkcs7.createEnvelopedData();
  msg.addRecipient(cert);
  msg.content = forge.util.createBuffer(bin(input(i, 'plaintext')));
  msg.encrypt();
  return { ciphertext: der(msg.toAsn1()) };
}

async function decrypt(_p: Params, i: ByteMap): Promise<ByteMap> {
  const cert = await certificate(i);
  const key = await importing('node-forge PKCS#8 private key', () => forge.pki.privateKeyFromAsn1(fromDer(input(i, 'secretKey'))) as forge.pki.rsa.PrivateKey);
  const plaintext = await rejecting('node-forge pkcs7 EnvelopedData', () => {
    const msg = forge.pkcs7.messageFromAsn1(fromDer(input(i, 'ciphertext'))) as unknown as { type: string };
    if (msg.type !== forge.pki.oids['envelopedData']) throw new RejectedError(`not EnvelopedData: content type ${msg.type}`);
    const enveloped = msg as unknown as forge.pkcs7.PkcsEnvelopedData;
    const recipient = enveloped.findRecipient(cert);
    if (!recipient) throw new RejectedError('no RecipientInfo names the certificate (issuer and serial number)');
    enveloped.decrypt(recipient, key);
    return (enveloped as unknown as { content: forge.util.ByteStringBuffer }).content.getBytes();
  });
  return { plaintext: bytesOfBin(plaintext) };
}

const { claims, ops } = assemble('forge-cms', [
  {
    standard: cmsEnveloped,
    rules: [
      oneOf('modulusBits', [2048], 'forge.pki.rsa handles any modulus size'),
      oneOf(
        'keyTransport',
        ['RSAES-PKCS1-v1_5'],
        'forge.pkcs7 addRecipient writes rsaEncryption only and decrypt() refuses any other keyEncryptionAlgorithm ("Unsupported asymmetric cipher"): no RSAES-OAEP',
      ),
      oneOf(
        'contentEncryption',
        ['AES-128-CBC', 'AES-256-CBC', 'DES-EDE3-CBC'],
        'forge.pkcs7 has AES-CBC and 3DES-CBC only: no AuthEnvelopedData (RFC 5083), no GCM',
      ),
      oneOf(
        'recipientId',
        ['issuerAndSerialNumber'],
        'forge.pkcs7 writes and reads only issuerAndSerialNumber: its RecipientInfo validator cannot read a subjectKeyIdentifier rid',
      ),
    ],
    ops: { generateKeyPair, encrypt, decrypt },
  },
]);

/** node-forge forge.pkcs7 EnvelopedData. */
export const forgeCms = defineAdapter({
  id: 'forge-cms',
  library: 'node-forge',
  kind: 'in-process',
  variant: 'explicit',
  description: 'node-forge forge.pkcs7 createEnvelopedData / messageFromAsn1, certificates from forge.pki; binary strings converted at the boundary',
  probe: inProcessProbe(() => packageVersion('node-forge')),
  capabilities: { claims, gaps: {} },
  ops,
  intents: {
    [cmsEnveloped.id]: {
      'to-certificate': documentedCall(
        'const p7 = forge.pkcs7.createEnvelopedData(); p7.addRecipient(cert); p7.content = forge.util.createBuffer(data); p7.encrypt() / forge.pkcs7.messageFromAsn1(…).decrypt(p7.findRecipient(cert), privateKey)',
        { modulusBits: 2048, keyTransport: 'RSAES-PKCS1-v1_5', contentEncryption: 'AES-256-CBC', recipientId: 'issuerAndSerialNumber' },
        { generateKeyPair, encrypt: encryptAsCalled, decrypt },
      ),
    },
  },
});
