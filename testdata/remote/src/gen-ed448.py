#!/usr/bin/env python3
"""gen-ed448.py - the Ed448 fixtures of testdata/remote (gpg 2.2 cannot make
Ed448 keys): a v4 Ed448 key with one self-signed user ID, and a
clear-signed provenance file of a message, as RFC 9580 lays them out.

    python3 gen-ed448.py KEYRING MESSAGE PROV   (needs python3-cryptography)

www/signed/ed448 holds its output for the message of signed-0.1.0.tgz.prov;
www/signed/ed448-bad the same .prov with the text changed afterwards.
"""
import hashlib, struct, base64, time, sys, os
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pgpclear
from cryptography.hazmat.primitives.asymmetric.ed448 import Ed448PrivateKey
from cryptography.hazmat.primitives import serialization
T = 1577836800  # 2020-01-01
sk = Ed448PrivateKey.generate()
pk = sk.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
assert len(pk) == 57
keybody = bytes([4]) + struct.pack(">I", T) + bytes([28]) + pk
fpr = hashlib.sha1(b"\x99" + struct.pack(">H", len(keybody)) + keybody).digest()
keyid = fpr[-8:]
def pkt(tag, body):
    assert len(body) < 8384
    if len(body) < 192: l = bytes([len(body)])
    else:
        n = len(body) - 192; l = bytes([(n >> 8) + 192, n & 255])
    return bytes([0xC0 | tag]) + l + body
def sub(t, data):
    return bytes([len(data) + 1, t]) + data
def sign(sigtype, prefix, hashed_subs):
    hashed = b"".join(hashed_subs)
    head = bytes([4, sigtype, 28, 10]) + struct.pack(">H", len(hashed)) + hashed
    trailer = head + b"\x04\xff" + struct.pack(">I", len(head))
    d = hashlib.sha512(prefix + trailer).digest()
    sig = sk.sign(d)
    unhashed = sub(16, keyid)
    return head + struct.pack(">H", len(unhashed)) + unhashed + d[:2] + sig
uid = b"Ed448 Key <ed448@example.com>"
selfsig = sign(0x13, b"\x99" + struct.pack(">H", len(keybody)) + keybody + b"\xb4" + struct.pack(">I", len(uid)) + uid,
               [sub(2, struct.pack(">I", T)), sub(27, b"\x03"), sub(33, b"\x04" + fpr)])
ring = pkt(6, keybody) + pkt(13, uid) + pkt(2, selfsig)
open(sys.argv[1], "wb").write(ring)
msg = open(sys.argv[2]).read()
lines = msg.split("\n")[:-1]
signed = pgpclear.signed_text(lines)
sig = sign(0x01, signed, [sub(2, struct.pack(">I", T + 86400)), sub(33, b"\x04" + fpr)])
data = pkt(2, sig)
out = pgpclear.clearsign(lines, data)
open(sys.argv[3], "w").write(out)
