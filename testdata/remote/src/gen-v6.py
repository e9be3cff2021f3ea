#!/usr/bin/env python3
"""gen-v6.py - the RFC 9580 v6 (and LibrePGP v5) fixtures of testdata/remote:
Ed25519 keys and clear-signed provenance files with v6 signatures (salted,
four-octet subpacket counts), as gpg 2.2 cannot make them.

    python3 gen-v6.py          (needs python3-cryptography; deterministic)

Writes, below testdata/remote:
  keys/v6.gpg               v6 key: direct-key self-signature, one user ID
  keys/v6-no-uid.gpg        the same without a user ID
  keys/v6-no-direct.gpg     without a direct-key signature
  keys/v6-direct-other.gpg  its direct-key signature names another key
  keys/v6-direct-bad.gpg    its direct-key signature does not verify
  keys/v6-nosign.gpg        the direct-key signature's flags: certify only
  keys/v6-expired.gpg       the direct-key signature gives a 1-day lifetime
  keys/v6-v4sigs.gpg        a v6 key whose self-signatures are v4
  keys/v6-uid-bad.gpg       the user ID's self-signature does not verify
  keys/v6-v4key.gpg         a v4 Ed25519 key (for v6 signatures by v4 keys)
  keys/v5.gpg               a v5 key (go-crypto drops v5 packets)
  keys/v5-and-v6.gpg        keys/v5.gpg then keys/v6.gpg
  keys/v6-subkey.gpg        a certify-only v6 key with a v6 signing subkey
                            (binding with an embedded v6 back-signature)
  keys/v6-subkey-no-cross.gpg  the same without the back-signature
  keys/v6-legacy-eddsa.gpg  a v6 key with the legacy EdDSA algorithm (22)
  keys/v6-legacy-then-good.gpg, keys/v6-good-then-legacy.gpg,
  keys/v6-bad-uid-legacy-good.gpg   that key before or after good ones
and www/signed/v6*/ and www/signed/v5/, each signed-0.1.0.tgz (a copy of
www/signed/signed-0.1.0.tgz) with a .prov over the same message:
  v6              v6 signature, SHA-512, by keys/v6.gpg's key
  v6-sha256       SHA-256 (16-byte salt)
  v6-bad-text     the text changed after signing
  v6-salt         a 16-byte salt with SHA-512
  v6-hashed-issuer  an issuer key ID subpacket in the hashed area
  v6-issuer-only  no issuer fingerprint, the key ID unhashed only
  v6-sha1         SHA-1 (not allowed in v6)
  v6-by-v4        a v6 signature by keys/v6-v4key.gpg's v4 key
  v4-by-v6        a v4 signature by keys/v6.gpg's key
  v5              a v5 signature by keys/v5.gpg's key
  v6-subkey       a v6 signature by keys/v6-subkey.gpg's subkey
"""
import hashlib, os, shutil, struct, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pgpclear
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives import serialization

REMOTE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
T = 1577836800  # 2020-01-01
HASH = {8: hashlib.sha256, 2: hashlib.sha1, 10: hashlib.sha512}
SALT = {8: 16, 2: 16, 10: 32}


def pkt(tag, body):
    if len(body) < 192:
        l = bytes([len(body)])
    else:
        n = len(body) - 192
        l = bytes([(n >> 8) + 192, n & 255])
    return bytes([0xC0 | tag]) + l + body


def sub(t, data):
    n = len(data) + 1
    if n < 192:
        return bytes([n, t]) + data
    n -= 192
    return bytes([(n >> 8) + 192, n & 255, t]) + data


sub_ = sub


class Key:
    def __init__(self, version, seed, legacy=False):
        self.sk = Ed25519PrivateKey.from_private_bytes(hashlib.sha256(seed).digest())
        pk = self.sk.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        self.v = version
        if legacy:
            # EdDSA (22): the Ed25519 OID, then the point as an MPI 0x40 || key
            mat = bytes([9]) + bytes.fromhex("2b06010401da470f01") + struct.pack(">H", 263) + b"\x40" + pk
            self.body = bytes([version]) + struct.pack(">I", T) + bytes([22]) + struct.pack(">I", len(mat)) + mat
            self.prefix = bytes([0x95 + version]) + struct.pack(">I", len(self.body)) + self.body
            self.fpr = hashlib.sha256(self.prefix).digest()
            self.keyid = self.fpr[:8]
        elif version == 4:
            self.body = bytes([4]) + struct.pack(">I", T) + bytes([27]) + pk
            self.prefix = b"\x99" + struct.pack(">H", len(self.body)) + self.body
            self.fpr = hashlib.sha1(self.prefix).digest()
            self.keyid = self.fpr[-8:]
        else:
            self.body = bytes([version]) + struct.pack(">I", T) + bytes([27]) + struct.pack(">I", len(pk)) + pk
            self.prefix = bytes([0x95 + version]) + struct.pack(">I", len(self.body)) + self.body
            self.fpr = hashlib.sha256(self.prefix).digest()
            self.keyid = self.fpr[:8]

    def fsub(self):
        return sub(33, bytes([self.v]) + self.fpr)

    def sign(self, sv, sigtype, data, hashed_subs, h=10, unhashed=b"", salt_len=None, label=b""):
        hashed = b"".join(hashed_subs)
        if sv == 6:
            head = bytes([6, sigtype, 27, h]) + struct.pack(">I", len(hashed)) + hashed
            salt = hashlib.sha512(b"salt" + label + data).digest()[:salt_len or SALT[h]]
        else:
            head = bytes([sv, sigtype, 27, h]) + struct.pack(">H", len(hashed)) + hashed
            salt = b""
        if sv == 5:
            trailer = head + b"\x05\xff" + struct.pack(">Q", len(head))
            extra = b"\x00" * 6 if sigtype in (0, 1) else b""
        else:
            trailer = head + bytes([sv, 0xff]) + struct.pack(">I", len(head))
            extra = b""
        d = HASH[h](salt + data + extra + trailer).digest()
        sig = self.sk.sign(d)
        if sv == 6:
            return head + struct.pack(">I", len(unhashed)) + unhashed + d[:2] + bytes([len(salt)]) + salt + sig
        return head + struct.pack(">H", len(unhashed)) + unhashed + d[:2] + sig


def keyring(k, sv, uid=True, direct=True, direct_by=None, direct_bad=False, flags=b"\x03", life=None,
            uid_bad=False):
    out = pkt(6, k.body)
    if direct:
        by = direct_by or k
        subs = [sub(2, struct.pack(">I", T)), sub(27, flags)]
        if life is not None:
            subs.append(sub(9, struct.pack(">I", life)))
        subs.append(by.fsub())
        sig = by.sign(sv, 0x1F, k.prefix, subs, label=b"direct")
        if direct_bad:
            sig = sig[:-1] + bytes([sig[-1] ^ 1])
        out += pkt(2, sig)
    if uid:
        u = b"V%d Key <v%d@example.com>" % (k.v, k.v)
        uh = b"\xb4" + struct.pack(">I", len(u)) + u
        subs = [sub(2, struct.pack(">I", T)), sub(27, b"\x03"), k.fsub()]
        sig = k.sign(sv, 0x13, k.prefix + uh, subs, unhashed=sub(16, k.keyid) if sv == 4 else b"", label=b"uid")
        if uid_bad:
            sig = sig[:-1] + bytes([sig[-1] ^ 1])
        out += pkt(13, u) + pkt(2, sig)
    return out


def subkey_ring(k, sub, cross=True):
    out = pkt(6, k.body)
    out += pkt(2, k.sign(6, 0x1F, k.prefix, [sub_(2, struct.pack(">I", T)), sub_(27, b"\x01"), k.fsub()], label=b"d"))
    u = b"V6 Key <v6@example.com>"
    uh = b"\xb4" + struct.pack(">I", len(u)) + u
    out += pkt(13, u) + pkt(2, k.sign(6, 0x13, k.prefix + uh, [sub_(2, struct.pack(">I", T)), sub_(27, b"\x01"), k.fsub()], label=b"u"))
    subs = [sub_(2, struct.pack(">I", T)), sub_(27, b"\x02"), k.fsub()]
    if cross:
        back = sub.sign(6, 0x19, k.prefix + sub.prefix, [sub_(2, struct.pack(">I", T)), sub.fsub()], label=b"back")
        subs.append(sub_(32, back))
    out += pkt(14, sub.body) + pkt(2, k.sign(6, 0x18, k.prefix + sub.prefix, subs, label=b"bind"))
    return out


def prov(k, sv, lines, h=10, subs=None, unhashed=b"", salt_len=None):
    signed = pgpclear.signed_text(lines)
    if subs is None:
        subs = [sub(2, struct.pack(">I", T + 86400)), k.fsub()]
    if sv == 4 and not unhashed:
        unhashed = sub(16, k.keyid)
    sig = k.sign(sv, 0x01, signed, subs, h=h, unhashed=unhashed, salt_len=salt_len, label=b"prov")
    return pgpclear.clearsign(lines, pkt(2, sig))


def write(rel, data):
    p = os.path.join(REMOTE, rel)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, "wb" if isinstance(data, bytes) else "w") as f:
        f.write(data)


def main():
    k6 = Key(6, b"chartc v6 fixture key")
    other = Key(6, b"chartc v6 other key")
    k4 = Key(4, b"chartc v4 key for v6 signatures")
    k5 = Key(5, b"chartc v5 fixture key")
    write("keys/v6.gpg", keyring(k6, 6))
    write("keys/v6-no-uid.gpg", keyring(k6, 6, uid=False))
    write("keys/v6-no-direct.gpg", keyring(k6, 6, direct=False))
    write("keys/v6-direct-other.gpg", keyring(k6, 6, direct_by=other))
    write("keys/v6-direct-bad.gpg", keyring(k6, 6, direct_bad=True))
    write("keys/v6-nosign.gpg", keyring(k6, 6, flags=b"\x01"))
    write("keys/v6-expired.gpg", keyring(k6, 6, life=86400))
    write("keys/v6-v4sigs.gpg", keyring(k6, 4))
    write("keys/v6-uid-bad.gpg", keyring(k6, 6, uid_bad=True))
    write("keys/v6-v4key.gpg", keyring(k4, 4, direct=False))
    write("keys/v5.gpg", keyring(k5, 5, direct=False))
    write("keys/v5-and-v6.gpg", keyring(k5, 5, direct=False) + keyring(k6, 6))
    ks = Key(6, b"chartc v6 signing subkey")
    write("keys/v6-subkey.gpg", subkey_ring(k6, ks))
    write("keys/v6-subkey-no-cross.gpg", subkey_ring(k6, ks, cross=False))
    legacy = keyring(Key(6, b"chartc v6 legacy", legacy=True), 6)
    write("keys/v6-legacy-eddsa.gpg", legacy)
    write("keys/v6-legacy-then-good.gpg", legacy + keyring(k6, 6))
    write("keys/v6-good-then-legacy.gpg", keyring(k6, 6) + legacy)
    write("keys/v6-bad-uid-legacy-good.gpg", keyring(k6, 6, uid_bad=True) + legacy + keyring(k6, 6))

    src = os.path.join(REMOTE, "www", "signed", "signed-0.1.0.tgz.prov")
    text = open(src).read()
    body = text.split("\n\n", 1)[1].split("-----BEGIN PGP SIGNATURE-----")[0]
    lines = [l[2:] if l.startswith("- ") else l for l in body.split("\n")[:-1]]
    ts = sub(2, struct.pack(">I", T + 86400))
    provs = {
        "v6": prov(k6, 6, lines),
        "v6-sha256": prov(k6, 6, lines, h=8),
        "v6-bad-text": prov(k6, 6, lines).replace("name: signed", "name: signeD"),
        "v6-salt": prov(k6, 6, lines, salt_len=16),
        "v6-hashed-issuer": prov(k6, 6, lines, subs=[ts, k6.fsub(), sub(16, k6.keyid)]),
        "v6-issuer-only": prov(k6, 6, lines, subs=[ts], unhashed=sub(16, k6.keyid)),
        "v6-sha1": prov(k6, 6, lines, h=2),
        "v6-by-v4": prov(k4, 6, lines),
        "v4-by-v6": prov(k6, 4, lines),
        "v5": prov(k5, 5, lines),
        "v6-subkey": prov(ks, 6, lines),
    }
    tgz = os.path.join(REMOTE, "www", "signed", "signed-0.1.0.tgz")
    for name, p in provs.items():
        d = os.path.join("www", "signed", name)
        write(os.path.join(d, "signed-0.1.0.tgz.prov"), p)
        shutil.copyfile(tgz, os.path.join(REMOTE, d, "signed-0.1.0.tgz"))


main()
