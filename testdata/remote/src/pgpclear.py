"""pgpclear.py - the clear-signed provenance text of the fixture generators
(gen-ed448.py, gen-crosssig.py): the message dash-escaped, then the
signature packet in ASCII armor with its CRC-24 (RFC 9580 sections 6, 7)."""
import base64, struct


def crc24(b):
    crc = 0xB704CE
    for c in b:
        crc ^= c << 16
        for _ in range(8):
            crc <<= 1
            if crc & 0x1000000:
                crc ^= 0x1864CFB
    return crc & 0xFFFFFF


def signed_text(lines):
    """The bytes a clear-text signature covers: lines without trailing
    blanks, joined with CRLF."""
    return "\r\n".join(l.rstrip(" \t") for l in lines).encode()


def clearsign(lines, sig_packet):
    b64 = base64.b64encode(sig_packet).decode()
    arm = "\n".join(b64[i:i + 64] for i in range(0, len(b64), 64))
    body = "".join(("- " + l if l.startswith("-") else l) + "\n" for l in lines)
    return ("-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n\n" + body
            + "-----BEGIN PGP SIGNATURE-----\n\n" + arm + "\n="
            + base64.b64encode(struct.pack(">I", crc24(sig_packet))[1:]).decode()
            + "\n-----END PGP SIGNATURE-----\n")
