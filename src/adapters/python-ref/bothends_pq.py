#!/usr/bin/env python3
"""pyca-pq: ML-KEM of pyca/cryptography 48 (OpenSSL 3.5+ inside its wheel), and X-Wing composed
from its primitives, over the bothends adapter protocol, version 1 (docs/adapter-protocol.md).

It runs under the `python3` on PATH, which on the project's machine image has the pyca 48
wheel; Debian's python3-cryptography (pyca 38, system OpenSSL 3.0) has no ML-KEM, so the
script says so and exits 3 where `mlkem` cannot be imported, and the adapter is skipped.

Library facts this adapter relies on (pyca/cryptography 48):
- MLKEM768PrivateKey and MLKEM1024PrivateKey exist; there is no ML-KEM-512.
- Private keys load only from the 64-byte seed (`from_seed_bytes`) or from a PKCS#8 holding
  the seed (draft-ietf-lamps-kyber-certificates seed form); `private_bytes_raw` gives the seed.
  The expanded decapsulation key can neither be read nor written.
- `public_key().encapsulate()` returns (shared secret, ciphertext) and takes no randomness,
  so an encapsulation known answer with a given m cannot be expressed.
- X-Wing (MLKEM768X25519) exists only inside pyca's HPKE, with no encapsulate or decapsulate
  of its own. This script composes X-Wing itself, as draft-connolly-cfrg-xwing-kem §5 writes
  it, from pyca's ML-KEM-768 and X25519 and hashlib's SHAKE256 and SHA3-256: an independent
  composition from real primitives, not a third library's X-Wing. pyca's X25519 exchange
  refuses an all-zero result (a low-order ct_X or pk_X), which the draft does not check.
"""
import base64
import binascii
import hashlib
import json
import platform
import secrets
import sys

try:
    import cryptography
    from cryptography.hazmat.primitives import serialization as ser
    from cryptography.hazmat.primitives.asymmetric import mlkem, x25519
except ImportError as missing:
    sys.stderr.write(f"pyca-pq needs pyca/cryptography 48 or later (with ML-KEM) under python3: {missing}\n")
    sys.exit(3)

PROTOCOL = 1
OPS = ("generateKeyPair", "encapsulate", "decapsulate")
SETS = {"ML-KEM-768": mlkem.MLKEM768PrivateKey, "ML-KEM-1024": mlkem.MLKEM1024PrivateKey}
PUBLIC = {"ML-KEM-768": mlkem.MLKEM768PublicKey, "ML-KEM-1024": mlkem.MLKEM1024PublicKey}
SECRET_FORMATS = ["seed", "pkcs8-seed"]
PUBLIC_FORMATS = ["raw", "spki"]


class Reply(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code = code


def secret_bytes(p, key):
    if p["secretKeyFormat"] == "seed":
        return key.private_bytes_raw()
    return key.private_bytes(ser.Encoding.DER, ser.PrivateFormat.PKCS8, ser.NoEncryption())


def public_bytes(p, key):
    if p["publicKeyFormat"] == "raw":
        return key.public_bytes_raw()
    return key.public_bytes(ser.Encoding.DER, ser.PublicFormat.SubjectPublicKeyInfo)


def load_secret(p, data):
    try:
        key = SETS[p["parameterSet"]].from_seed_bytes(data) if p["secretKeyFormat"] == "seed" else ser.load_der_private_key(data, None)
    except (ValueError, TypeError) as err:
        raise Reply("rejected", f"secret key refused: {err}") from err
    if not isinstance(key, SETS[p["parameterSet"]]):
        raise Reply("rejected", f"the PKCS#8 holds a {type(key).__name__}, not {p['parameterSet']}")
    return key


def load_public(p, data):
    try:
        key = PUBLIC[p["parameterSet"]].from_public_bytes(data) if p["publicKeyFormat"] == "raw" else ser.load_der_public_key(data)
    except (ValueError, TypeError) as err:
        raise Reply("rejected", f"public key refused: {err}") from err
    if not isinstance(key, PUBLIC[p["parameterSet"]]):
        raise Reply("rejected", f"the SPKI holds a {type(key).__name__}, not {p['parameterSet']}")
    return key


def generate(p, i):
    cls = SETS[p["parameterSet"]]
    key = cls.from_seed_bytes(i["seed"]) if "seed" in i else cls.generate()
    return {"publicKey": public_bytes(p, key.public_key()), "secretKey": secret_bytes(p, key)}


NO_M = "pyca's encapsulate() draws its own randomness: it takes no m (FIPS 203 §7.2 ML-KEM.Encaps generates m itself)"


def encapsulate(p, i):
    if "m" in i:
        raise Reply("unsupported", NO_M)
    shared, ciphertext = load_public(p, i["publicKey"]).encapsulate()
    return {"ciphertext": ciphertext, "sharedSecret": shared}


def decapsulate(p, i):
    key = load_secret(p, i["secretKey"])
    try:
        return {"sharedSecret": key.decapsulate(i["ciphertext"])}
    except ValueError as err:
        raise Reply("rejected", f"decapsulate: {err}") from err


# X-Wing (draft-connolly-cfrg-xwing-kem §5): sizes, and the label that ends the combiner's input.
XWING_SEED, XWING_PK_M, XWING_CT_M = 32, 1184, 1088
XWING_LABEL = b"\\.//^\\"


def xwing_expand(sk):
    """§5.2 expandDecapsulationKey: SHAKE256(sk, 96) = ML-KEM-768 seed d || z (64 bytes) || sk_X."""
    if len(sk) != XWING_SEED:
        raise Reply("rejected", f"an X-Wing secret key is a {XWING_SEED}-byte seed, not {len(sk)} bytes")
    expanded = hashlib.shake_256(sk).digest(96)
    sk_m = mlkem.MLKEM768PrivateKey.from_seed_bytes(expanded[:64])
    sk_x = x25519.X25519PrivateKey.from_private_bytes(expanded[64:])
    return sk_m, sk_x


def x25519_exchange(key, peer):
    try:
        return key.exchange(x25519.X25519PublicKey.from_public_bytes(peer))
    except ValueError as err:
        raise Reply("rejected", f"X25519: {err}") from err


def xwing_combine(ss_m, ss_x, ct_x, pk_x):
    """§5.3 Combiner: SHA3-256(ss_M || ss_X || ct_X || pk_X || XWingLabel)."""
    return hashlib.sha3_256(ss_m + ss_x + ct_x + pk_x + XWING_LABEL).digest()


def xwing_generate(p, i):
    seed = i["seed"] if "seed" in i else secrets.token_bytes(XWING_SEED)
    sk_m, sk_x = xwing_expand(seed)
    return {"publicKey": sk_m.public_key().public_bytes_raw() + sk_x.public_key().public_bytes_raw(), "secretKey": seed}


def xwing_encapsulate(p, i):
    if "m" in i:
        raise Reply("unsupported", NO_M)
    pk = i["publicKey"]
    if len(pk) != XWING_PK_M + 32:
        raise Reply("rejected", f"an X-Wing public key is {XWING_PK_M + 32} bytes, not {len(pk)}")
    try:
        pk_m = mlkem.MLKEM768PublicKey.from_public_bytes(pk[:XWING_PK_M])
    except ValueError as err:
        raise Reply("rejected", f"pk_M refused (FIPS 203 §7.2): {err}") from err
    pk_x = pk[XWING_PK_M:]
    ek_x = x25519.X25519PrivateKey.generate()
    ct_x = ek_x.public_key().public_bytes_raw()
    ss_x = x25519_exchange(ek_x, pk_x)
    ss_m, ct_m = pk_m.encapsulate()
    return {"ciphertext": ct_m + ct_x, "sharedSecret": xwing_combine(ss_m, ss_x, ct_x, pk_x)}


def xwing_decapsulate(p, i):
    sk_m, sk_x = xwing_expand(i["secretKey"])
    ct = i["ciphertext"]
    if len(ct) != XWING_CT_M + 32:
        raise Reply("rejected", f"an X-Wing ciphertext is {XWING_CT_M + 32} bytes, not {len(ct)}")
    ct_m, ct_x = ct[:XWING_CT_M], ct[XWING_CT_M:]
    try:
        ss_m = sk_m.decapsulate(ct_m)
    except ValueError as err:
        raise Reply("rejected", f"decapsulate: {err}") from err
    ss_x = x25519_exchange(sk_x, ct_x)
    return {"sharedSecret": xwing_combine(ss_m, ss_x, ct_x, sk_x.public_key().public_bytes_raw())}


INPUTS = {"generateKeyPair": ([], ["seed"]), "encapsulate": (["publicKey"], ["m"]), "decapsulate": (["secretKey", "ciphertext"], [])}
IMPL = {
    "ml-kem": {"generateKeyPair": generate, "encapsulate": encapsulate, "decapsulate": decapsulate},
    "x-wing": {"generateKeyPair": xwing_generate, "encapsulate": xwing_encapsulate, "decapsulate": xwing_decapsulate},
}
CLAIMS = {
    "ml-kem": {
        "ops": list(OPS),
        "params": {
            "parameterSet": {"values": list(SETS), "reason": "pyca/cryptography has ML-KEM-768 and ML-KEM-1024, no ML-KEM-512"},
            "secretKeyFormat": {"values": SECRET_FORMATS, "reason": "pyca loads and writes ML-KEM private keys only as the seed (raw, or PKCS#8 seed form)"},
            "publicKeyFormat": {"values": PUBLIC_FORMATS},
        },
        "refusedInputs": {"encapsulate": {"m": NO_M}},
    },
    "x-wing": {
        "ops": list(OPS),
        "params": {
            "parameterSet": {"values": ["X-Wing"]},
            "secretKeyFormat": {"values": ["seed"]},
            "publicKeyFormat": {"values": ["raw"]},
        },
        "refusedInputs": {"encapsulate": {"m": NO_M}},
    },
}
GAPS = {}

# How pyca/cryptography's documentation calls ML-KEM-768: MLKEM768PrivateKey.generate() (or
# from_seed_bytes(seed)), the key kept as private_bytes_raw() (the 64-byte seed; pyca writes no
# expanded key) and the public key as public_bytes_raw(), or as an SPKI (public_bytes(DER,
# SubjectPublicKeyInfo)) for a certificate. The calls are the explicit operations with these
# parameters: pyca has no defaults to fill in.
PYCA_768 = "MLKEM768PrivateKey.generate() / from_seed_bytes(seed); private_bytes_raw(); public_key().public_bytes_raw(); MLKEM768PublicKey.from_public_bytes(ek).encapsulate(); key.decapsulate(ct)"
AS_CALLED_768 = {"call": PYCA_768, "params": {"parameterSet": "ML-KEM-768", "secretKeyFormat": "seed", "publicKeyFormat": "raw"}}
XWING_CALL = "SHAKE256(seed, 96) split into MLKEM768PrivateKey.from_seed_bytes(d || z) and X25519PrivateKey.from_private_bytes(sk_X); MLKEM768PublicKey.from_public_bytes(pk_M).encapsulate(); X25519 exchange; SHA3-256 combiner (draft-connolly-cfrg-xwing-kem §5)"
XWING_AS_CALLED = {"call": XWING_CALL, "params": {"parameterSet": "X-Wing", "secretKeyFormat": "seed", "publicKeyFormat": "raw"}}
INTENTS = {
    "ml-kem": {
        "public-key": AS_CALLED_768,
        "private-key": AS_CALLED_768,
        "seed": AS_CALLED_768,
        "certificate": {
            "call": "load_der_public_key(spki).encapsulate(); public_key().public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo); private_bytes_raw()",
            "params": {"parameterSet": "ML-KEM-768", "secretKeyFormat": "seed", "publicKeyFormat": "spki"},
        },
        # "Post-quantum KEM, Kyber-768": pyca's Kyber is FIPS 203 ML-KEM, the revision the sentence leaves open.
        "kyber-768": {"call": PYCA_768, "params": {**AS_CALLED_768["params"], "revision": "FIPS 203"}},
    },
    # pyca has no X-Wing call of its own (only inside its HPKE): each X-Wing sentence is the
    # composition above, which keeps the 32-byte seed as the secret key and takes a given seed as
    # that key (GenerateKeyPairDerand), as the explicit operations do.
    "x-wing": {
        "public-key": XWING_AS_CALLED,
        "private-key": XWING_AS_CALLED,
        "seed": {"call": XWING_CALL, "params": {**XWING_AS_CALLED["params"], "seedDerivation": "the seed is the secret key (GenerateKeyPairDerand)"}},
        "hybrid": {"call": XWING_CALL, "params": {**XWING_AS_CALLED["params"], "revision": "FIPS 203"}},
    },
}

# HPKE as pyca's documentation calls it (cryptography.hazmat.primitives.hpke): Suite(kem, kdf,
# aead).encrypt(plaintext, public_key) returns enc || ciphertext in one string, decrypt takes that
# string; base mode and no AAD only, info None. pyca-pq claims no explicit HPKE (no other mode,
# no context, no exports): it takes part in this intent alone.
HPKE_BASE_X25519 = {
    "call": "Suite(KEM.X25519, KDF.HKDF_SHA256, AEAD.AES_128_GCM).encrypt(plaintext, public_key) (enc || ct in one bytes) / suite.decrypt(ciphertext, private_key); X25519PrivateKey.generate(), public_bytes_raw(), private_bytes_raw()",
    "params": {"mode": "base", "kem": "DHKEM(X25519, HKDF-SHA256)", "kdf": "HKDF-SHA256", "aead": "AES-128-GCM", "api": "single-shot", "infoBytes": 0, "aadBytes": 0, "pskBytes": 0, "output": "enc ‖ ciphertext"},
}
# The same with ML-KEM-768 (draft-ietf-hpke-pq): keys as pyca's mlkem module makes them, the
# private key as its 64-byte seed (private_bytes_raw), the public key raw.
HPKE_BASE_MLKEM768 = {
    "call": "Suite(KEM.MLKEM768, KDF.HKDF_SHA256, AEAD.AES_128_GCM).encrypt(plaintext, public_key) (enc || ct in one bytes) / suite.decrypt(ciphertext, private_key); MLKEM768PrivateKey.generate(), public_key().public_bytes_raw(), private_bytes_raw()",
    "params": {**HPKE_BASE_X25519["params"], "kem": "ML-KEM-768"},
}
INTENTS["hpke"] = {"base-x25519-aes128gcm": HPKE_BASE_X25519, "base-mlkem768-aes128gcm": HPKE_BASE_MLKEM768}

# Per intent: pyca's KEM, and its private and public key classes.
HPKE_AS_CALLED_KEYS = {
    "base-x25519-aes128gcm": ("X25519", x25519.X25519PrivateKey.generate, x25519.X25519PrivateKey.from_private_bytes, x25519.X25519PublicKey.from_public_bytes),
    "base-mlkem768-aes128gcm": ("MLKEM768", mlkem.MLKEM768PrivateKey.generate, mlkem.MLKEM768PrivateKey.from_seed_bytes, mlkem.MLKEM768PublicKey.from_public_bytes),
}


def hpke_as_called(intent, op, inputs):
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives import hpke

    kem, generate, private_key, public_key = HPKE_AS_CALLED_KEYS[intent]
    suite = hpke.Suite(getattr(hpke.KEM, kem), hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_128_GCM)
    if op == "generateKeyPair":
        sk = generate()
        return {"publicKey": sk.public_key().public_bytes_raw(), "secretKey": sk.private_bytes_raw()}
    try:
        if op == "encrypt":
            return {"ciphertext": suite.encrypt(inputs["plaintext"], public_key(inputs["publicKey"]))}
        return {"plaintext": suite.decrypt(inputs["ciphertext"], private_key(inputs["secretKey"]))}
    except (InvalidTag, ValueError) as err:
        raise Reply("rejected", f"{type(err).__name__}: {err}".rstrip(": ")) from err


def hello():
    return {
        "hello": {
            "protocol": PROTOCOL,
            "implementation": "pyca/cryptography (ML-KEM)",
            "version": f"cryptography {cryptography.__version__}, Python {platform.python_version()}",
            "description": "ML-KEM of pyca/cryptography (its bundled OpenSSL) under the python3 on PATH; X-Wing composed here from its ML-KEM-768 and X25519 with hashlib's SHAKE256 and SHA3-256 (draft-connolly-cfrg-xwing-kem §5)",
            "variant": "explicit",
            "claims": CLAIMS,
            "gaps": GAPS,
            "intents": INTENTS,
        }
    }


def decode(name, text):
    if not isinstance(text, str) or len(text) % 4 != 0:
        raise Reply("bad-request", f"input {name} is not padded base64")
    try:
        return base64.b64decode(text, validate=True)
    except binascii.Error as err:
        raise Reply("bad-request", f"input {name} is not base64: {err}") from err


def perform(request):
    op, sid, params, raw = request.get("op"), request.get("standard"), request.get("params"), request.get("inputs")
    if sid == "hpke" and request.get("intent") in INTENTS["hpke"] and op in ("generateKeyPair", "encrypt", "decrypt") and isinstance(raw, dict):
        return {name: base64.b64encode(value).decode("ascii") for name, value in hpke_as_called(request["intent"], op, {n: decode(n, v) for n, v in raw.items()}).items()}
    if sid not in CLAIMS:
        raise Reply("unsupported", GAPS.get(sid, f"pyca-pq implements ml-kem and x-wing only, not {sid}"))
    if op not in OPS:
        raise Reply("bad-request", f'"op" must be one of {", ".join(OPS)}')
    intent = request.get("intent")
    if intent is not None and intent not in INTENTS.get(sid, {}):
        raise Reply("bad-request", f"no intent {intent!r} of {sid} in the hello")
    if not isinstance(params, dict) or not isinstance(raw, dict):
        raise Reply("bad-request", '"params" and "inputs" must be objects')
    for name, claim in CLAIMS[sid]["params"].items():
        if name not in params:
            raise Reply("bad-request", f"parameter {name} is missing (parameters are explicit; there are no defaults)")
        if params[name] not in claim["values"]:
            raise Reply("unsupported", f"{name}={params[name]!r}: {claim.get('reason', 'not claimed')}")
    need, optional = INPUTS[op]
    missing = [n for n in need if n not in raw]
    if missing:
        raise Reply("bad-request", f"{op} needs {', '.join(need)}; missing: {', '.join(missing)}")
    inputs = {n: decode(n, raw[n]) for n in need + optional if n in raw}
    out = IMPL[sid][op](params, inputs)
    return {name: base64.b64encode(value).decode("ascii") for name, value in out.items()}


def answer(line):
    try:
        request = json.loads(line)
    except ValueError as err:
        return {"id": None, "error": {"code": "bad-request", "message": f"not JSON: {err}"}}
    rid = request.get("id") if isinstance(request, dict) else None
    if not isinstance(rid, (int, str)) or isinstance(rid, bool):
        return {"id": None, "error": {"code": "bad-request", "message": 'a request is an object with an integer or string "id"'}}
    try:
        return {"id": rid, "ok": perform(request)}
    except Reply as r:
        return {"id": rid, "error": {"code": r.code, "message": str(r)}}
    except Exception as err:  # the library failed in a way nobody planned for
        return {"id": rid, "error": {"code": "internal", "message": f"{type(err).__name__}: {err}"}}


def main():
    sys.stdout.write(json.dumps(hello(), separators=(",", ":")) + "\n")
    sys.stdout.flush()
    # ML-KEM takes microseconds: one thread answers in order.
    for line in sys.stdin:
        if line.strip():
            sys.stdout.write(json.dumps(answer(line), separators=(",", ":")) + "\n")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
