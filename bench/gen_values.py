#!/usr/bin/env python3
"""gen_values.py N - a values.yaml with N services, each with ports, labels and env."""
import sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
out = ["global:", "  domain: example.com", "  enabled: true", "services:"]
for i in range(n):
    out.append("- name: svc-%d" % i)
    out.append("  enabled: %s" % ("true" if i % 3 else "false"))
    out.append("  replicas: %d" % (i % 5 + 1))
    out.append("  labels:")
    for k in range(4):
        out.append("    l%d: v%d-%d" % (k, i, k))
    out.append("  ports:")
    for p in range(3):
        out.append("  - {name: p%d, port: %d}" % (p, 8000 + p))
    out.append("  env:")
    for e in range(3):
        out.append("    E%d: x%d" % (e, e))
print("\n".join(out))
