#!/usr/bin/env python3
"""make-archives.py - build the hand-made archives used by archives.cases.

    python3 testdata/charts/make-archives.py

Each archive is written byte by byte (tar headers, pax records, sparse
maps, gzip members) so that it can hold what tar tools rarely write: all
four GNU sparse layouts, GNU long names next to pax paths, a damaged CRC,
trailing junk, a chart of exactly 100 MiB.  Output:

  tar-*.tgz                    loaded as the chart itself
  tar-sub-*/charts/t.tgz       a parent chart holding the archive, so that
                               helm's error text is shown (at the top level
                               every unpacking error is "unable to load
                               chart archive")

The bytes are deterministic: re-running leaves the files unchanged.
"""
import os, shutil, struct, zlib

HERE = os.path.dirname(os.path.abspath(__file__))
CHART = b"apiVersion: v2\nname: %s\nversion: 0.1.0\n"
END = b"\0" * 1024


def header(name, size=0, typ=b"0", mode=0o644, gnu=False, link=b"", prefix=b"", patch=()):
    b = bytearray(512)
    b[0:len(name)] = name
    b[100:108] = b"%07o\0" % mode
    b[108:116] = b"0000000\0"
    b[116:124] = b"0000000\0"
    b[124:136] = b"%011o\0" % size
    b[136:148] = b"00000000000\0"
    b[156:157] = typ
    b[157:157 + len(link)] = link
    b[257:265] = b"ustar  \0" if gnu else b"ustar\x0000"
    b[345:345 + len(prefix)] = prefix
    for off, val in patch:
        b[off:off + len(val)] = val
    b[148:156] = b" " * 8
    b[148:156] = b"%06o\0 " % sum(b)
    return bytes(b)


def pad(data):
    return data + b"\0" * (-len(data) % 512)


def entry(name, data, **kw):
    return header(name, len(data), **kw) + pad(data)


def pax(records, typ=b"x"):
    body = b""
    for k, v in records:
        rec = b" " + k + b"=" + v + b"\n"
        n = len(rec) + 1
        while len(str(n)) + len(rec) != n:
            n += 1
        body += str(n).encode() + rec
    return entry(b"PaxHeaders/x", body, typ=typ)


def gzip(raw, crc_delta=0):
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    data = c.compress(raw) + c.flush()
    crc = (zlib.crc32(raw) + crc_delta) & 0xFFFFFFFF
    return b"\x1f\x8b\x08\0\0\0\0\0\0\x03" + data + struct.pack("<II", crc, len(raw) & 0xFFFFFFFF)


def write(rel, data):
    path = os.path.join(HERE, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def sub(name, tgz):
    d = "tar-sub-" + name
    shutil.rmtree(os.path.join(HERE, d), ignore_errors=True)
    write(d + "/Chart.yaml", CHART % b"p")
    write(d + "/templates/cm.yaml", b"kind: ConfigMap\nname: {{ .Release.Name }}\n")
    write(d + "/charts/t.tgz", tgz)


LIST = (b"{{- range $p, $_ := .Files }}\n# {{ $p }} {{ len ($.Files.Get $p) }} "
        b"{{ $.Files.Get $p | sha256sum | trunc 16 }}\n{{- end }}\n")

# 20 bytes: "hello" at 2, "world" at 10, the rest holes
SPARSE_DATA = b"helloworld"


def sparse_old_gnu(name):
    ents = b"00000000002\0" b"00000000005\0" b"00000000012\0" b"00000000005\0"
    return header(name, 10, typ=b"S", gnu=True, patch=((386, ents), (483, b"00000000024\0"))) + pad(SPARSE_DATA)


def sparse_pax(name, version):
    if version == "0.0":
        recs = [(b"GNU.sparse.size", b"20"), (b"GNU.sparse.numblocks", b"2"),
                (b"GNU.sparse.offset", b"2"), (b"GNU.sparse.numbytes", b"5"),
                (b"GNU.sparse.offset", b"10"), (b"GNU.sparse.numbytes", b"5")]
        return pax(recs) + entry(name, SPARSE_DATA)
    if version == "0.1":
        recs = [(b"GNU.sparse.major", b"0"), (b"GNU.sparse.minor", b"1"), (b"GNU.sparse.name", name),
                (b"GNU.sparse.realsize", b"20"), (b"GNU.sparse.numblocks", b"2"),
                (b"GNU.sparse.map", b"2,5,10,5")]
        return pax(recs) + entry(b"x/GNUSparseFile.0/s01", SPARSE_DATA)
    recs = [(b"GNU.sparse.major", b"1"), (b"GNU.sparse.minor", b"0"), (b"GNU.sparse.name", name),
            (b"GNU.sparse.realsize", b"20")]
    return pax(recs) + entry(b"x/GNUSparseFile.0/s10", pad(b"2\n2\n5\n10\n5\n") + SPARSE_DATA)


def chart_head(name=b"x"):
    return entry(b"x/Chart.yaml", CHART % name) + entry(b"x/templates/files.yaml", LIST)


def main():
    # sparse files in the four layouts, read with their holes
    t = chart_head() + sparse_old_gnu(b"x/s-gnu")
    t += sparse_pax(b"x/s00", "0.0") + sparse_pax(b"x/s01", "0.1") + sparse_pax(b"x/s10", "1.0")
    write("tar-sparse.tgz", gzip(t + END))

    # names: GNU long name, pax path, ustar prefix, a global header; a file
    # whose mode says directory (skipped), a NUL typeflag, links as empty files
    long = b"x/" + b"d" * 120 + b"/long.txt"
    t = chart_head()
    t += entry(b"././@LongLink", long + b"\0", typ=b"L", gnu=True) + entry(b"short", b"long\n", gnu=True)
    t += pax([(b"path", b"x/pax-" + b"p" * 100 + b".txt"), (b"mtime", b"1700000000.5")]) + entry(b"ignored", b"pax\n")
    t += entry(b"prefixed.txt", b"prefix\n", prefix=b"x/sub")
    t += pax([(b"comment", b"global")], typ=b"g")
    t += entry(b"x/dirmode", b"skipped\n", mode=0o40644)
    t += entry(b"x/nul-type.txt", b"nul\n", typ=b"\0")
    t += header(b"x/link", 0, typ=b"2", link=b"Chart.yaml") + header(b"x/hard", 0, typ=b"1", link=b"x/Chart.yaml")
    write("tar-names.tgz", gzip(t + END))

    # the gzip trailer only counts when tar reads to the end
    t = entry(b"x/Chart.yaml", CHART % b"x")
    sub("crc-end-blocks", gzip(t + END, crc_delta=1))
    sub("crc-no-end", gzip(t, crc_delta=1))
    sub("junk-end-blocks", gzip(t + END) + b"junk")
    sub("junk-no-end", gzip(t) + b"junk")
    sub("multistream", gzip(t) + gzip(entry(b"x/b.txt", b"second member\n") + END))
    g = bytearray(gzip(t + entry(b"x/a.txt", bytes(range(256)) * 40) + END))
    g[40] ^= 0x55
    sub("flate", bytes(g))

    # tar-level errors
    sub("zero-then-header", gzip(t + b"\0" * 512 + t))
    sub("pax-too-long", gzip(entry(b"PaxHeaders/x", b"1" * (1 << 20 | 1), typ=b"x") + t + END))
    sub("base256-negative", gzip(t + header(b"x/n", patch=((124, b"\xff" * 11 + b"\xfb"),)) + END))
    sub("sparse-missing", gzip(t + header(b"x/s", 5, typ=b"S", gnu=True,
                                           patch=((386, b"00000000002\0" b"00000000005\0"
                                                        b"00000000012\0" b"00000000005\0"),
                                                  (483, b"00000000024\0"))) + pad(b"hello") + END))

    # sizes: a link claiming 10 bytes has none; 100 MiB exactly is too much
    sub("link-size", gzip(t + header(b"x/l", 10, typ=b"2", link=b"Chart.yaml") + END))
    M = 5242880
    z = b"\0" * M
    body = b"".join(entry(b"x/f%02d" % i, z) for i in range(19))
    sub("limit", gzip(t + body + entry(b"x/last", z[:M - len(CHART % b"x")]) + END))
    sub("limit-minus-one", gzip(t + body + entry(b"x/last", z[:M - len(CHART % b"x") - 1]) + END))


if __name__ == "__main__":
    main()
