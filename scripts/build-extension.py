#!/usr/bin/env python3
"""Assembles the browser extension from extension/ and the wasm package (make extension).

    scripts/build-extension.py --pkg target/wasm-pkg --out dist

One source, per-browser manifest overlays (as uBlock Origin Lite does):
  dist/chromium/, dist/firefox/                the builds users get, zipped as
  dist/newslens-chromium.zip, dist/newslens-firefox.zip
  dist/test/chromium/, dist/test/firefox/      the same plus `host_permissions` for
  dist/test/newslens-firefox-test.zip          http://127.0.0.1/* and the `newslens.cleanTab`
                                               hook, for the end-to-end tests only

The content script can't be an ES module, so its modules (webext.js, applier.js, ui.js,
clean-document.js, content.js) are bundled into one classic script here: each module becomes a
function scope returning its exports. The icons are drawn here too, so the repository holds no binary images.
"""
import argparse
import json
import re
import shutil
import struct
import sys
import tomllib
import zipfile
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "extension"
COMMON = SRC / "common"
# Files of extension/common that ship as they are (the content script is bundled).
SHIPPED = ["bg.js", "webext.js", "engine.js", "packs.js", "settings.js", "build-flags.js", "options.html",
           "options.js", "options.css"]
# In dependency order.
CONTENT_MODULES = ["webext.js", "applier.js", "selector.js", "ui.js", "pick.js", "clean-document.js", "content.js"]
# The glossary packs: shipped as files and handed to the engine (the wasm module carries none).
PACKS_DIR = ROOT / "data" / "glossary"
BROWSERS = ["chromium", "firefox"]
TEST_HOSTS = ["http://127.0.0.1/*"]


def fail(message):
    sys.exit(f"build-extension: {message}")


def merge(base, overlay):
    """Deep merge of two manifests; the overlay wins."""
    out = dict(base)
    for key, value in overlay.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = value
    return out


def module_var(name):
    """The bundle's variable for a module's exports (a file name may have a hyphen)."""
    return "__module_" + re.sub(r"\W", "_", Path(name).stem)


def bundle(modules):
    """Bundles ES modules (in dependency order) into one classic script."""
    parts = ["// Newslens content script: built from " + ", ".join(modules) + " (do not edit).",
             "(() => {"]
    for name in modules:
        text = (COMMON / name).read_text(encoding="utf-8")
        imports = re.findall(r'^import \{([^}]*)\} from "\./([\w.-]+)";\n', text, re.M)
        text = re.sub(r'^import \{[^}]*\} from "\./[\w.-]+";\n', "", text, flags=re.M)
        exports = re.findall(r"^export (?:async )?(?:function|const|let|class) (\w+)", text, re.M)
        text = re.sub(r"^export ", "", text, flags=re.M)
        if re.search(r"^\s*(import|export)\b", text, re.M):
            fail(f"{name}: only `import {{…}} from \"./x.js\"` and `export function/const` are bundled")
        header = "".join(
            f"  const {{{names.strip()}}} = {module_var(dep)};\n" for names, dep in imports
        )
        var = module_var(name)
        parts.append(f"const {var} = (() => {{\n{header}{text}\nreturn {{ {', '.join(exports)} }};\n}})();")
    parts.append("})();\n")
    return "\n".join(parts)


def png(size):
    """The icon: a blue rounded square with a white lens, drawn with 4x4 supersampling."""
    def inside(x, y):
        r = size * 0.22
        cx, cy = min(max(x, r), size - r), min(max(y, r), size - r)
        return (x - cx) ** 2 + (y - cy) ** 2 <= r * r

    lens_c, lens_r, ring = size * 0.44, size * 0.24, max(1.2, size * 0.085)
    rows = []
    for py in range(size):
        row = bytearray([0])
        for px in range(size):
            cover = white = 0
            for sy in range(4):
                for sx in range(4):
                    x, y = px + (sx + 0.5) / 4, py + (sy + 0.5) / 4
                    if not inside(x, y):
                        continue
                    cover += 1
                    d = ((x - lens_c) ** 2 + (y - lens_c) ** 2) ** 0.5
                    on_ring = abs(d - lens_r) <= ring / 2
                    # The handle: a thick line from the lens to the lower right.
                    hx, hy = x - lens_c, y - lens_c
                    along = (hx + hy) / 2 ** 0.5
                    across = abs(hx - hy) / 2 ** 0.5
                    on_handle = lens_r <= along <= size * 0.5 and across <= ring * 0.6
                    white += on_ring or on_handle
            a = cover / 16
            w = white / max(cover, 1)
            rgb = [round(59 + (255 - 59) * w), round(91 + (255 - 91) * w), round(219 + (255 - 219) * w)]
            row += bytes(rgb + [round(a * 255)])
        rows.append(bytes(row))
    raw = zlib.compress(b"".join(rows), 9)

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0))
            + chunk(b"IDAT", raw) + chunk(b"IEND", b""))


def check_locales():
    """Every locale has every key the code uses, and the same placeholders."""
    locales = {p.name: json.loads((p / "messages.json").read_text(encoding="utf-8"))
               for p in sorted((COMMON / "_locales").iterdir())}
    used = set()
    for path in list(COMMON.glob("*.js")) + list(COMMON.glob("*.html")) + [COMMON / "manifest.json"]:
        text = path.read_text(encoding="utf-8")
        used |= set(re.findall(r'\bt\("(\w+)"', text))
        used |= set(re.findall(r'data-i18n="(\w+)"', text))
        used |= set(re.findall(r"__MSG_(\w+)__", text))
    used |= {f"pack_{p}" for p in ["tech", "economy", "politics", "science"]}
    used |= {"kindRemove", "kindEmbed", "kindParams", "kindTerm", "kindScroll"}
    english = locales["en"]
    for name, messages in locales.items():
        missing = used - messages.keys()
        if missing:
            fail(f"_locales/{name} lacks {sorted(missing)}")
        if messages.keys() != english.keys():
            fail(f"_locales/{name} and _locales/en have different keys: "
                 f"{sorted(messages.keys() ^ english.keys())}")
        for key, entry in messages.items():
            if set(entry.get("placeholders", {})) != set(english[key].get("placeholders", {})):
                fail(f"_locales/{name}: {key} has other placeholders than in English")
        if len(messages["extDescription"]["message"]) > 132:
            fail(f"_locales/{name}: extDescription is over 132 characters (Chrome's limit)")


def zip_dir(folder, target):
    """A reproducible zip: sorted entries, fixed timestamps."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(path.relative_to(folder).as_posix(), (2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, path.read_bytes())


def check_packs():
    """settings.js lists exactly the packs of data/glossary/, each a JSON term pack."""
    listed = re.search(r"export const PACKS = \[([^\]]*)\]", (COMMON / "settings.js").read_text())
    listed = sorted(re.findall(r'"([\w-]+)"', listed.group(1))) if listed else []
    files = sorted(p.stem for p in PACKS_DIR.glob("*.json"))
    if listed != files:
        fail(f"settings.js PACKS {listed} differs from the packs in data/glossary/ {files}")
    for path in PACKS_DIR.glob("*.json"):
        pack = json.loads(path.read_text(encoding="utf-8"))
        if pack.get("name") != path.stem or not pack.get("entries"):
            fail(f"{path}: not a term pack named {path.stem!r}")


def copy_packs(target):
    target.mkdir()
    for path in sorted(PACKS_DIR.glob("*.json")):
        shutil.copy2(path, target / path.name)


def assemble(browser, out, pkg, version, content, icons, test):
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    for name in SHIPPED:
        shutil.copy2(COMMON / name, out / name)
    shutil.copytree(COMMON / "_locales", out / "_locales")
    (out / "content.js").write_text(content, encoding="utf-8")
    (out / "pkg").mkdir()
    for name in ["newslens.js", "newslens_bg.wasm"]:
        shutil.copy2(pkg / name, out / "pkg" / name)
    copy_packs(out / "packs")
    (out / "icons").mkdir()
    for size, data in icons.items():
        (out / "icons" / f"{size}.png").write_bytes(data)
    manifest = merge(json.loads((COMMON / "manifest.json").read_text(encoding="utf-8")),
                     json.loads((SRC / browser / "manifest.json").read_text(encoding="utf-8")))
    manifest["version"] = version
    if test:
        manifest["host_permissions"] = TEST_HOSTS
        (out / "build-flags.js").write_text(
            "// The test build: exposes newslens.cleanTab on the background global.\n"
            "export const TEST_BUILD = true;\n", encoding="utf-8")
    elif "host_permissions" in manifest:
        fail("the shipped manifest must not carry host_permissions")
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n",
                                       encoding="utf-8")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pkg", type=Path, required=True, help="wasm-bindgen --target web output")
    parser.add_argument("--out", type=Path, default=ROOT / "dist")
    args = parser.parse_args()
    for name in ["newslens.js", "newslens_bg.wasm"]:
        if not (args.pkg / name).exists():
            fail(f"{args.pkg / name} is missing: build the wasm package first (make extension)")
    version = tomllib.loads((ROOT / "Cargo.toml").read_text())["package"]["version"]
    check_locales()
    check_packs()
    content = bundle(CONTENT_MODULES)
    icons = {size: png(size) for size in [16, 32, 48, 128]}
    for browser in BROWSERS:
        assemble(browser, args.out / browser, args.pkg, version, content, icons, test=False)
        assemble(browser, args.out / "test" / browser, args.pkg, version, content, icons, test=True)
        zip_dir(args.out / browser, args.out / f"newslens-{browser}.zip")
    zip_dir(args.out / "test" / "firefox", args.out / "test" / "newslens-firefox-test.zip")
    wasm = (args.pkg / "newslens_bg.wasm").stat().st_size
    gz = len(zlib.compress((args.pkg / "newslens_bg.wasm").read_bytes(), 9))
    print(f"extension: dist/newslens-chromium.zip, dist/newslens-firefox.zip "
          f"(wasm {wasm / 1024:.0f} KB, {gz / 1024:.0f} KB compressed)")


if __name__ == "__main__":
    main()
