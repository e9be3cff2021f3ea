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

The cmd section holds one argument per line (no shell quoting), run from the
repository root as `helm ARGS` / `chartc ARGS`.  Their expected file records
"stdout", "stderr" and "rc" sections.  The repository's absolute path is
written as $ROOT in expected texts so they do not depend on the checkout.

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


def cmd_of(case):
    for s, a, b in case[1]:
        if s == "cmd":
            return [l for l in b.split("\n") if l != ""]
    return None


def stdin_of(case):
    for s, a, b in case[1]:
        if s == "stdin":
            return b
    return None


def format_cmd_expected(results):
    """results: list of (name, rc, stdout, stderr)."""
    parts = []
    for name, rc, out, err in results:
        parts.append(MARK + "case " + name + "\n")
        parts.append(MARK + "rc %d\n" % rc)
        parts.append(MARK + "stdout\n" + out + "\n")
        parts.append(MARK + "stderr\n" + err + "\n")
    return "".join(parts)


def read_cmd_expected(path):
    res = {}
    for name, secs in read(path):
        d = {"rc": 0, "stdout": "", "stderr": ""}
        for s, a, b in secs:
            if s == "rc":
                d["rc"] = int(a)
            elif s in ("stdout", "stderr"):
                d[s] = b
        res[name] = d
    return res
