#!/bin/sh
# template.sh [BUILD_DIR] - `chartc template` against the reference helm on
# the large generated chart (testdata/template/charts/big: 9 subcharts, 380
# templates) and a small one (charts/basic), in one run.  For each: mean
# wall time over repeated runs (hyperfine), CPU time and peak memory of one
# run (/usr/bin/time), the ratios, and whether the outputs are identical.
set -e
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$ROOT/build}
CHARTC="$BUILD/src/cli/chartc"
H=$("$ROOT/../shared/tools/reference-helm")
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export HOME=$T KUBECONFIG=$T/nokube
cd "$ROOT"
for chart in big basic; do
    dir=testdata/template/charts/$chart
    "$CHARTC" template rel "$dir" > "$T/c.out"
    "$H" template rel "$dir" > "$T/h.out"
    same=$(cmp -s "$T/c.out" "$T/h.out" && echo identical || echo DIFFERENT)
    hyperfine -N -w 3 -r 20 --export-json "$T/hf.json" \
        "$CHARTC template rel $dir" "$H template rel $dir" > /dev/null 2>&1
    /usr/bin/time -f '%e %U %S %M' -o "$T/ct" "$CHARTC" template rel "$dir" > /dev/null
    /usr/bin/time -f '%e %U %S %M' -o "$T/ht" "$H" template rel "$dir" > /dev/null
    python3 - "$T" "$chart" "$same" "$(wc -c < "$T/h.out")" <<'PY'
import json, sys
t, chart, same, size = sys.argv[1:]
r = json.load(open(t + "/hf.json"))["results"]
cw, hw = r[0]["mean"], r[1]["mean"]
def one(p):
    e, u, s, m = open(p).read().split()
    return float(u) + float(s), int(m)
(cc, cm), (hc, hm) = one(t + "/ct"), one(t + "/ht")
print(f"{chart}: output {same} ({size} bytes)")
print(f"  wall  chartc {cw*1000:8.1f} ms   helm {hw*1000:8.1f} ms   ratio {hw/cw:5.1f}x")
print(f"  cpu   chartc {cc*1000:8.1f} ms   helm {hc*1000:8.1f} ms   ratio {hc/max(cc,0.001):5.1f}x")
print(f"  peak  chartc {cm/1024:8.1f} MB   helm {hm/1024:8.1f} MB   ratio {hm/cm:5.1f}x")
PY
done
