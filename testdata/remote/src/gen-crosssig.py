#!/usr/bin/env python3
"""gen-crosssig.py - Ed448 fixtures for signing-subkey cross-certification:
a primary key and a signing subkey whose binding embeds no back-signature
(nobacksig), a corrupted one (badbacksig) or a good one (goodbacksig), and
a clear-signed provenance file made by the subkey:

    python3 gen-crosssig.py MODE KEYRING MESSAGE PROV   (needs python3-cryptography)

keys/cross-MODE.gpg and www/signed/cross-MODE come from it.
"""
import hashlib, struct, base64, sys, os
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pgpclear
from cryptography.hazmat.primitives.asymmetric.ed448 import Ed448PrivateKey
from cryptography.hazmat.primitives import serialization
T = 1577836800
def raw(sk): return sk.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
def keybody(sk): return bytes([4]) + struct.pack(">I", T) + bytes([28]) + raw(sk)
def fpr(body): return hashlib.sha1(b"\x99" + struct.pack(">H", len(body)) + body).digest()
def pkt(tag, body):
    if len(body) < 192: l = bytes([len(body)])
    else: n = len(body) - 192; l = bytes([(n >> 8) + 192, n & 255])
    return bytes([0xC0 | tag]) + l + body
def sub(t, data):
    n = len(data) + 1
    if n < 192: return bytes([n, t]) + data
    n -= 192; return bytes([(n >> 8) + 192, n & 255, t]) + data
def sign(sk, sigtype, prefix, hashed_subs, unhashed_subs, corrupt=False):
    hashed = b"".join(hashed_subs)
    head = bytes([4, sigtype, 28, 10]) + struct.pack(">H", len(hashed)) + hashed
    d = hashlib.sha512(prefix + head + b"\x04\xff" + struct.pack(">I", len(head))).digest()
    sig = bytearray(sk.sign(d))
    if corrupt: sig[5] ^= 1
    unhashed = b"".join(unhashed_subs)
    return head + struct.pack(">H", len(unhashed)) + unhashed + d[:2] + bytes(sig)
mode = sys.argv[1]   # "nobacksig" or "badbacksig"
pk, sk = Ed448PrivateKey.generate(), Ed448PrivateKey.generate()
pb, sb = keybody(pk), keybody(sk)
pf, sf = fpr(pb), fpr(sb)
uid = b"Cross Sig <cross@example.com>"
kp = lambda b: b"\x99" + struct.pack(">H", len(b)) + b
selfsig = sign(pk, 0x13, kp(pb) + b"\xb4" + struct.pack(">I", len(uid)) + uid,
               [sub(2, struct.pack(">I", T)), sub(27, b"\x01"), sub(33, b"\x04" + pf)], [sub(16, pf[-8:])])
hashed = [sub(2, struct.pack(">I", T)), sub(27, b"\x02"), sub(33, b"\x04" + pf)]
if mode in ("badbacksig", "goodbacksig"):
    back = sign(sk, 0x19, kp(pb) + kp(sb), [sub(2, struct.pack(">I", T)), sub(33, b"\x04" + sf)], [sub(16, sf[-8:])], corrupt=mode == "badbacksig")
    hashed.append(sub(32, back))
binding = sign(pk, 0x18, kp(pb) + kp(sb), hashed, [sub(16, pf[-8:])])
ring = pkt(6, pb) + pkt(13, uid) + pkt(2, selfsig) + pkt(14, sb) + pkt(2, binding)
open(sys.argv[2], "wb").write(ring)
msg = open(sys.argv[3]).read()
lines = msg.split("\n")[:-1]
signed = pgpclear.signed_text(lines)
sig = sign(sk, 0x01, signed, [sub(2, struct.pack(">I", T + 86400)), sub(33, b"\x04" + sf)], [sub(16, sf[-8:])])
data = pkt(2, sig)
out = pgpclear.clearsign(lines, data)
open(sys.argv[4], "w").write(out)
