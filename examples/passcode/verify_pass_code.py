#!/usr/bin/env python3
"""Verify a papercheck pass code in a submission system (Python, `pip install cryptography`).

Usage: verify_pass_code.py CODE PAPER.pdf SERVER.key.pub [PROFILE]
Exit status: 0 the code is genuine and for this PDF (and profile); 1 refused; 64 bad usage.
"""
import base64
import hashlib
import json
import sys

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import load_pem_public_key


def unpadded_b64url(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def verify_pass_code(code, pdf_bytes, public_key_pem, profile=None):
    """The signed statement (a dict) when the code is genuine and for this PDF; else ValueError."""
    parts = code.strip().split(".")
    if len(code) > 2048 or len(parts) != 3 or parts[0] != "papercheck1":
        raise ValueError("not a papercheck pass code")
    key = load_pem_public_key(public_key_pem)
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError("the public key is not an Ed25519 key")
    try:
        key.verify(unpadded_b64url(parts[2]), f"{parts[0]}.{parts[1]}".encode("ascii"))
    except (InvalidSignature, ValueError):
        raise ValueError("the code was altered or forged")
    statement = json.loads(unpadded_b64url(parts[1]))
    if statement["sha256"] != hashlib.sha256(pdf_bytes).hexdigest():
        raise ValueError("the PDF is not the one that was checked")
    if profile is not None and statement["profile"] != profile:
        raise ValueError(f"the code is for profile {statement['profile']}")
    if statement["verdict"] not in ("pass", "warn"):
        raise ValueError("the code does not say the paper passed")
    return statement


if __name__ == "__main__":
    if len(sys.argv) not in (4, 5):
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        sys.exit(64)
    code, pdf, key = sys.argv[1:4]
    with open(pdf, "rb") as paper, open(key, "rb") as public_key:
        pdf_bytes, pem = paper.read(), public_key.read()
    try:
        statement = verify_pass_code(code, pdf_bytes, pem, sys.argv[4] if len(sys.argv) == 5 else None)
    except ValueError as refusal:
        print(f"refused: {refusal}")
        sys.exit(1)
    print(f"valid: {statement['verdict']} under {statement['profile']}, issued {statement['issued']}")
