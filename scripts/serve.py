#!/usr/bin/env python3
"""Serves the playground (make serve): dist/www on http://127.0.0.1:PORT/ (PORT=8080 by default;
PORT=0 picks a free port). Prints the address, then one line per request.

    PORT=8080 scripts/serve.py [--dir dist/www]

Static files only, from 127.0.0.1 only, with the MIME types the playground needs (module
scripts as text/javascript, the engine as application/wasm, which streaming compilation
requires) and `nosniff`.
"""
import argparse
import http.server
import os
import sys
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".wasm": "application/wasm",
    ".png": "image/png",
    ".svg": "image/svg+xml",
    ".ico": "image/x-icon",
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
}


class Handler(http.server.SimpleHTTPRequestHandler):
    # The sample pages declare their own charset (zh-chips.html is GBK): no charset for them.
    extensions_map = {**TYPES, "": "application/octet-stream"}

    def guess_type(self, path):
        name = str(path)
        if "/samples/" in name.replace(os.sep, "/") and name.endswith(".html"):
            return "text/html"
        return TYPES.get(Path(name).suffix.lower(), "application/octet-stream")

    def end_headers(self):
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Referrer-Policy", "no-referrer")
        super().end_headers()

    def log_message(self, format, *args):
        sys.stderr.write(f"{self.address_string()} {format % args}\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dir", type=Path, default=ROOT / "dist" / "www")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8080")))
    args = parser.parse_args()
    if not (args.dir / "index.html").exists():
        sys.exit(f"serve: {args.dir}/index.html is missing: run `make www` first")
    handler = partial(Handler, directory=str(args.dir))
    try:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), handler)
    except OSError as e:
        sys.exit(f"serve: cannot listen on 127.0.0.1:{args.port}: {e.strerror} (set PORT=…)")
    port = server.server_address[1]
    print(f"Newslens playground: http://127.0.0.1:{port}/  (Ctrl-C stops)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
