#!/usr/bin/env python3
"""make-hostile.py - build the hostile chart archives used by hostile.cases.

    python3 testdata/template/make-hostile.py

Writes testdata/template/hostile/<name>.tgz (each loaded as the chart itself)
and testdata/template/hostile/sub-<name>/ (a valid parent chart holding the
same archive in charts/, so the subchart error path is exercised too).

The output is deterministic (fixed mtimes, owners and gzip header) so that
re-running the script leaves the committed files unchanged.  Every archive is
small on disk; the bomb expands to 200 MiB of zeros but is ~200 KB compressed.
"""
import gzip, io, os, shutil, tarfile

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "hostile")
MTIME = 1704067200  # 2024-01-01, fixed so the archives are reproducible

CHART = b"apiVersion: v2\nname: %s\nversion: 0.1.0\n"
CM = (b"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-%s\n")


class Zeros(io.RawIOBase):
    """A readable stream of n zero bytes, so the bomb never sits in memory."""

    def __init__(self, n):
        self.left = n

    def readable(self):
        return True

    def readinto(self, b):
        k = min(len(b), self.left)
        b[:k] = bytes(k)
        self.left -= k
        return k


def info(name, size=0, typ=tarfile.REGTYPE, linkname=""):
    ti = tarfile.TarInfo(name)
    ti.size = size
    ti.type = typ
    ti.linkname = linkname
    ti.mtime = MTIME
    ti.mode = 0o755 if typ == tarfile.DIRTYPE else 0o644
    ti.uname = ti.gname = "root"
    return ti


def write(name, entries, compress=True, fmt=tarfile.GNU_FORMAT):
    """entries: list of (path, bytes | int(zero bytes) | ('sym'|'hard'|'dir'|'chr', target))."""
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=fmt) as tf:
        for path, data in entries:
            if isinstance(data, tuple):
                kind, target = data
                typ = {"sym": tarfile.SYMTYPE, "hard": tarfile.LNKTYPE,
                       "dir": tarfile.DIRTYPE, "chr": tarfile.CHRTYPE}[kind]
                tf.addfile(info(path, typ=typ, linkname=target or ""))
            elif isinstance(data, int):
                tf.addfile(info(path, data), Zeros(data))
            else:
                tf.addfile(info(path, len(data)), io.BytesIO(data))
    body = raw.getvalue()
    path = os.path.join(OUT, name + ".tgz")
    with open(path, "wb") as f:
        if compress:
            with gzip.GzipFile(fileobj=f, mode="wb", mtime=0, filename="", compresslevel=9) as gz:
                gz.write(body)
        else:
            f.write(body)
    return path


def ok_chart(root, name):
    return [(root + "/Chart.yaml", CHART % name.encode()),
            (root + "/templates/cm.yaml", CM % name.encode())]


def wrapper(name):
    """A valid parent chart with the archive as its only subchart."""
    d = os.path.join(OUT, "sub-" + name)
    os.makedirs(os.path.join(d, "charts"), exist_ok=True)
    os.makedirs(os.path.join(d, "templates"), exist_ok=True)
    with open(os.path.join(d, "Chart.yaml"), "wb") as f:
        f.write(CHART % b"st")
    with open(os.path.join(d, "templates", "cm.yaml"), "wb") as f:
        f.write(CM % b"parent")
    shutil.copy(os.path.join(OUT, name + ".tgz"), os.path.join(d, "charts", name + ".tgz"))


def bomb_tgz():
    """200 MiB of zeros in one tar member, gzip-compressed level 9 (~200 KB)."""
    n = 200 * 1024 * 1024
    path = os.path.join(OUT, "bomb.tgz")
    with open(path, "wb") as f:
        with gzip.GzipFile(fileobj=f, mode="wb", mtime=0, filename="", compresslevel=9) as gz:
            with tarfile.open(fileobj=gz, mode="w|", format=tarfile.GNU_FORMAT) as tf:
                for p, data in ok_chart("bomb", "bomb"):
                    tf.addfile(info(p, len(data)), io.BytesIO(data))
                tf.addfile(info("bomb/files/zeros.bin", n), Zeros(n))


def main():
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    os.makedirs(OUT)
    archives = {
        # a well-formed control archive
        "good": ok_chart("good", "good"),
        # ../ escaping the chart root
        "traversal": ok_chart("trav", "trav") + [("trav/../../evil.yaml", b"evil: true\n")],
        "traversal-deep": ok_chart("trav", "trav") + [("trav/templates/../../../etc/cron.d/x", b"x\n")],
        # absolute member names: helm strips the leading slash
        "absolute": [("/abs/Chart.yaml", CHART % b"abs"), ("/abs/templates/cm.yaml", CM % b"abs")],
        "absolute-root": [("/Chart.yaml", CHART % b"absroot"), ("/templates/cm.yaml", CM % b"absroot")],
        # symlink and hard link members
        "symlink": ok_chart("sym", "sym") + [("sym/templates/passwd.yaml", ("sym", "/etc/passwd"))],
        "hardlink": ok_chart("hl", "hl") + [("hl/templates/copy.yaml", ("hard", "hl/templates/cm.yaml"))],
        # character device member
        "device": ok_chart("dev", "dev") + [("dev/templates/null", ("chr", ""))],
        # a file at the archive root besides the chart directory
        "rootfile": ok_chart("rf", "rf") + [("Chart.yaml", CHART % b"rootfile")],
        "rootonly": [("Chart.yaml", CHART % b"rootonly"), ("values.yaml", b"a: 1\n")],
        # names helm rejects (Windows drive letters)
        "illegal-name": ok_chart("ill", "ill") + [("ill/C:/Windows/x.yaml", b"x: 1\n")],
        "illegal-drive": [("C:/ill/Chart.yaml", CHART % b"ill")],
        # backslash separators
        "backslash": [("bs\\Chart.yaml", CHART % b"bs"), ("bs\\templates\\cm.yaml", CM % b"bs")],
        # two different top-level directories
        "mixed-roots": [("one/Chart.yaml", CHART % b"mixed"), ("two/templates/cm.yaml", CM % b"mixed")],
        # nothing but directories
        "dirs-only": [("empty/", ("dir", "")), ("empty/templates/", ("dir", ""))],
        # no Chart.yaml inside
        "no-chartyaml": [("nc/values.yaml", b"a: 1\n"), ("nc/templates/cm.yaml", CM % b"nc")],
        # a single file just over helm's 5 MiB per-file limit (compresses to a few KB)
        "bigfile": ok_chart("bf", "bf") + [("bf/files/big.bin", 5 * 1024 * 1024 + 1)],
        # Chart.yaml that is not YAML
        "bad-chartyaml": [("bc/Chart.yaml", b"name: [\n"), ("bc/templates/cm.yaml", CM % b"bc")],
    }
    for name, entries in archives.items():
        write(name, entries)
    # not gzip at all: a plain tar
    write("plain-tar", ok_chart("pt", "pt"), compress=False)
    # truncated gzip stream
    good = open(os.path.join(OUT, "good.tgz"), "rb").read()
    with open(os.path.join(OUT, "truncated.tgz"), "wb") as f:
        f.write(good[: len(good) // 2])
    # gzip of garbage that is not a tar
    with open(os.path.join(OUT, "not-tar.tgz"), "wb") as f:
        with gzip.GzipFile(fileobj=f, mode="wb", mtime=0, filename="") as gz:
            gz.write(b"this is not a tar archive\n" * 40)
    # an empty file named .tgz
    open(os.path.join(OUT, "empty.tgz"), "wb").close()
    bomb_tgz()
    for name in ["good", "traversal", "traversal-deep", "absolute", "absolute-root", "symlink", "hardlink",
                 "device", "rootfile", "rootonly", "illegal-name", "backslash", "mixed-roots",
                 "dirs-only", "no-chartyaml", "bigfile", "truncated", "not-tar", "empty", "bomb"]:
        wrapper(name)


main()
