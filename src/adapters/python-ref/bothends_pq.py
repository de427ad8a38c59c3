#!/usr/bin/env python3
"""pyca-pq: ML-KEM of pyca/cryptography 48 (OpenSSL 3.5+ inside its wheel) over the bothends
adapter protocol, version 1 (docs/adapter-protocol.md).

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
  of its own, so x-wing is a gap.
"""
import base64
import binascii
import json
import platform
import sys

try:
    import cryptography
    from cryptography.hazmat.primitives import serialization as ser
    from cryptography.hazmat.primitives.asymmetric import mlkem
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


def encapsulate(p, i):
    if "m" in i:
        raise Reply("unsupported", "pyca's encapsulate() draws its own randomness: it takes no m")
    shared, ciphertext = load_public(p, i["publicKey"]).encapsulate()
    return {"ciphertext": ciphertext, "sharedSecret": shared}


def decapsulate(p, i):
    key = load_secret(p, i["secretKey"])
    try:
        return {"sharedSecret": key.decapsulate(i["ciphertext"])}
    except ValueError as err:
        raise Reply("rejected", f"decapsulate: {err}") from err


INPUTS = {"generateKeyPair": ([], ["seed"]), "encapsulate": (["publicKey"], ["m"]), "decapsulate": (["secretKey", "ciphertext"], [])}
IMPL = {"generateKeyPair": generate, "encapsulate": encapsulate, "decapsulate": decapsulate}
CLAIMS = {
    "ml-kem": {
        "ops": list(OPS),
        "params": {
            "parameterSet": {"values": list(SETS), "reason": "pyca/cryptography has ML-KEM-768 and ML-KEM-1024, no ML-KEM-512"},
            "secretKeyFormat": {"values": SECRET_FORMATS, "reason": "pyca loads and writes ML-KEM private keys only as the seed (raw, or PKCS#8 seed form)"},
            "publicKeyFormat": {"values": PUBLIC_FORMATS},
        },
    }
}
GAPS = {
    "x-wing": "pyca/cryptography 48 has X-Wing (MLKEM768X25519) only inside its HPKE, with no encapsulate or decapsulate of its own",
}


def hello():
    return {
        "hello": {
            "protocol": PROTOCOL,
            "implementation": "pyca/cryptography (ML-KEM)",
            "version": f"cryptography {cryptography.__version__}, Python {platform.python_version()}",
            "description": "ML-KEM of pyca/cryptography (its bundled OpenSSL) under the python3 on PATH",
            "variant": "explicit",
            "claims": CLAIMS,
            "gaps": GAPS,
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
    if sid not in CLAIMS:
        raise Reply("unsupported", GAPS.get(sid, f"pyca-pq implements ml-kem only, not {sid}"))
    if op not in OPS:
        raise Reply("bad-request", f'"op" must be one of {", ".join(OPS)}')
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
    out = IMPL[op](params, inputs)
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
