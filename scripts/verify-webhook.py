#!/usr/bin/env python3
"""Verifies one Standard Webhooks signature, written from the specification alone
(https://www.standardwebhooks.com) with Python's standard library: an implementation
independent of the daemon's, used by the test suite and handy when debugging a receiver.

    verify-webhook.py --secret whsec_... --id evt_1 --timestamp 1700000000 \
        --signature 'v1,...' [--tolerance 300] < body.json

Exits 0 when one of the space-separated v1 signatures matches and the timestamp is within
the tolerance of now, 1 otherwise (with the reason on stderr).
"""
import argparse
import base64
import hashlib
import hmac
import sys
import time


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--secret", required=True)
    parser.add_argument("--id", required=True)
    parser.add_argument("--timestamp", required=True)
    parser.add_argument("--signature", required=True)
    parser.add_argument("--tolerance", type=int, default=300)
    args = parser.parse_args()

    if not args.secret.startswith("whsec_"):
        print("secret lacks the whsec_ prefix", file=sys.stderr)
        return 1
    key = base64.b64decode(args.secret[len("whsec_"):])
    body = sys.stdin.buffer.read()
    if abs(time.time() - int(args.timestamp)) > args.tolerance:
        print("timestamp outside the tolerance", file=sys.stderr)
        return 1
    signed = args.id.encode() + b"." + args.timestamp.encode() + b"." + body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    for candidate in args.signature.split(" "):
        version, _, value = candidate.partition(",")
        if version == "v1" and hmac.compare_digest(value, expected):
            return 0
    print("no signature matches", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
