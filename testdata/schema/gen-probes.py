#!/usr/bin/env python3
"""Record what the reference helm prints for each probe of probes.in.json
(a values.schema.json and values.yaml written as JSON, so YAML numbers are
float64 as in any chart) into probes.expected.json, which
tests/unit/schema/test_schema checks the validator against.  A probe whose
output changes between runs (Go's random map order) is left out.
Run from the repository root: testdata/schema/gen-probes.py"""
import json, os, shutil, subprocess, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
HELM = subprocess.run([os.path.join(HERE, "../../../shared/tools/reference-helm")],
                      capture_output=True, text=True).stdout.strip()
PRE = "Error: values don't meet the specifications of the schema(s) in the following chart(s):\nc:\n"

def run(schema, values):
    d = tempfile.mkdtemp()
    try:
        os.makedirs(d + "/c/templates")
        open(d + "/c/Chart.yaml", "w").write("apiVersion: v2\nname: c\nversion: 0.1.0\n")
        open(d + "/c/templates/NOTES.txt", "w").write("x")
        # a string is the schema file's exact text (numbers JSON cannot hold)
        open(d + "/c/values.schema.json", "w").write(schema if isinstance(schema, str) else json.dumps(schema))
        open(d + "/c/values.yaml", "w").write(json.dumps(values))
        p = subprocess.run([HELM, "template", "r", d + "/c"], capture_output=True, text=True)
        if p.returncode == 0:
            return 0, ""
        if not p.stderr.startswith(PRE):
            return None
        body = p.stderr[len(PRE):]
        if body.endswith("\n\n"):
            return 1, body[:-1]
        return -1, body[:-1]
    finally:
        shutil.rmtree(d)

out = []
for c in json.load(open(os.path.join(HERE, "probes.in.json"))):
    r = [run(c["schema"], c["values"]) for _ in range(6)]
    if r[0] is None or r.count(r[0]) != 6:
        print("unstable or not a schema error, skipped:", json.dumps(c)[:120])
        continue
    out.append({"schema": c["schema"], "values": c["values"], "rc": r[0][0], "expected": r[0][1]})
json.dump(out, open(os.path.join(HERE, "probes.expected.json"), "w"), indent=1, ensure_ascii=False)
print(len(out), "probes recorded")
