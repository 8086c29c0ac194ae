"""``pe-course coverage``: where the course teaches each source example and theme."""

from __future__ import annotations

import argparse
import json

from pe_course.errors import EXIT_OK


def _coverage(args: argparse.Namespace) -> int:
    from pe_course.coverage import coverage_rows, load_coverage

    rows = coverage_rows(load_coverage())
    if args.planned:
        rows = [r for r in rows if r["status"] == "planned"]
    if args.format == "json":
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return EXIT_OK
    taught = sum(r["status"] == "taught" for r in rows)
    if args.format == "markdown":
        print("| Statement or theme | Id | Taught / planned | Where |\n|---|---|---|---|")
        for r in rows:
            print(f"| {r['group']} | `{r['id']}` | {r['status']} | {r['where']} |")
    else:
        width = max((len(r["id"]) for r in rows), default=2)
        group = None
        for r in rows:
            if r["group"] != group:
                group = r["group"]
                print(f"\n{group}")
            print(f"  {r['id']:<{width}}  {r['status']:<7}  {r['where']}")
    print(f"\n{taught} of {len(rows)} taught, {len(rows) - taught} planned.")
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "coverage", help="where the course teaches each source example and PxP theme",
        description="The coverage map: each example of the commentary's four lists and each "
                    "PxP discussion theme, with the place that teaches it or the chapter "
                    "that will. Exit 0, or 2 if the map is invalid.")
    p.add_argument("--format", choices=["text", "markdown", "json"], default="text")
    p.add_argument("--planned", action="store_true", help="only what is not taught yet")
    p.set_defaults(func=_coverage)
