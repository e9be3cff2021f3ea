#!/bin/sh
# engine.sh [BUILD_DIR] [N] - time chartc's engine against the reference helm
# on one template with heavy loops and field access over a large values tree
# (no include).  Prints both wall times and whether the outputs agree.
set -e
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$ROOT/build}
N=${2:-3000}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
mkdir -p "$T/c/templates"
printf 'apiVersion: v2\nname: c\nversion: 0.1.0\n' > "$T/c/Chart.yaml"
python3 "$ROOT/bench/gen_values.py" "$N" > "$T/c/values.yaml"
cp "$ROOT/bench/engine.tpl" "$T/c/templates/NOTES.txt"
now() { date +%s.%N; }
t0=$(now)
"$BUILD/src/cli/chartc" eval --chart "$T/c" templates/NOTES.txt > "$T/chartc.out"
t1=$(now)
H=$("$ROOT/../shared/tools/reference-helm" 2>/dev/null || true)
if [ -n "$H" ]; then
    HOME=$T KUBECONFIG=$T/nokube "$H" install bench "$T/c" --dry-run=client -o json > "$T/helm.json"
    t2=$(now)
    python3 -c 'import json,sys; sys.stdout.write(json.load(open(sys.argv[1]))["info"]["notes"])' "$T/helm.json" > "$T/helm.out"
    echo "chartc: $(echo "$t1 - $t0" | bc) s"
    echo "helm:   $(echo "$t2 - $t1" | bc) s (install --dry-run, whole process)"
    if cmp -s "$T/chartc.out" "$T/helm.out"; then echo "outputs identical ($(wc -c < "$T/helm.out") bytes)"; else echo "outputs DIFFER"; fi
else
    echo "chartc: $(echo "$t1 - $t0" | bc) s (reference helm not available)"
fi
