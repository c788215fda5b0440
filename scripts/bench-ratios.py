#!/usr/bin/env python3
"""Reads criterion's estimates and prints the engine's cost relative to a bare parse."""
import json
import pathlib
import sys

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "target/criterion")


def mean_ns(group, name):
    path = root / group / name / "new" / "estimates.json"
    return json.loads(path.read_text())["mean"]["point_estimate"]


parse, analyze, clean = (mean_ns("corpus", n) for n in ("parse", "analyze", "clean"))
print(f"corpus: parse {parse / 1e6:.1f} ms, analyze {analyze / 1e6:.1f} ms, analyze+render {clean / 1e6:.1f} ms")
none, k1, k50 = (mean_ns("glossary", n) for n in ("0", "1000", "50000"))
b1, b50 = (mean_ns("glossary-build", n) for n in ("1000", "50000"))
print(f"glossary: analyze with 0 / 1,000 / 50,000 terms {none / 1e6:.1f} / {k1 / 1e6:.1f} / {k50 / 1e6:.1f} ms; "
      f"engine build with 1,000 / 50,000 terms {b1 / 1e6:.1f} / {b50 / 1e6:.1f} ms")
print(f"bench: analyze_over_parse={analyze / parse:.2f} clean_over_parse={clean / parse:.2f} "
      f"glossary1k_over_none={k1 / none:.2f} glossary50k_over_none={k50 / none:.2f}")
