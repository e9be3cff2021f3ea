#!/usr/bin/env bash
# helm-tar.sh BUILD - check test_tar's expectations against the reference
# helm: every archive the test reads is written out (TAR_DUMP) and loaded
# by helm as p/charts/t.tgz; helm's message must be what the test saw.
set -euo pipefail
H=$("$(dirname "$0")/../../../../shared/tools/reference-helm")
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
mkdir -p "$T/dump" "$T/p/charts"
TAR_DUMP="$T/dump" "$1/tests/unit/chart/test_tar" >/dev/null || true
printf 'apiVersion: v2\nname: p\nversion: 1.0.0\n' >"$T/p/Chart.yaml"
bad=0
for a in "$T"/dump/*.tgz; do
    seen=$(cat "${a%.tgz}.seen")
    cp "$a" "$T/p/charts/t.tgz"
    if msg=$("$H" template r "$T/p" 2>&1 >/dev/null); then got=ok; else
        got=$(printf '%s\n' "$msg" | sed -n 's/^Error: error unpacking subchart t.tgz in p: //p')
        [ -n "$got" ] || got="other: $msg"
    fi
    case "$seen" in
        "ERR "*) want=${seen#ERR } ;;
        "") want="no files in chart archive" ;;
        *) want=ok ;;
    esac
    if [ "$got" != "$want" ]; then echo "$(basename "$a"): test saw '$seen', helm says '$got'"; bad=1; fi
done
echo "$(ls "$T"/dump/*.tgz | wc -l) archives checked"
exit $bad
