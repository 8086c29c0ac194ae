"""``pe-course serve``: the built site, for a workshop with no internet."""

from __future__ import annotations

import os

from pe_course.errors import EXIT_OK
from pe_course.server import DEFAULT_HOST, DEFAULT_PORT, serve


def register(sub) -> None:
    p = sub.add_parser(
        "serve", help="serve the built site (for a workshop with no internet)",
        description="Serve the built site over HTTP, compressed like a static host. "
                    "Exit 2 if the folder is not a built site or the port is taken.")
    p.add_argument("directory", nargs="?", default=os.path.join("_build", "html"),
                   metavar="DIR", help="the built site (default: _build/html)")
    p.add_argument("--host", default=DEFAULT_HOST,
                   help="address to listen on; 0.0.0.0 lets others on the network connect "
                        f"(default: {DEFAULT_HOST}, this computer only)")
    p.add_argument("--port", type=int, default=DEFAULT_PORT,
                   help=f"port (default: {DEFAULT_PORT}; 0 picks a free one)")
    p.add_argument("--no-compress", dest="compress", action="store_false",
                   help="send files as they are, like python -m http.server")
    p.add_argument("--log", dest="log_requests", action="store_true",
                   help="print each request (to this terminal only)")
    p.set_defaults(func=_serve)


def _serve(args) -> int:
    serve(args.directory, args.host, args.port, compress=args.compress,
          log_requests=args.log_requests)
    return EXIT_OK
