#!/usr/bin/env python3
"""Reads criterion's estimates and prints the engine's cost relative to a bare parse."""
import json
import pathlib
import sys

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "target/criterion")


def mean_ns(name):
    path = root / "corpus" / name / "new" / "estimates.json"
    return json.loads(path.read_text())["mean"]["point_estimate"]


parse, analyze, clean = (mean_ns(n) for n in ("parse", "analyze", "clean"))
print(f"corpus: parse {parse / 1e6:.1f} ms, analyze {analyze / 1e6:.1f} ms, analyze+render {clean / 1e6:.1f} ms")
print(f"bench: analyze_over_parse={analyze / parse:.2f} clean_over_parse={clean / parse:.2f}")
