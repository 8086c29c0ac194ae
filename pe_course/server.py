"""Serving the built site from one computer: for a workshop venue with no internet.

``pe-course serve`` (or :func:`serve`) serves ``_build/html`` over HTTP with the types the
in-browser Python needs (``.wasm``, ``.mjs``, wheels) and, like the static hosts the site
is published on, gzip-compressed text, JavaScript and WebAssembly: about a third of the
bytes of ``python -m http.server``, which matters when a room of learners shares the
venue's Wi-Fi. Only the standard library: no third-party request, no log of who asked
for what (``--log`` prints the requests for the facilitator, never to a file).
"""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import threading
from pathlib import Path

from pe_course.errors import PECourseError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
# What static hosts (GitHub Pages, Netlify, nginx's gzip_static...) usually compress.
COMPRESSIBLE = frozenset({".html", ".js", ".mjs", ".css", ".json", ".ipynb", ".svg",
                          ".wasm", ".txt", ".map", ".py", ".md", ".yaml", ".csv"})
EXTRA_TYPES = {
    ".wasm": "application/wasm", ".mjs": "text/javascript", ".js": "text/javascript",
    ".json": "application/json", ".ipynb": "application/json",
    ".webmanifest": "application/manifest+json", ".whl": "application/zip",
    ".zip": "application/zip", ".svg": "image/svg+xml", ".woff2": "font/woff2",
}


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Static files with the right types, gzip when the browser accepts it, quiet logs.

    Compressed bodies are kept in memory per file (path and modification time), so each
    file is compressed once however many learners ask for it.
    """

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **EXTRA_TYPES}
    # Keep-alive, as static hosts do: a page's 30-odd files come over a few connections
    # instead of one new connection each (every response says its length).
    protocol_version = "HTTP/1.1"
    compress = True
    log_requests = False
    _cache: dict[tuple[str, int], bytes] = {}
    _lock = threading.Lock()

    def send_head(self):  # noqa: ANN201 - the base class's signature
        path = Path(self.translate_path(self.path))
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (self.compress and wants_gzip and path.is_file()
                and path.suffix.lower() in COMPRESSIBLE):
            return super().send_head()
        stat = path.stat()
        key = (str(path), stat.st_mtime_ns)
        with self._lock:
            body = self._cache.get(key)
        if body is None:
            body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
            with self._lock:
                self._cache[key] = body
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", self.date_time_string(int(stat.st_mtime)))
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        if self.log_requests:
            super().log_message(format, *args)


class SiteServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    site: Path  # the folder served

    def handle_error(self, request, client_address) -> None:
        # A browser closing a connection mid-response is normal at a workshop: say nothing.
        pass


def check_site(directory: str | Path) -> Path:
    """The built site's folder, or an error saying how to build it."""
    site = Path(directory).expanduser()
    if not site.is_dir():
        raise PECourseError(f"{site}: no such folder; build the site first (make site), "
                            "or give the folder that holds index.html")
    if not (site / "index.html").is_file():
        raise PECourseError(f"{site}: no index.html here; expected the built site, "
                            "usually _build/html (make site builds it)")
    return site.resolve()


def make_server(directory: str | Path, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
                *, compress: bool = True, log_requests: bool = False) -> SiteServer:
    """A server for the built site (not yet serving: call ``serve_forever``).

    ``port=0`` picks a free port (see ``server.server_address``).
    """
    site = check_site(directory)
    handler = type("Handler", (SiteHandler,),
                   {"compress": compress, "log_requests": log_requests, "_cache": {}})
    try:
        server = SiteServer((host, port), functools.partial(handler, directory=str(site)))
    except OSError as exc:
        reason = exc.strerror or str(exc)
        hint = " (try another --port)" if port else ""
        raise PECourseError(f"cannot serve on {host}:{port}: {reason}{hint}") from exc
    server.site = site
    return server


def site_url(server: SiteServer) -> str:
    host, port = server.server_address[:2]
    shown = "127.0.0.1" if host in ("0.0.0.0", "") else host
    return f"http://{shown}:{port}/"


def serve(directory: str | Path, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, *,
          compress: bool = True, log_requests: bool = False) -> None:
    """Serve the built site until interrupted (Ctrl+C)."""
    server = make_server(directory, host, port, compress=compress, log_requests=log_requests)
    print(f"Serving {server.site} at {site_url(server)} (Ctrl+C to stop)", flush=True)
    if host in ("0.0.0.0", ""):
        print("Others on this network can open it at this computer's address, port "
              f"{server.server_address[1]}.", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
