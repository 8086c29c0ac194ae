"""``pe-course present``, ``pe-course handouts`` and ``pe-course dist``: the facilitator kit."""

from __future__ import annotations

import argparse
import os

from pe_course.errors import EXIT_OK


def _present(args: argparse.Namespace) -> int:
    from pe_course.kit import write_present_pages
    from pe_course.scenarios import load_scenario

    scenarios = [load_scenario(s) for s in args.scenario]
    for path in write_present_pages(args.out, scenarios):
        print(f"wrote {path}")
    return EXIT_OK


def _handouts(args: argparse.Namespace) -> int:
    from pe_course.kit import write_handouts, write_pdfs

    written = write_handouts(args.out)
    print(f"wrote {len(written)} printable pages in {args.out}")
    if args.pdf:
        pdfs = write_pdfs(args.out)
        print(f"wrote {len(pdfs)} PDFs in {args.out} (each prints on A4 and US Letter)")
    return EXIT_OK


def _dist(args: argparse.Namespace) -> int:
    from pe_course import __version__
    from pe_course.dist import make_dist

    print(f"wrote {make_dist(args.site, args.out, args.version or __version__)}")
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "present", help="a scenario's present page: one file to show a room, offline",
        description="Write the present view of scenarios (shipped ids or scenario files): "
                    "one self-contained HTML file each, OUT/<id>.html, that opens by "
                    "double-click with no internet. Exit 0, or 2 if a scenario is invalid.")
    p.add_argument("scenario", nargs="+", help="a shipped scenario id or a scenario file")
    p.add_argument("--out", default="present", help="folder to write to (default: present)")
    p.set_defaults(func=_present)

    p = sub.add_parser(
        "handouts", help="the printable handouts, as pages and PDFs (for A4 and US Letter)",
        description="Write every handout of the facilitator kit (scenario cards, reflection "
                    "worksheet, voting cards, action plan sheet, evaluation form) as printable "
                    "HTML in OUT, and print each with headless Chromium to one PDF beside it, "
                    "OUT/<name>.pdf, that prints on A4 and US Letter alike (old PDFs in "
                    "OUT/a4 and OUT/letter are deleted). Exit 0, or 2 if Chromium is missing "
                    "(the message says what to install).")
    p.add_argument("out", nargs="?", default=os.path.join("_build", "html", "handouts"),
                   help="folder to write to (default: _build/html/handouts)")
    p.add_argument("--no-pdf", dest="pdf", action="store_false",
                   help="only the printable pages, no PDFs (no Chromium needed)")
    p.set_defaults(func=_handouts)

    p = sub.add_parser(
        "dist", help="the built site as a versioned zip, for a venue with no internet",
        description="Zip the built site (with its present pages and handout PDFs) and a "
                    "one-page 'how to open this' as OUT/pe-course-site-VERSION.zip. Exit 0, "
                    "or 2 if the site is missing a part (the message names it).")
    p.add_argument("site", nargs="?", default=os.path.join("_build", "html"),
                   help="the built site (default: _build/html)")
    p.add_argument("--out", default="dist", help="folder for the zip (default: dist)")
    p.add_argument("--version", help="the version in the zip's name (default: the package's)")
    p.set_defaults(func=_dist)
