#!/usr/bin/env python3
"""Assembles the playground (make www): a static site in dist/www/.

    scripts/build-www.py --pkg target/wasm-pkg --out dist/www

  www/*                          the playground's own files (README.md stays behind)
  pkg/newslens.js, *_bg.wasm     the wasm package, the same files the extension ships
  common/applier.js, ui.js,      the extension's applier, injected UI, clean sequence,
  common/clean-document.js,      settings schema, glossary packs and engine loader, copied as
  common/settings.js, packs.js,  they are (no forks)
  common/engine.js
  _locales/{en,zh_CN}/           the extension's strings (ui.js and the option labels use them)
  samples/*.html, index.json     the bundled sample pages (data/samples)
"""
import argparse
import json
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WWW = ROOT / "www"
COMMON = ROOT / "extension" / "common"
SHARED = ["applier.js", "selector.js", "ui.js", "pick.js", "clean-document.js", "settings.js", "packs.js", "engine.js"]
PACKS_DIR = ROOT / "data" / "glossary"
LOCALES = ["en", "zh_CN"]
SAMPLES = ROOT / "data" / "samples"


def fail(message):
    sys.exit(f"build-www: {message}")


def check_imports(path, available):
    """Every import of a copied module must name a file that is copied next to it."""
    text = path.read_text(encoding="utf-8")
    for spec in re.findall(r'^\s*import\b[^;]*?from\s+"([^"]+)"', text, re.M):
        if not spec.startswith("./") or spec[2:] not in available:
            fail(f"{path.relative_to(ROOT)} imports {spec}, which the playground does not have")


def check_strings():
    """The playground's strings: the same keys in every language, and every key the code uses."""
    strings = json.loads((WWW / "strings.json").read_text(encoding="utf-8"))
    english = strings["en"]
    for lang, table in strings.items():
        if table.keys() != english.keys():
            fail(f"www/strings.json: {lang} and en have different keys: "
                 f"{sorted(table.keys() ^ english.keys())}")
    ext = json.loads((COMMON / "_locales" / "en" / "messages.json").read_text(encoding="utf-8"))
    used = set()
    for path in list(WWW.glob("*.js")) + list(WWW.glob("*.html")):
        text = path.read_text(encoding="utf-8")
        used |= set(re.findall(r'\bt\("(\w+)"', text))
        used |= set(re.findall(r'data-t(?:-label|-placeholder)?="(\w+)"', text))
    missing = sorted(k for k in used if k not in english and k not in ext)
    if missing:
        fail(f"www: strings used but defined nowhere: {missing}")


def sample_encoding(data):
    """The charset a sample declares (for the sample list), as the page says it."""
    m = re.search(rb'<meta[^>]*charset\s*=\s*["\']?([\w-]+)', data[:4096], re.I)
    return m.group(1).decode("ascii").upper() if m else "UTF-8"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pkg", type=Path, default=ROOT / "target" / "wasm-pkg",
                        help="wasm-bindgen --target web output (make extension)")
    parser.add_argument("--out", type=Path, default=ROOT / "dist" / "www")
    args = parser.parse_args()
    for name in ["newslens.js", "newslens_bg.wasm"]:
        if not (args.pkg / name).exists():
            fail(f"{args.pkg / name} is missing: build the wasm package first (make extension)")
    check_strings()

    out = args.out
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    for path in sorted(WWW.iterdir()):
        if path.is_file() and path.name != "README.md":
            shutil.copy2(path, out / path.name)
    (out / "pkg").mkdir()
    for name in ["newslens.js", "newslens_bg.wasm"]:
        shutil.copy2(args.pkg / name, out / "pkg" / name)
    (out / "packs").mkdir()
    for path in sorted(PACKS_DIR.glob("*.json")):
        shutil.copy2(path, out / "packs" / path.name)
    (out / "common").mkdir()
    for name in SHARED:
        shutil.copy2(COMMON / name, out / "common" / name)
    for name in SHARED:
        check_imports(out / "common" / name, SHARED)
    for locale in LOCALES:
        (out / "_locales" / locale).mkdir(parents=True)
        shutil.copy2(COMMON / "_locales" / locale / "messages.json",
                     out / "_locales" / locale / "messages.json")
    (out / "samples").mkdir()
    index = []
    for path in sorted(SAMPLES.glob("*.html")):
        data = path.read_bytes()
        shutil.copy2(path, out / "samples" / path.name)
        index.append({"file": path.name, "language": path.stem.split("-")[0],
                      "encoding": sample_encoding(data), "bytes": len(data)})
    (out / "samples" / "index.json").write_text(json.dumps(index, indent=2) + "\n", encoding="utf-8")

    files = sum(1 for p in out.rglob("*") if p.is_file())
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    print(f"www: {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out} "
          f"({files} files, {size / 1024:.0f} KB); serve it with `make serve`")


if __name__ == "__main__":
    main()
