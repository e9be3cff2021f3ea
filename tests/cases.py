"""cases.py - read and write chartc's test-case files, and turn a case into a chart.

A case file (testdata/<suite>/<group>.cases) holds many cases:

    @@@ case NAME
    @@@ template
    {{ if .Values.a }}yes{{ end }}
    @@@ values
    a: 1
    @@@ file templates/_helpers.tpl
    {{ define "x" }}X{{ end }}
    @@@ args
    --set b=2

Lines starting with "@@@ " separate sections.  A section's text is the lines
between its marker and the next one, without the final newline; to end a
template with a newline, leave an empty line before the next marker.
Sections: template (the case's template, rendered as templates/NOTES.txt so
that helm reports its exact, untrimmed output), values (values.yaml), chart
(Chart.yaml, default "apiVersion: v2 / name: c / version: 0.1.0"), file PATH
(any further file of the chart), args (extra command-line flags, one per line).

Command cases (suites whose cases have a "cmd" section, e.g. testdata/template/)
run a whole chartc/helm command line instead of one template:

    @@@ case NAME
    @@@ cmd
    template
    rel
    testdata/charts/basic
    --set
    a=1
    @@@ stdin
    text fed to standard input (optional)

The cmd section holds one argument per line (no shell quoting; a line
"$EMPTY" is an empty argument), run from the repository root as
`helm ARGS` / `chartc ARGS`.  An optional "env" section holds NAME=VALUE
lines added to the environment (HELM_NAMESPACE, HELM_DEBUG, ...).  Their expected file records
"stdout", "stderr" and "rc" sections.  The repository's absolute path is
written as $ROOT in expected texts so they do not depend on the checkout.

A "@@@ combined" section (no body) runs the command with stderr sent to
the same pipe as stdout, as `2>&1` does, so the expected "stdout" holds
both streams in the order the bytes were written and "stderr" is empty.

Output-tree cases (--output-dir): "$OUT" inside a cmd argument becomes
TMP/out, where TMP is a fresh, empty directory of that run.  Optional
"@@@ pre PATH" sections create files below TMP before the run (PATH
relative to TMP, body written exactly: "out" makes a file where the
directory should be, "out/rel/templates/x.yaml" an earlier run's file).
After the run every file below TMP is recorded in the expected file as
"@@@ tree PATH" with its bytes (empty directories as "@@@ tree-dir PATH"),
in sorted order, and TMP/out is written as $OUT in stdout and stderr.

The expected file (<group>.expected) is produced by scripts/gen-expected from
the reference helm, never by hand:

    @@@ case NAME
    @@@ out
    yes
    @@@ case OTHER
    @@@ err 1
    Error: ...

"out" is the rendered text; "err RC" is helm's stderr and exit code.  Each
text is written followed by one newline that reading drops again, so the
exact bytes (trailing newlines included) survive.
"""
import os

MARK = "@@@ "
DEFAULT_CHART = "apiVersion: v2\nname: c\nversion: 0.1.0\n"


def parse(text):
    """Return a list of (name, [(section, arg, body)]) in file order."""
    cases = []
    cur = None
    sec = None
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    body = []

    def flush():
        if sec is not None and cur is not None:
            cur[1].append((sec[0], sec[1], "\n".join(body)))

    for line in lines:
        if line.startswith(MARK):
            flush()
            body = []
            word, _, arg = line[len(MARK):].partition(" ")
            if word == "case":
                cur = (arg.strip(), [])
                cases.append(cur)
                sec = None
            else:
                sec = (word, arg)
            continue
        body.append(line)
    flush()
    return cases


def read(path):
    with open(path, encoding="utf-8", errors="surrogateescape", newline="") as f:
        return parse(f.read())


def sections(case):
    return {(s if not a or s != "file" else "file " + a): b for s, a, b in case[1]}


def write_chart(case, d):
    """Materialize a case as a chart in directory d."""
    os.makedirs(os.path.join(d, "templates"), exist_ok=True)
    secs = case[1]
    chart = DEFAULT_CHART
    for s, a, b in secs:
        if s == "chart":
            chart = b + "\n"
    with open(os.path.join(d, "Chart.yaml"), "w") as f:
        f.write(chart)
    for s, a, b in secs:
        if s == "template":
            p = os.path.join(d, "templates", "NOTES.txt")
        elif s == "values":
            p = os.path.join(d, "values.yaml")
            b = b + "\n" if b else b
        elif s == "file":
            p = os.path.join(d, a)
            os.makedirs(os.path.dirname(p), exist_ok=True)
        else:
            continue
        with open(p, "w", encoding="utf-8", errors="surrogateescape", newline="") as f:
            f.write(b)


def args_of(case):
    out = []
    for s, a, b in case[1]:
        if s == "args":
            out += [l for l in b.split("\n") if l]
    return out


def format_expected(results):
    """results: list of (name, kind, rc, text); kind 'out' or 'err'.
    The text's exact bytes are kept: it is written followed by a newline
    and read back without it."""
    parts = []
    for name, kind, rc, text in results:
        parts.append(MARK + "case " + name + "\n")
        parts.append(MARK + ("out" if kind == "out" else "err %d" % rc) + "\n")
        parts.append(text + "\n")
    return "".join(parts)


def read_expected(path):
    res = {}
    for name, secs in read(path):
        for s, a, b in secs:
            if s == "out":
                res[name] = ("out", 0, b)
            elif s == "err":
                res[name] = ("err", int(a or 1), b)
    return res


EMPTY = "$EMPTY"


def cmd_of(case):
    for s, a, b in case[1]:
        if s == "cmd":
            return ["" if l == EMPTY else l for l in b.split("\n") if l != ""]
    return None


def env_of(case):
    """The case's "env" section: {NAME: VALUE} set for the command."""
    env = {}
    for s, a, b in case[1]:
        if s == "env":
            for l in b.split("\n"):
                if "=" in l:
                    k, _, v = l.partition("=")
                    env[k] = v
    return env


def combined(case):
    """Whether the case captures stdout and stderr as one stream (2>&1)."""
    return any(s == "combined" for s, a, b in case[1])


def stdin_of(case):
    for s, a, b in case[1]:
        if s == "stdin":
            return b
    return None


def format_cmd_expected(results):
    """results: list of (name, rc, stdout, stderr[, tree]); tree as
    read_tree returns it, or None for a case without one."""
    parts = []
    for r in results:
        name, rc, out, err = r[:4]
        parts.append(MARK + "case " + name + "\n")
        parts.append(MARK + "rc %d\n" % rc)
        parts.append(MARK + "stdout\n" + out + "\n")
        parts.append(MARK + "stderr\n" + err + "\n")
        if len(r) > 4 and r[4] is not None:
            parts.append(format_tree(r[4]))
    return "".join(parts)


def read_cmd_expected(path):
    res = {}
    for name, secs in read(path):
        d = {"rc": 0, "stdout": "", "stderr": "", "tree": []}
        for s, a, b in secs:
            if s == "rc":
                d["rc"] = int(a)
            elif s in ("stdout", "stderr"):
                d[s] = b
            elif s == "tree":
                d["tree"].append((a, b))
            elif s == "tree-dir":
                d["tree"].append((a + "/", None))
        res[name] = d
    return res


OUT = "$OUT"


def uses_tree(case):
    """Whether a command case writes files that must be compared."""
    args = cmd_of(case) or []
    return any(OUT in a for a in args) or any(s == "pre" for s, a, b in case[1])


def prepare_tree(case, tmp):
    """Create the case's "pre" files below tmp; return its argv with $OUT
    replaced and the path $OUT stands for."""
    out = os.path.join(tmp, "out")
    for s, a, b in case[1]:
        if s == "pre":
            p = os.path.join(tmp, a)
            os.makedirs(os.path.dirname(p), exist_ok=True)
            with open(p, "w", encoding="utf-8", errors="surrogateescape", newline="") as f:
                f.write(b)
    return [a.replace(OUT, out) for a in cmd_of(case)], out


def read_tree(tmp):
    """Every file below tmp as [(relpath, text)] and empty directories as
    [(relpath + "/", None)], sorted by path."""
    res = []
    for dirpath, dirs, files in os.walk(tmp):
        rel = os.path.relpath(dirpath, tmp)
        if not dirs and not files and rel != ".":
            res.append((rel + "/", None))
        for fn in files:
            p = os.path.join(dirpath, fn)
            r = os.path.relpath(p, tmp)
            if os.path.islink(p):
                res.append((r, "-> " + os.readlink(p)))
                continue
            with open(p, "rb") as f:
                res.append((r, f.read().decode("utf-8", "surrogateescape")))
    return sorted(res)


def format_tree(tree):
    parts = []
    for path, text in tree:
        if text is None:
            parts.append(MARK + "tree-dir " + path.rstrip("/") + "\n")
        else:
            parts.append(MARK + "tree " + path + "\n" + text + "\n")
    return "".join(parts)
