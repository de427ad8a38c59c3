#!/usr/bin/python3
"""python-ref: the bothends reference adapter in Python.

Speaks the bothends adapter protocol, version 1 (docs/adapter-protocol.md): one JSON object
per line, a hello first, then one response per request, bytes in base64. Run it with Debian's
/usr/bin/python3, whose python3-cryptography (pyca, on the system OpenSSL) and python3-nacl
(PyNaCl, on the system libsodium) it uses; it never fills in a parameter it was not given.

Library facts this adapter relies on:
- pyca's AESGCM class fixes a 16-byte tag; the lower-level Cipher(AES, GCM) takes IVs of 8 to
  128 bytes and verifies a truncated tag when given min_tag_length, so that is what is used.
- pyca's CTR mode (OpenSSL) increments the whole 16-byte counter block.
- PyNaCl's SecretBox/Box .encrypt() return nonce || tag || ciphertext; `.ciphertext` is the
  canonical tag || ciphertext.
- pyca raises ValueError for an all-zero X25519 shared secret (a low-order public key).
- pyca has no JWK import or export, so keyFormat jwk is not claimed; DER and PEM keys are
  SubjectPublicKeyInfo/PKCS#8 (PKCS#1 "TraditionalOpenSSL" for the pkcs1-* RSA formats).
- pyca's OAEP takes the OAEP hash and the MGF1 hash separately, and any label.
- Key containers: pyca 38's pkcs12.serialize_key_and_certificates with
  PrivateFormat.PKCS12.encryption_builder() sets kdf_rounds (key, certificate and MAC alike),
  key_cert_algorithm (one scheme for key and certificate: PBESv2SHA256AndAES256CBC or
  PBESv1SHA1And3KeyTripleDESCBC) and hmac_hash; OpenSSL picks 8-byte salts. An encrypted PKCS#8
  is written only by BestAvailableEncryption, which in pyca 38 on OpenSSL 3.0 is PBES2 with
  PBKDF2-HMAC-SHA-256, 2048 iterations, an 8-byte salt and AES-256-CBC.
  load_key_and_certificates and load_der_private_key read them, the MAC checked.
- PBES2 (RFC 8018 §6.2): PBKDF2HMAC derives the AES key from the password bytes as they are
  (any octets, an empty password included) and a salt of any length; AES-CBC as for aes-cbc.
- Requests run on a few threads (OpenSSL and libsodium release the GIL), so a slow RSA key
  generation does not hold up the rest; answers may come in any order, each with its id.
"""
import base64
import binascii
import json
import platform
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

try:
    import cryptography
    from cryptography.exceptions import InvalidTag, UnsupportedAlgorithm
    from cryptography.hazmat.primitives import hashes, padding, serialization
    from cryptography.hazmat.primitives.asymmetric import ec, rsa, x25519
    from cryptography.hazmat.primitives.asymmetric import padding as asym
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography import x509
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
    from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
    from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC
    import nacl
    import nacl.bindings
    import nacl.exceptions
    import nacl.public
    import nacl.secret
except ImportError as missing:
    sys.stderr.write(
        "python-ref needs Debian's python3-cryptography and python3-nacl "
        f"(sudo apt-get install -y python3-cryptography python3-nacl): {missing}\n"
    )
    sys.exit(3)

PROTOCOL = 1
OPS = ("encrypt", "decrypt", "generateKeyPair", "derive", "encapsulate", "decapsulate", "write", "read")


class Reply(Exception):
    """An error reply: `code` is one of the protocol's error codes."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code


def rejected(message):
    return Reply("rejected", message)


def unsupported(message):
    return Reply("unsupported", message)


def bad_request(message):
    return Reply("bad-request", message)


class Values:
    """A parameter claim: exactly these values."""

    def __init__(self, values, reason=None, ops=None):
        self.values = list(values)
        self.reason = reason
        self.ops = ops

    def admits(self, v):
        return v in self.values and type(v) is type(self.values[0])

    def wire(self):
        return {"values": self.values, **({"reason": self.reason} if self.reason else {}), **({"ops": self.ops} if self.ops else {})}


class Range:
    """A parameter claim: integers from lo to hi inclusive."""

    def __init__(self, lo, hi, reason=None):
        self.lo, self.hi, self.reason = lo, hi, reason

    def admits(self, v):
        return type(v) is int and self.lo <= v <= self.hi

    def wire(self):
        return {"min": self.lo, "max": self.hi, **({"reason": self.reason} if self.reason else {})}


# Input names of each operation, by family of standard (src/core/standard.ts).
def family_inputs(family, nonce):
    if family in ("aead", "cipher"):
        extra = ["aad"] if family == "aead" else []
        return {"encrypt": ["key", nonce, *extra, "plaintext"], "decrypt": ["key", nonce, *extra, "ciphertext"]}
    if family == "box":
        keys = ["secretKey", "publicKey", "nonce"]
        return {"generateKeyPair": [], "encrypt": [*keys, "plaintext"], "decrypt": [*keys, "ciphertext"]}
    return {"generateKeyPair": [], "derive": ["secretKey", "publicKey"]}


class Binding:
    """One standard as this adapter does it: parameter claims, input sizes, operations."""

    def __init__(self, family, params, sizes, ops, nonce="nonce", min_ciphertext=0, inputs=None, rejection=None):
        self.family = family
        self.params = params
        self.sizes = sizes
        self.ops = ops
        self.inputs = inputs or family_inputs(family, nonce)
        self.min_ciphertext = min_ciphertext
        self.rejection = rejection

    def claim(self):
        claim = {"ops": list(self.ops), "params": {n: c.wire() for n, c in self.params.items()}}
        if self.rejection:
            claim["rejection"] = self.rejection
        return claim


def openssl_rejects_implicitly():
    """OpenSSL 3.2+ answers a PKCS#1 v1.5 padding error with a synthetic message instead of an
    error (implicit rejection, on by default), and pyca decrypts through it: pyca 38 on Debian's
    OpenSSL 3.0 raises, pyca 48 on its bundled OpenSSL does not."""
    try:
        from cryptography.hazmat.backends.openssl.backend import backend

        return backend.openssl_version_number() >= 0x30200000
    except (ImportError, AttributeError):
        return False


def raising(exceptions, to):
    """Runs fn and turns the library's `exceptions` into the reply `to` (a rejection)."""

    def wrap(fn):
        def run(p, i):
            try:
                return fn(p, i)
            except exceptions as err:
                raise to(f"{type(err).__name__}: {err}".rstrip(": ")) from err

        return run

    return wrap


LIBRARY_REJECTS = (InvalidTag, ValueError, nacl.exceptions.CryptoError)
rejecting = raising(LIBRARY_REJECTS, rejected)


# --- AES-GCM ---------------------------------------------------------------------------------

def gcm_encrypt(p, i):
    enc = Cipher(algorithms.AES(i["key"]), modes.GCM(i["iv"])).encryptor()
    enc.authenticate_additional_data(i["aad"])
    body = enc.update(i["plaintext"]) + enc.finalize()
    return {"ciphertext": body + enc.tag[: p["tagBytes"]]}


@rejecting
def gcm_decrypt(p, i):
    t = p["tagBytes"]
    ct = i["ciphertext"]
    dec = Cipher(algorithms.AES(i["key"]), modes.GCM(i["iv"], ct[len(ct) - t:], min_tag_length=t)).decryptor()
    dec.authenticate_additional_data(i["aad"])
    return {"plaintext": dec.update(ct[: len(ct) - t]) + dec.finalize()}


# --- AES-CBC and AES-CTR ---------------------------------------------------------------------

def cbc(algorithm, block_bits):
    """PKCS#7-padded CBC encryption and decryption with pyca's `algorithm` (AES, TripleDES)."""

    def encrypt(p, i):
        padder = padding.PKCS7(block_bits).padder()
        padded = padder.update(i["plaintext"]) + padder.finalize()
        enc = Cipher(algorithm(i["key"]), modes.CBC(i["iv"])).encryptor()
        return {"ciphertext": enc.update(padded) + enc.finalize()}

    @rejecting
    def decrypt(p, i):
        dec = Cipher(algorithm(i["key"]), modes.CBC(i["iv"])).decryptor()
        padded = dec.update(i["ciphertext"]) + dec.finalize()
        unpadder = padding.PKCS7(block_bits).unpadder()
        return {"plaintext": unpadder.update(padded) + unpadder.finalize()}

    return {"encrypt": encrypt, "decrypt": decrypt}


def ctr(name):
    def run(p, i):
        c = Cipher(algorithms.AES(i["key"]), modes.CTR(i["iv"])).encryptor()
        return {name: c.update(i["plaintext" if name == "ciphertext" else "ciphertext"]) + c.finalize()}

    return run


# --- ChaCha20-Poly1305 -----------------------------------------------------------------------

def chacha_encrypt(p, i):
    return {"ciphertext": ChaCha20Poly1305(i["key"]).encrypt(i["nonce"], i["plaintext"], i["aad"])}


@rejecting
def chacha_decrypt(p, i):
    return {"plaintext": ChaCha20Poly1305(i["key"]).decrypt(i["nonce"], i["ciphertext"], i["aad"])}


def cbc_as_documented(algorithm):
    """CBC as pyca's documentation first writes it, `Cipher(algorithm(key), modes.CBC(iv))`, with
    no padder: whole blocks only (a ValueError otherwise, the library refusing the input)."""

    @rejecting
    def encrypt(p, i):
        enc = Cipher(algorithm(i["key"]), modes.CBC(i["iv"])).encryptor()
        return {"ciphertext": enc.update(i["plaintext"]) + enc.finalize()}

    @rejecting
    def decrypt(p, i):
        dec = Cipher(algorithm(i["key"]), modes.CBC(i["iv"])).decryptor()
        return {"plaintext": dec.update(i["ciphertext"]) + dec.finalize()}

    return {"encrypt": encrypt, "decrypt": decrypt}


# --- NaCl secretbox and box (PyNaCl) ---------------------------------------------------------

def secretbox_encrypt(p, i):
    return {"ciphertext": nacl.secret.SecretBox(i["key"]).encrypt(i["plaintext"], i["nonce"]).ciphertext}


@rejecting
def secretbox_decrypt(p, i):
    return {"plaintext": nacl.secret.SecretBox(i["key"]).decrypt(i["ciphertext"], i["nonce"])}


def nacl_keypair(p, i):
    sk = nacl.public.PrivateKey.generate()
    return {"secretKey": bytes(sk), "publicKey": bytes(sk.public_key)}


def nacl_box(i):
    return nacl.public.Box(nacl.public.PrivateKey(i["secretKey"]), nacl.public.PublicKey(i["publicKey"]))


def box_encrypt(p, i):
    return {"ciphertext": nacl_box(i).encrypt(i["plaintext"], i["nonce"]).ciphertext}


@rejecting
def box_decrypt(p, i):
    return {"plaintext": nacl_box(i).decrypt(i["ciphertext"], i["nonce"])}


# As PyNaCl's documentation calls them: encrypt(message, nonce) returns the EncryptedMessage,
# nonce || tag || ciphertext, and decrypt(encrypted) takes the nonce from its front.
SECRETBOX_AS_DOCUMENTED = {
    "encrypt": lambda p, i: {"ciphertext": bytes(nacl.secret.SecretBox(i["key"]).encrypt(i["plaintext"], i["nonce"]))},
    "decrypt": rejecting(lambda p, i: {"plaintext": nacl.secret.SecretBox(i["key"]).decrypt(i["ciphertext"])}),
}
BOX_AS_DOCUMENTED = {
    "generateKeyPair": nacl_keypair,
    "encrypt": lambda p, i: {"ciphertext": bytes(nacl_box(i).encrypt(i["plaintext"], i["nonce"]))},
    "decrypt": rejecting(lambda p, i: {"plaintext": nacl_box(i).decrypt(i["ciphertext"])}),
}


@rejecting
def sealedbox_decrypt(p, i):
    # libsodium's crypto_box_seal_open takes the recipient's public key as given (it feeds the
    # nonce); PyNaCl's SealedBox class would derive it from the secret key instead.
    return {"plaintext": nacl.bindings.crypto_box_seal_open(i["ciphertext"], i["publicKey"], i["secretKey"])}


def sealedbox_encrypt(p, i):
    return {"ciphertext": nacl.bindings.crypto_box_seal(i["plaintext"], i["publicKey"])}


# --- XChaCha20-Poly1305 (PyNaCl, libsodium) -------------------------------------------------

# As PyNaCl's documentation calls it: Aead(key).encrypt(plaintext, aad, nonce) returns the
# EncryptedMessage, nonce || ciphertext || tag, and decrypt(encrypted, aad) takes the nonce from its front.
XCHACHA_AS_DOCUMENTED = {
    "encrypt": lambda p, i: {"ciphertext": bytes(nacl.secret.Aead(i["key"]).encrypt(i["plaintext"], i["aad"], i["nonce"]))},
    "decrypt": rejecting(lambda p, i: {"plaintext": nacl.secret.Aead(i["key"]).decrypt(i["ciphertext"], i["aad"])}),
}


def xchacha_encrypt(p, i):
    return {"ciphertext": nacl.bindings.crypto_aead_xchacha20poly1305_ietf_encrypt(i["plaintext"], i["aad"], i["nonce"], i["key"])}


@rejecting
def xchacha_decrypt(p, i):
    return {"plaintext": nacl.bindings.crypto_aead_xchacha20poly1305_ietf_decrypt(i["ciphertext"], i["aad"], i["nonce"], i["key"])}


# --- Key pairs in every keyFormat (src/core/registry.ts KEY_FORMATS) -------------------------

SER = serialization
STRUCTURED = {
    "der": (SER.Encoding.DER, SER.PublicFormat.SubjectPublicKeyInfo, SER.PrivateFormat.PKCS8),
    "pem": (SER.Encoding.PEM, SER.PublicFormat.SubjectPublicKeyInfo, SER.PrivateFormat.PKCS8),
    "pkcs1-der": (SER.Encoding.DER, SER.PublicFormat.PKCS1, SER.PrivateFormat.TraditionalOpenSSL),
    "pkcs1-pem": (SER.Encoding.PEM, SER.PublicFormat.PKCS1, SER.PrivateFormat.TraditionalOpenSSL),
}
NO_JWK = "pyca/cryptography has no JWK import or export"
LOADED = {}
LOADING = {}
LOADING_GUARD = threading.Lock()


class Keys:
    """One key type in each keyFormat: pyca's serialization for DER and PEM, `own` codecs
    (format -> (dump_public, dump_secret, load_public, load_secret)) for raw and SEC 1."""

    def __init__(self, public_type, secret_type, own=None):
        self.public_type, self.secret_type, self.own = public_type, secret_type, own or {}

    def export(self, p, sk):
        fmt = p["keyFormat"]
        if fmt in self.own:
            dump_public, dump_secret = self.own[fmt][0], self.own[fmt][1]
            return {"secretKey": dump_secret(p, sk), "publicKey": dump_public(p, sk.public_key())}
        encoding, public_format, secret_format = STRUCTURED[fmt]
        return {
            "secretKey": sk.private_bytes(encoding, secret_format, SER.NoEncryption()),
            "publicKey": sk.public_key().public_bytes(encoding, public_format),
        }

    def load(self, p, data, secret):
        """The key in `data`; anything unreadable, or of another type, is a rejection. Keys that
        parsed are kept: OpenSSL 3 checks an RSA private key's primes on every load (100 ms
        and more), and the same key pair decrypts many messages."""
        cache_key = (p["keyFormat"], p.get("curve"), secret, data)
        key = LOADED.get(cache_key)
        if key is not None:
            return key
        with LOADING_GUARD:
            if len(LOADED) >= 256:
                LOADED.clear()
                LOADING.clear()
            lock = LOADING.setdefault(cache_key, threading.Lock())
        with lock:  # requests for the same key wait for one load instead of repeating it
            key = LOADED.get(cache_key)
            if key is None:
                key = LOADED[cache_key] = self._load(p, data, secret)
        return key

    def _load(self, p, data, secret):
        fmt = p["keyFormat"]
        try:
            if fmt in self.own:
                key = self.own[fmt][3 if secret else 2](p, data)
            elif STRUCTURED[fmt][0] is SER.Encoding.PEM:
                key = SER.load_pem_private_key(data, None) if secret else SER.load_pem_public_key(data)
            else:
                key = SER.load_der_private_key(data, None) if secret else SER.load_der_public_key(data)
        # UnsupportedAlgorithm: a key on a curve pyca does not know (brainpool, secp224k1) is not a key of this standard.
        except (ValueError, TypeError, UnsupportedAlgorithm, nacl.exceptions.CryptoError) as err:
            raise rejected(f"cannot read the {'secret' if secret else 'public'} key as {fmt}: {type(err).__name__}: {err}") from err
        if not isinstance(key, self.secret_type if secret else self.public_type):
            raise rejected(f"the {fmt} key is a {type(key).__name__}, not the key type of this standard")
        return key


# --- X25519 (pyca) ---------------------------------------------------------------------------

RAW = SER.Encoding.Raw
X25519_KEYS = Keys(
    x25519.X25519PublicKey,
    x25519.X25519PrivateKey,
    {
        "raw": (
            lambda p, pk: pk.public_bytes(RAW, SER.PublicFormat.Raw),
            lambda p, sk: sk.private_bytes(RAW, SER.PrivateFormat.Raw, SER.NoEncryption()),
            lambda p, b: x25519.X25519PublicKey.from_public_bytes(b),
            lambda p, b: x25519.X25519PrivateKey.from_private_bytes(b),
        )
    },
)


def x25519_keypair(p, i):
    return X25519_KEYS.export(p, x25519.X25519PrivateKey.generate())


@rejecting
def x25519_derive(p, i):
    sk = X25519_KEYS.load(p, i["secretKey"], secret=True)
    return {"sharedSecret": sk.exchange(X25519_KEYS.load(p, i["publicKey"], secret=False))}


# --- ECDH over the NIST curves (pyca) --------------------------------------------------------

CURVES = {"P-256": ec.SECP256R1, "P-384": ec.SECP384R1, "P-521": ec.SECP521R1}


def curve_of(p):
    return CURVES[p["curve"]]()


def field_bytes(p):
    return (curve_of(p).key_size + 7) // 8


def sec1_secret(p, b):
    if len(b) != field_bytes(p):
        raise ValueError(f"a {p['curve']} scalar is {field_bytes(p)} bytes, not {len(b)}")
    return ec.derive_private_key(int.from_bytes(b, "big"), curve_of(p))


EC_KEYS = Keys(
    ec.EllipticCurvePublicKey,
    ec.EllipticCurvePrivateKey,
    {
        "sec1": (
            lambda p, pk: pk.public_bytes(SER.Encoding.X962, SER.PublicFormat.UncompressedPoint),
            lambda p, sk: sk.private_numbers().private_value.to_bytes(field_bytes(p), "big"),
            lambda p, b: ec.EllipticCurvePublicKey.from_encoded_point(curve_of(p), b),
            sec1_secret,
        )
    },
)


def ec_key(p, data, secret):
    key = EC_KEYS.load(p, data, secret)
    if key.curve.name != curve_of(p).name:
        raise rejected(f"the key is on {key.curve.name}, not {p['curve']}")
    return key


def ecdh_keypair(p, i):
    return EC_KEYS.export(p, ec.generate_private_key(curve_of(p)))


@rejecting
def ecdh_derive(p, i):
    return {"sharedSecret": ec_key(p, i["secretKey"], True).exchange(ec.ECDH(), ec_key(p, i["publicKey"], False))}


# --- RSA-OAEP and RSAES-PKCS1-v1_5 (pyca) ----------------------------------------------------

RSA_KEYS = Keys(rsa.RSAPublicKey, rsa.RSAPrivateKey)
HASHES = {"SHA-1": hashes.SHA1, "SHA-224": hashes.SHA224, "SHA-256": hashes.SHA256, "SHA-384": hashes.SHA384, "SHA-512": hashes.SHA512}


# --- PBES2 (RFC 8018 §6.2) ------------------------------------------------------------------

AES_CBC = cbc(algorithms.AES, 128)


def pbes2_key(p, i):
    """The inputs with the AES key PBKDF2-HMAC derives from the password and the salt."""
    kdf = PBKDF2HMAC(algorithm=HASHES[p["kdfHash"]](), length=p["keyBits"] // 8, salt=i["salt"], iterations=p["iterations"])
    return {**i, "key": kdf.derive(i["password"])}


PBES2_OPS = {
    "encrypt": lambda p, i: AES_CBC["encrypt"](p, pbes2_key(p, i)),
    "decrypt": lambda p, i: AES_CBC["decrypt"](p, pbes2_key(p, i)),
}


def rsa_key(p, data, secret):
    key = RSA_KEYS.load(p, data, secret)
    if key.key_size != p["modulusBits"]:
        raise rejected(f"the key has a {key.key_size}-bit modulus, not {p['modulusBits']}")
    return key


def rsa_keypair(p, i):
    return RSA_KEYS.export(p, rsa.generate_private_key(public_exponent=65537, key_size=p["modulusBits"]))


def oaep(p, i):
    return asym.OAEP(mgf=asym.MGF1(HASHES[p["mgf1Hash"]]()), algorithm=HASHES[p["oaepHash"]](), label=i["label"] or None)


def rsa_ops(scheme):
    def encrypt(p, i):
        return {"ciphertext": rsa_key(p, i["publicKey"], False).encrypt(i["plaintext"], scheme(p, i))}

    @rejecting
    def decrypt(p, i):
        return {"plaintext": rsa_key(p, i["secretKey"], True).decrypt(i["ciphertext"], scheme(p, i))}

    return {"generateKeyPair": rsa_keypair, "encrypt": encrypt, "decrypt": decrypt}


# --- Key containers: PKCS#12 and encrypted PKCS#8 --------------------------------------------

P12_SCHEMES = {
    "pbes2-hmac-sha256-aes-256-cbc": lambda: serialization.pkcs12.PBES.PBESv2SHA256AndAES256CBC,
    "pbes1-sha1-3des": lambda: serialization.pkcs12.PBES.PBESv1SHA1And3KeyTripleDESCBC,
}
P12_MACS = {"hmac-sha256": hashes.SHA256, "hmac-sha1": hashes.SHA1}


def der_pkcs8(key):
    return key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())


def p12_write(p, i):
    key = serialization.load_der_private_key(i["secretKey"], None)
    cert = x509.load_der_x509_certificate(i["certificate"])
    builder = serialization.PrivateFormat.PKCS12.encryption_builder().kdf_rounds(p["iterations"])
    builder = builder.key_cert_algorithm(P12_SCHEMES[p["keyEncryption"]]()).hmac_hash(P12_MACS[p["mac"]]())
    return {"container": pkcs12.serialize_key_and_certificates(b"bothends", key, cert, None, builder.build(i["password"]))}


@rejecting
def p12_read(p, i):
    key, cert, _ = pkcs12.load_key_and_certificates(i["container"], i["password"])
    if key is None or cert is None:
        raise rejected("pkcs12.load_key_and_certificates found no key or no certificate")
    return {"secretKey": der_pkcs8(key), "certificate": cert.public_bytes(serialization.Encoding.DER)}


def p12_export_as_documented(p, i):
    """serialize_key_and_certificates as pyca's documentation calls it, with BestAvailableEncryption."""
    key = serialization.load_der_private_key(i["secretKey"], None)
    cert = x509.load_der_x509_certificate(i["certificate"])
    try:
        return {"container": pkcs12.serialize_key_and_certificates(b"bothends", key, cert, None, serialization.BestAvailableEncryption(i["password"]))}
    except ValueError as e:
        raise unsupported(f"BestAvailableEncryption refuses the password: {e}") from e


def p8_write(p, i):
    key = serialization.load_der_private_key(i["secretKey"], None)
    return {"container": key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.BestAvailableEncryption(i["password"]))}


@rejecting
def p8_read(p, i):
    return {"secretKey": der_pkcs8(serialization.load_der_private_key(i["container"], i["password"]))}


WRITE = ["write"]
KEY_TYPES = Values(["rsa-2048", "p-256", "ed25519"])
PASSWORDS = ["ascii", "empty", "long", "non-ascii"]
CONTAINER_INPUTS = {"write": ["secretKey", "certificate", "password"], "read": ["container", "password"]}


# --- The capability table --------------------------------------------------------------------

AES_KEYS = Values([128, 192, 256])
X25519_ONLY = Values(["X25519"])
ANY_MODULUS = Range(1024, 16384, "pyca/cryptography generates and uses RSA keys of 1024 bits and more")

BINDINGS = {
    "aes-gcm": Binding(
        "aead",
        {
            "keyBits": AES_KEYS,
            "ivBytes": Range(8, 128, "pyca/cryptography modes.GCM takes IVs of 8 to 128 bytes (64 to 1024 bits) and raises ValueError otherwise"),
            "tagBytes": Range(4, 16, "modes.GCM verifies tags of 4 to 16 bytes (min_tag_length >= 4)"),
        },
        lambda p: {"key": p["keyBits"] // 8, "iv": p["ivBytes"]},
        {"encrypt": gcm_encrypt, "decrypt": gcm_decrypt},
        nonce="iv",
        min_ciphertext="tagBytes",
    ),
    "aes-cbc": Binding(
        "cipher",
        {"keyBits": AES_KEYS, "padding": Values(["pkcs7"])},
        lambda p: {"key": p["keyBits"] // 8, "iv": 16},
        cbc(algorithms.AES, 128),
        nonce="iv",
    ),
    "pbes2": Binding(
        "pbes",
        {"kdfHash": Values(list(HASHES)), "keyBits": AES_KEYS, "iterations": Range(1, 2**31 - 1, "PBKDF2HMAC takes any positive iteration count")},
        lambda p: {"iv": 16},
        PBES2_OPS,
        inputs={"encrypt": ["password", "salt", "iv", "plaintext"], "decrypt": ["password", "salt", "iv", "ciphertext"]},
    ),
    "3des-cbc": Binding(
        "cipher",
        {"keying": Values(["three-key", "two-key-k1k2k1"]), "padding": Values(["pkcs7"])},
        # pyca's TripleDES takes K1||K2||K3, or K1||K2 meaning K1, K2, K1 (its documented 128-bit keying).
        lambda p: {"key": 24 if p["keying"] == "three-key" else 16, "iv": 8},
        cbc(algorithms.TripleDES, 64),
        nonce="iv",
    ),
    "aes-ctr": Binding(
        "cipher",
        {
            "keyBits": AES_KEYS,
            "counterBits": Values([128], "pyca/cryptography modes.CTR (OpenSSL) increments the whole 16-byte block as one 128-bit counter; a narrower counter cannot be expressed"),
        },
        lambda p: {"key": p["keyBits"] // 8, "iv": 16},
        {"encrypt": ctr("ciphertext"), "decrypt": ctr("plaintext")},
        nonce="iv",
    ),
    "chacha20-poly1305": Binding(
        "aead",
        {"keyBits": Values([256]), "nonceBytes": Values([12], "pyca ChaCha20Poly1305 takes the 96-bit RFC 8439 nonce"), "tagBytes": Values([16])},
        lambda p: {"key": 32, "nonce": 12},
        {"encrypt": chacha_encrypt, "decrypt": chacha_decrypt},
        min_ciphertext=16,
    ),
    "xchacha20-poly1305": Binding(
        "aead",
        {"keyBits": Values([256]), "nonceBytes": Values([24]), "tagBytes": Values([16])},
        lambda p: {"key": 32, "nonce": 24},
        {"encrypt": xchacha_encrypt, "decrypt": xchacha_decrypt},
        min_ciphertext=16,
    ),
    "nacl-secretbox": Binding(
        "cipher",
        {"keyBits": Values([256]), "nonceBytes": Values([24]), "tagBytes": Values([16])},
        lambda p: {"key": 32, "nonce": 24},
        {"encrypt": secretbox_encrypt, "decrypt": secretbox_decrypt},
        min_ciphertext=16,
    ),
    "nacl-box": Binding(
        "box",
        {"curve": X25519_ONLY, "nonceBytes": Values([24]), "tagBytes": Values([16])},
        lambda p: {"secretKey": 32, "publicKey": 32, "nonce": 24},
        {"generateKeyPair": nacl_keypair, "encrypt": box_encrypt, "decrypt": box_decrypt},
        min_ciphertext=16,
    ),
    "nacl-sealedbox": Binding(
        "pke",
        {"curve": X25519_ONLY},
        lambda p: {"secretKey": 32, "publicKey": 32},
        {"generateKeyPair": nacl_keypair, "encrypt": sealedbox_encrypt, "decrypt": sealedbox_decrypt},
        inputs={"generateKeyPair": [], "encrypt": ["publicKey", "plaintext"], "decrypt": ["secretKey", "publicKey", "ciphertext"]},
        min_ciphertext=48,
    ),
    "x25519": Binding(
        "agreement",
        {"curve": X25519_ONLY, "keyFormat": Values(["raw", "der", "pem"], NO_JWK)},
        lambda p: {"secretKey": 32, "publicKey": 32} if p["keyFormat"] == "raw" else {},
        {"generateKeyPair": x25519_keypair, "derive": x25519_derive},
    ),
    "ecdh": Binding(
        "agreement",
        {
            "curve": Values(list(CURVES)),
            "keyFormat": Values(["sec1", "der", "pem"], NO_JWK),
            "secretForm": Values(["x"], "ECDH exchange() returns the x-coordinate (SEC 1 §3.3.1): never the shared point"),
        },
        lambda p: {},
        {"generateKeyPair": ecdh_keypair, "derive": ecdh_derive},
    ),
    "rsa-oaep": Binding(
        "pke",
        {
            "modulusBits": ANY_MODULUS,
            "oaepHash": Values(list(HASHES)),
            "mgf1Hash": Values(list(HASHES)),
            "labelBytes": Range(0, 1 << 20),
            "keyFormat": Values(list(STRUCTURED), NO_JWK),
        },
        lambda p: {"label": p["labelBytes"]},
        rsa_ops(oaep),
        inputs={"generateKeyPair": [], "encrypt": ["publicKey", "plaintext", "label"], "decrypt": ["secretKey", "ciphertext", "label"]},
    ),
    "rsaes-pkcs1-v1_5": Binding(
        "pke",
        {"modulusBits": ANY_MODULUS, "keyFormat": Values(list(STRUCTURED), NO_JWK)},
        lambda p: {},
        rsa_ops(lambda p, i: asym.PKCS1v15()),
        inputs={"generateKeyPair": [], "encrypt": ["publicKey", "plaintext"], "decrypt": ["secretKey", "ciphertext"]},
        rejection="implicit" if openssl_rejects_implicitly() else None,
    ),
    "pkcs12": Binding(
        "container",
        {
            "keyType": KEY_TYPES,
            "keyEncryption": Values(list(P12_SCHEMES), "encryption_builder().key_cert_algorithm: PBESv2SHA256AndAES256CBC or PBESv1SHA1And3KeyTripleDESCBC", WRITE),
            "certEncryption": Values(list(P12_SCHEMES), "key_cert_algorithm encrypts the key and the certificate alike", WRITE),
            "iterations": Values([2048, 20000, 600000], "encryption_builder().kdf_rounds", WRITE),
            "saltBytes": Values([8], "OpenSSL's PKCS12_create picks 8-byte salts; pyca has no option for them", WRITE),
            "mac": Values(list(P12_MACS), "encryption_builder().hmac_hash; pyca 38 has no PBMAC1 and no file without MAC", WRITE),
            "macIterations": Values([1], "pyca 38 writes the MAC with 1 iteration whatever kdf_rounds says (read from its files); it has no option for the MAC count", WRITE),
            "password": Values(["ascii", "long", "non-ascii"], "encryption_builder().build() refuses an empty password", WRITE),
        },
        lambda p: {},
        {"write": p12_write, "read": p12_read},
        inputs=CONTAINER_INPUTS,
    ),
    "pkcs8-encrypted": Binding(
        "container",
        {
            "keyType": KEY_TYPES,
            "keyEncryption": Values(["pbes2-hmac-sha256-aes-256-cbc"], "pyca 38 writes encrypted PKCS#8 only with BestAvailableEncryption: PBES2, PBKDF2-HMAC-SHA-256, AES-256-CBC", WRITE),
            "iterations": Values([2048], "BestAvailableEncryption: OpenSSL's 2048 iterations, no option", WRITE),
            "scrypt": Values(["n16384-r8-p1"]),
            "saltBytes": Values([8], "BestAvailableEncryption: OpenSSL's 8-byte salt, no option", WRITE),
            "password": Values(["ascii", "long", "non-ascii"], "BestAvailableEncryption refuses an empty password", WRITE),
        },
        lambda p: {},
        {"write": p8_write, "read": p8_read},
        inputs={"write": ["secretKey", "password"], "read": ["container", "password"]},
    ),
}

GAPS = {
    "aes-gcm-siv": "pyca/cryptography 38 (Debian 12) has no AES-GCM-SIV (AESGCMSIV arrived in pyca 42); libsodium has none either",
    "openssl-enc": "neither pyca/cryptography nor PyNaCl reads or writes the openssl enc file format (Salted__ header, EVP_BytesToKey)",
}


# How pyca/cryptography resolves the intents, as its documentation writes the call. pyca has no
# defaults for OAEP: its example names the MGF1 hash and the OAEP hash itself, and label=None,
# so the call as documented is the explicit operation with these parameters.
OAEP_EXAMPLE = "public_key.encrypt(message, padding.OAEP(mgf=padding.MGF1(algorithm=hashes.SHA256()), algorithm=hashes.SHA256(), label=None))"
OAEP_SHA256 = {"modulusBits": 2048, "oaepHash": "SHA-256", "mgf1Hash": "SHA-256", "labelBytes": 0, "keyFormat": "der"}
# A CBC call as the documentation's first example writes it: a mode must be named (CBC in the
# example), and the Cipher pads nothing (padding.PKCS7 is a separate step the sentence must ask for).
CBC_EXAMPLE = "Cipher(algorithms.{}(key), modes.CBC(iv)).encryptor(); encryptor.update(data) + encryptor.finalize() (a mode is required; no padding)"
PADDED_EXAMPLE = "padder = padding.PKCS7(128).padder(); Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor() on padder.update(data) + padder.finalize()"
PYNACL_OUTPUT = "nonce ‖ tag ‖ ciphertext"
# What pyca's BestAvailableEncryption writes (read from its files, the proof): a .p12 with PBES2
# (hmacWithSHA256, AES-256-CBC) for key and certificates, 20,000 iterations, 8-byte salts and an
# HMAC-SHA-256 MAC of 1 iteration; an encrypted PKCS#8 with PBES2 (hmacWithSHA256, AES-256-CBC),
# 2048 iterations and an 8-byte salt, whatever the key type.
P12_WRITTEN = {
    "keyType": "rsa-2048",
    "keyEncryption": "pbes2-hmac-sha256-aes-256-cbc",
    "certEncryption": "pbes2-hmac-sha256-aes-256-cbc",
    "iterations": 20000,
    "saltBytes": 8,
    "mac": "hmac-sha256",
    "macIterations": 1,
    "password": "ascii",
}
P8_WRITTEN = {"keyType": "rsa-2048", "keyEncryption": "pbes2-hmac-sha256-aes-256-cbc", "iterations": 2048, "scrypt": "n16384-r8-p1", "saltBytes": 8, "password": "ascii"}

INTENTS = {
    "aes-cbc": {
        "aes256-cbc-pkcs7": {"call": PADDED_EXAMPLE, "params": {"keyBits": 256, "padding": "pkcs7"}},
        "aes128": {"call": CBC_EXAMPLE.format("AES"), "params": {"keyBits": 128, "padding": "none", "mode": "CBC"}, "ops": cbc_as_documented(algorithms.AES)},
    },
    # TripleDES takes a 16-byte key as K1 || K2 || K1 (its documented 128-bit keying).
    "3des-cbc": {
        "3des-16": {"call": CBC_EXAMPLE.format("TripleDES"), "params": {"keying": "two-key-k1k2k1", "padding": "none", "mode": "CBC"}, "ops": cbc_as_documented(algorithms.TripleDES)},
        "3des-24": {"call": CBC_EXAMPLE.format("TripleDES"), "params": {"keying": "three-key", "padding": "none", "mode": "CBC"}, "ops": cbc_as_documented(algorithms.TripleDES)},
    },
    "nacl-secretbox": {
        "secretbox": {
            "call": "SecretBox(key).encrypt(message, nonce) / SecretBox(key).decrypt(encrypted) (without a nonce, encrypt draws a random one)",
            "params": {"keyBits": 256, "nonceBytes": 24, "tagBytes": 16, "output": PYNACL_OUTPUT},
            "ops": SECRETBOX_AS_DOCUMENTED,
        }
    },
    "nacl-box": {
        "box": {
            "call": "Box(my_private_key, their_public_key).encrypt(message, nonce) / .decrypt(encrypted) (without a nonce, encrypt draws a random one)",
            "params": {"curve": "X25519", "nonceBytes": 24, "tagBytes": 16, "output": PYNACL_OUTPUT},
            "ops": BOX_AS_DOCUMENTED,
        }
    },
    # ChaCha20Poly1305 is RFC 8439's: a 12-byte nonce, the tag after the ciphertext.
    "chacha20-poly1305": {
        "chacha20-poly1305": {
            "call": "ChaCha20Poly1305(key).encrypt(nonce, data, aad) with a 12-byte nonce (os.urandom(12) in the example)",
            "params": {"keyBits": 256, "nonceBytes": 12, "tagBytes": 16, "construction": "RFC 8439"},
        }
    },
    "xchacha20-poly1305": {
        "xchacha20-poly1305": {
            "call": "Aead(key).encrypt(plaintext, aad, nonce) / Aead(key).decrypt(encrypted, aad) (nacl.secret.Aead; without a nonce, encrypt draws a random one)",
            "params": {"keyBits": 256, "nonceBytes": 24, "tagBytes": 16, "output": "nonce ‖ ciphertext ‖ tag"},
            "ops": XCHACHA_AS_DOCUMENTED,
        }
    },
    "aes-gcm": {"aes256-gcm": {"call": "AESGCM(key).encrypt(nonce, data, aad) with a 12-byte nonce (os.urandom(12) in the example)", "params": {"keyBits": 256, "ivBytes": 12, "tagBytes": 16}}},
    "aes-ctr": {"ctr": {"call": "Cipher(algorithms.AES(key), modes.CTR(nonce)).encryptor()", "params": {"keyBits": 128, "counterBits": 128}}},
    "rsa-oaep": {
        "sha256": {"call": OAEP_EXAMPLE, "params": OAEP_SHA256},
        "oaep": {"call": OAEP_EXAMPLE + " (padding.OAEP has no default hash; the documentation's example names SHA-256)", "params": OAEP_SHA256},
        "default-padding": {
            "call": OAEP_EXAMPLE + " (encrypt requires a padding argument; the documentation's example is OAEP with SHA-256)",
            "params": {**OAEP_SHA256, "padding": "OAEP"},
        },
    },
    # The key serialization page writes EC public keys as SubjectPublicKeyInfo PEM; exchange() gives x.
    "ecdh": {
        "shared-secret": {
            "call": "ec.generate_private_key(ec.SECP256R1()); public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo); private_key.exchange(ec.ECDH(), load_pem_public_key(theirs))",
            "params": {"curve": "P-256", "keyFormat": "pem", "secretForm": "x"},
        }
    },
    # pyca 38's BestAvailableEncryption: PBES2 (hmacWithSHA256, AES-256-CBC) for key and
    # certificates with 20,000 iterations and 8-byte salts, an HMAC-SHA-256 MAC of 1 iteration
    # (read from its files, the proof).
    "pkcs12": {
        iid: {
            "call": "pkcs12.serialize_key_and_certificates(name, key, cert, None, BestAvailableEncryption(password)) / pkcs12.load_key_and_certificates(data, password)",
            "params": {**P12_WRITTEN, "keyType": key_type},
            "ops": {"write": p12_export_as_documented, "read": p12_read},
        }
        for iid, key_type in (("export", "rsa-2048"), ("export-p256", "p-256"), ("export-ed25519", "ed25519"))
    }
    | {
        "export-empty-password": {
            "call": "none: BestAvailableEncryption(b'') raises ValueError (\"Password must be 1 or more bytes\")",
            "params": {**P12_WRITTEN, "password": "empty"},
            "refused": "pyca's BestAvailableEncryption and encryption_builder().build() refuse an empty password (\"Password must be 1 or more bytes\"); NoEncryption writes no MAC at all",
        }
    },
    # BestAvailableEncryption for an encrypted PKCS#8, as the serialization page calls it (pyca 38 on
    # OpenSSL 3.0: PBES2 hmacWithSHA256, AES-256-CBC, 2048 iterations, an 8-byte salt, whatever the
    # key type; read from its files, the proof); load_der_private_key(data, password) reads.
    "pkcs8-encrypted": {
        iid: {
            "call": "private_key.private_bytes(Encoding.DER, PrivateFormat.PKCS8, BestAvailableEncryption(password)) / load_der_private_key(data, password)",
            "params": {**P8_WRITTEN, "keyType": key_type},
        }
        for iid, key_type in (("encrypt-key", "rsa-2048"), ("encrypt-key-p256", "p-256"), ("encrypt-key-ed25519", "ed25519"))
    }
    | {
        "encrypt-key-empty-password": {
            "call": "none: BestAvailableEncryption(b'') raises ValueError (\"Password must be 1 or more bytes\")",
            "params": {**P8_WRITTEN, "password": "empty"},
            "refused": "pyca's BestAvailableEncryption refuses an empty password (\"Password must be 1 or more bytes\"); NoEncryption writes no EncryptedPrivateKeyInfo at all",
        }
    },
    # The X25519 page serializes public keys with public_bytes_raw(): raw 32-byte strings.
    "x25519": {
        "shared-secret": {
            "call": "X25519PrivateKey.generate(); public_key().public_bytes_raw(); private_key.exchange(X25519PublicKey.from_public_bytes(theirs))",
            "params": {"curve": "X25519", "keyFormat": "raw"},
        }
    },
}


def hello():
    return {
        "hello": {
            "protocol": PROTOCOL,
            "implementation": "pyca/cryptography + PyNaCl",
            "version": f"cryptography {cryptography.__version__}, PyNaCl {nacl.__version__}, Python {platform.python_version()}",
            "description": "bothends reference adapter in Python: Debian python3 with pyca/cryptography (OpenSSL) and PyNaCl (libsodium)",
            "variant": "explicit",
            "claims": {sid: b.claim() for sid, b in BINDINGS.items()},
            "gaps": GAPS,
            "intents": {sid: {iid: {k: v for k, v in r.items() if k != "ops"} for iid, r in byid.items()} for sid, byid in INTENTS.items() if sid in BINDINGS},
        }
    }


# --- Requests --------------------------------------------------------------------------------

def decode(name, text):
    if not isinstance(text, str) or len(text) % 4 != 0:
        raise bad_request(f"input {name} is not padded base64")
    try:
        return base64.b64decode(text, validate=True)
    except binascii.Error as err:
        raise bad_request(f"input {name} is not base64: {err}") from err


def checked_params(sid, b, params, op):
    if not isinstance(params, dict):
        raise bad_request('"params" must be an object')
    for name in params:
        if name not in b.params:
            raise unsupported(f"{sid} parameter {name} is not one this adapter knows")
    for name, claim in b.params.items():
        if name not in params and b.family == "container" and op == "read" and name != "password":
            continue  # a key container states its own algorithms: a reader of a file of unknown making is told only the password
        if name not in params:
            raise bad_request(f"{sid} parameter {name} is missing (parameters are explicit; there are no defaults)")
        if getattr(claim, "ops", None) and op not in claim.ops:
            continue  # a restriction of the other operation (a reader takes any salt a writer could not choose)
        if not claim.admits(params[name]):
            raise unsupported(f"{sid} {name}={params[name]!r}: {claim.reason or 'not claimed'}")
    return params


def checked_inputs(op, b, params, raw):
    if not isinstance(raw, dict):
        raise bad_request('"inputs" must be an object')
    wanted = b.inputs[op]
    missing = [n for n in wanted if n not in raw]
    if missing:
        raise bad_request(f"{op} takes inputs {', '.join(wanted) or 'none'}; missing: {', '.join(missing)}")
    # Inputs this adapter does not use are ignored (the harness may pass more, e.g. a spare key pair).
    inputs = {n: decode(n, raw[n]) for n in wanted}
    # Wrong sizes are the caller's mistake when producing, and invalid input when receiving.
    fail = rejected if op in ("decrypt", "derive", "read") else bad_request
    if op != "generateKeyPair":
        for name, size in b.sizes(params).items():
            if name in inputs and len(inputs[name]) != size:
                raise fail(f"{name} is {len(inputs[name])} bytes; these parameters need {size}")
    least = params[b.min_ciphertext] if isinstance(b.min_ciphertext, str) else b.min_ciphertext
    if op == "decrypt" and len(inputs["ciphertext"]) < least:
        raise rejected(f"ciphertext is {len(inputs['ciphertext'])} bytes, shorter than the {least}-byte tag")
    return inputs


def perform(request):
    op, sid = request.get("op"), request.get("standard")
    if op not in OPS:
        raise bad_request(f'"op" must be one of {", ".join(OPS)}')
    if not isinstance(sid, str):
        raise bad_request('"standard" must be a string')
    b = BINDINGS.get(sid)
    if b is None:
        raise unsupported(GAPS.get(sid, f"python-ref does not implement {sid}"))
    if op not in b.ops:
        raise unsupported(f"python-ref does not implement {sid} {op}")
    intent = request.get("intent")
    if intent is not None:
        resolution = INTENTS.get(sid, {}).get(intent)
        if resolution is None:
            raise unsupported(f"python-ref declares no resolution of {sid} intent {intent}")
        # As called: the resolution's own parameters (values the explicit operations may not
        # take, like no padding) and its own operations, else the explicit ones.
        params, run = resolution["params"], resolution.get("ops", b.ops)[op]
    else:
        params = checked_params(sid, b, request.get("params"), op)
        run = b.ops[op]
    inputs = checked_inputs(op, b, params, request.get("inputs"))
    out = run(params, inputs)
    return {name: base64.b64encode(value).decode("ascii") for name, value in out.items()}


def parse(line):
    """The request on `line`, or the bad-request answer when there is none."""
    try:
        request = json.loads(line)
    except ValueError as err:
        return None, {"id": None, "error": {"code": "bad-request", "message": f"not JSON: {err}"}}
    rid = request.get("id") if isinstance(request, dict) else None
    if not isinstance(rid, (int, str)) or isinstance(rid, bool):
        return None, {"id": None, "error": {"code": "bad-request", "message": 'a request is an object with an integer or string "id"'}}
    return request, None


def answer(request):
    rid = request["id"]
    try:
        return {"id": rid, "ok": perform(request)}
    except Reply as r:
        return {"id": rid, "error": {"code": r.code, "message": str(r)}}
    except Exception as err:  # the library failed in a way nobody planned for
        return {"id": rid, "error": {"code": "internal", "message": f"{type(err).__name__}: {err}"}}


def main():
    lock = threading.Lock()

    def send(message):
        text = json.dumps(message, separators=(",", ":")) + "\n"
        with lock:
            sys.stdout.write(text)
            sys.stdout.flush()

    send(hello())
    # Key generation (RSA-4096: seconds) has threads of its own, so it never holds up the rest.
    with ThreadPoolExecutor(max_workers=4) as fast, ThreadPoolExecutor(max_workers=2) as slow:
        for line in sys.stdin:
            if not line.strip():
                continue
            request, refusal = parse(line)
            if refusal:
                send(refusal)
            else:
                pool = slow if request.get("op") == "generateKeyPair" else fast
                pool.submit(lambda r=request: send(answer(r)))


if __name__ == "__main__":
    main()
