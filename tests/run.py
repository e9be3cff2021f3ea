#!/usr/bin/env python3
"""run.py - chartc's whole test suite: unit tests and every case suite.

    tests/run.py [BUILD_DIR] [-k SUBSTRING] [-v]

Runs each unit-test executable in BUILD_DIR/tests/unit (each ends its
output with "N passed, N failed") and every case file under testdata/
that has an .expected file beside it, comparing chartc's output with the
reference helm's.  Prints failures, then "N passed, N failed" as the last
line, and exits 1 if anything failed.
"""
import glob, os, re, subprocess, sys, tempfile
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import cases

UBSAN = re.compile(r"\.[ch]:\d+:\d+: runtime error:")

def show(s, limit=1200):
    s = repr(s)
    return s if len(s) <= limit else s[:limit] + "..."

def run_units(build, flt, verbose):
    passed = failed = 0
    for exe in sorted(glob.glob(os.path.join(build, "tests", "unit", "**", "test_*"), recursive=True)):
        if not os.access(exe, os.X_OK) or os.path.isdir(exe) or exe.endswith(".p"):
            continue
        if flt and flt not in os.path.basename(exe):
            continue
        p = subprocess.run([exe], cwd=ROOT, capture_output=True, text=True, errors="replace")
        lines = p.stdout.strip().split("\n")
        last = lines[-1] if lines else ""
        try:
            a, b = last.split(",")
            np_, nf = int(a.split()[0]), int(b.split()[0])
        except Exception:
            np_, nf = 0, 1
        if p.returncode != 0 and nf == 0:
            nf = 1
        passed += np_
        failed += nf
        if nf or verbose:
            print("== %s (exit %d)" % (os.path.basename(exe), p.returncode))
            print("\n".join(l for l in lines if l.startswith("FAIL")) or p.stdout[-2000:])
            if p.stderr:
                print(p.stderr[-3000:])
    return passed, failed

def run_case(chartc, case, exp):
    with tempfile.TemporaryDirectory() as d:
        chart = os.path.join(d, "c")
        cases.write_chart(case, chart)
        cmd = [chartc, "eval", "--chart", chart, "templates/NOTES.txt"] + cases.args_of(case)
        try:
            p = subprocess.run(cmd, cwd=d, capture_output=True, timeout=60,
                               env=dict(os.environ, HOME=d))
        except subprocess.TimeoutExpired:
            return "timeout"
        out = p.stdout.decode("utf-8", "surrogateescape")
        err = p.stderr.decode("utf-8", "surrogateescape")
        kind, rc, text = exp
        # Sanitizer reports, not helm's own "runtime error: ..." texts.
        if p.returncode < 0 or "Sanitizer" in err or UBSAN.search(err):
            return "crashed (%d): %s" % (p.returncode, err[-3000:])
        if kind == "out":
            if p.returncode != 0 or out != text:
                return "want out %s\n     got out %s err %s (exit %d)" % (show(text), show(out), show(err), p.returncode)
        else:
            if p.returncode != rc or err != text:
                return "want err %s (exit %d)\n     got err %s out %s (exit %d)" % (
                    show(text), rc, show(err), show(out), p.returncode)
        return None

def run_cmd_case(chartc, case, exp):
    stdin = cases.stdin_of(case)
    tree = cases.uses_tree(case)
    with tempfile.TemporaryDirectory() as d, tempfile.TemporaryDirectory() as t:
        args, outdir = cases.prepare_tree(case, t) if tree else (cases.cmd_of(case), None)
        env = dict(os.environ, HOME=d, TMPDIR=d)
        for k in ("HELM_NAMESPACE", "HELM_DEBUG", "HELM_KUBECONTEXT"):
            env.pop(k, None)
        env.update(cases.env_of(case))
        try:
            p = subprocess.run([chartc] + args, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT if cases.combined(case) else subprocess.PIPE, timeout=120,
                               input=(stdin or "").encode("utf-8", "surrogateescape"))
        except subprocess.TimeoutExpired:
            return "timeout"
        files = cases.read_tree(t) if tree else None
    def fix(b):
        s = b.decode("utf-8", "surrogateescape")
        if outdir:
            s = s.replace(outdir, cases.OUT)
        return s.replace(ROOT, "$ROOT")
    out, err = fix(p.stdout), fix(p.stderr or b"")
    diag = out + err if cases.combined(case) else err
    if p.returncode < 0 or "Sanitizer" in diag or UBSAN.search(diag):
        return "crashed (%d): %s" % (p.returncode, diag[-3000:])
    bad = []
    if p.returncode != exp["rc"]:
        bad.append("exit %d, want %d" % (p.returncode, exp["rc"]))
    if out != exp["stdout"]:
        bad.append("stdout:\n" + diff(exp["stdout"], out))
    if err != exp["stderr"]:
        bad.append("stderr:\n" + diff(exp["stderr"], err))
    if files is not None:
        bad += tree_diff(sorted(exp["tree"]), files)
    return "\n     ".join(bad) or None

def tree_diff(want, got):
    """What differs between two output trees ([(path, text or None)])."""
    w, g = dict(want), dict(got)
    bad = ["missing file " + p for p in sorted(set(w) - set(g))]
    bad += ["unexpected file " + p for p in sorted(set(g) - set(w))]
    for p in sorted(set(w) & set(g)):
        if w[p] != g[p]:
            bad.append("file %s:\n%s" % (p, diff(w[p] or "", g[p] or "")))
    return bad

def diff(want, got, limit=40):
    import difflib
    d = list(difflib.unified_diff(want.split("\n"), got.split("\n"), "want", "got", lineterm="", n=1))
    return "\n".join(d[:limit]) + ("\n..." if len(d) > limit else "")

def known_failures():
    """testdata/known-failures.txt: case names (fnmatch patterns) that are
    known to fail, one per line, each with a reason after '#'.  They are
    counted as skipped; one that passes is reported so the line is removed."""
    import fnmatch
    pats = []
    path = os.path.join(ROOT, "testdata", "known-failures.txt")
    if os.path.exists(path):
        for line in open(path, encoding="utf-8"):
            line = line.split("#", 1)[0].strip()
            if line:
                pats.append(line)
    return lambda name: any(fnmatch.fnmatchcase(name, p) for p in pats)

def remote_first(ex, one, work):
    """The testdata/remote cases first, while testdata/remote/server.py
    serves their chart repositories on 127.0.0.1 (a few seconds: another
    run's server on the same ports makes this one wait), then the rest.
    Their fake docker credential helpers (testdata/remote/bin) are on PATH
    meanwhile, as scripts/gen-remote-expected puts them there for helm."""
    remote = [w for w in work if w[0].startswith("testdata/remote/")]
    done = []
    if remote:
        p = subprocess.Popen([sys.executable, os.path.join(ROOT, "testdata", "remote", "server.py"), "--stdin"],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        path = os.environ.get("PATH", "")
        os.environ["PATH"] = os.path.join(ROOT, "testdata", "remote", "bin") + os.pathsep + path
        try:
            p.stdout.readline()
            done = list(ex.map(one, remote))
        finally:
            os.environ["PATH"] = path
            p.stdin.close()
            p.wait(10)
    yield from done
    yield from ex.map(one, [w for w in work if not w[0].startswith("testdata/remote/")])

def run_suites(build, flt, verbose, jobs):
    chartc = os.path.join(build, "src", "cli", "chartc")
    work = []
    for path in sorted(glob.glob(os.path.join(ROOT, "testdata", "*", "*.cases"))):
        expf = path[:-len(".cases")] + ".expected"
        if not os.path.exists(expf):
            continue
        cs = cases.read(path)
        is_cmd = any(cases.cmd_of(c) is not None for c in cs)
        exp = cases.read_cmd_expected(expf) if is_cmd else cases.read_expected(expf)
        group = os.path.relpath(path, ROOT)[:-len(".cases")]
        for c in cs:
            name = group + ":" + c[0]
            if flt and flt not in name:
                continue
            if c[0] not in exp:
                work.append((name, None, None))
                continue
            work.append((name, c, exp[c[0]]))
    def one(w):
        name, c, e = w
        if c is None:
            return name, "no expected output (run scripts/gen-expected)"
        if cases.cmd_of(c) is not None:
            return name, run_cmd_case(chartc, c, e)
        return name, run_case(chartc, c, e)
    passed = failed = skipped = 0
    known = known_failures()
    with ThreadPoolExecutor(jobs) as ex:
        for name, res in remote_first(ex, one, work):
            if res is None:
                passed += 1
                if known(name):
                    print("XPASS " + name + " (listed in testdata/known-failures.txt: remove it)")
                elif verbose:
                    print("ok   " + name)
            elif known(name):
                skipped += 1
                if verbose:
                    print("xfail " + name + "\n     " + res)
            else:
                failed += 1
                print("FAIL " + name + "\n     " + res)
    return passed, failed, skipped

def main():
    argv = sys.argv[1:]
    flt = None
    verbose = "-v" in argv
    if "-k" in argv:
        flt = argv[argv.index("-k") + 1]
    pos = [a for i, a in enumerate(argv) if not a.startswith("-") and (i == 0 or argv[i - 1] != "-k")]
    build = os.path.abspath(pos[0] if pos else os.path.join(ROOT, "build"))
    jobs = int(os.environ.get("CHARTC_TEST_JOBS", os.cpu_count() or 2))
    p1, f1 = run_units(build, flt, verbose)
    p2, f2, s2 = run_suites(build, flt, verbose, jobs)
    print("unit: %d passed, %d failed; cases: %d passed, %d failed, %d known failures skipped"
          % (p1, f1, p2, f2, s2))
    print("%d passed, %d failed, %d skipped" % (p1 + p2, f1 + f2, s2))
    sys.exit(1 if f1 + f2 else 0)

main()
