"""``pe-course assess ANSWERS.csv``: a team's self-assessment profile."""

from __future__ import annotations

import argparse
import json

from pe_course.cli import print_text
from pe_course.errors import EXIT_OK, AssessmentError


def _assess(args: argparse.Namespace) -> int:
    from pe_course import assessment
    from pe_course.render import profile

    if args.items:
        items = assessment.load_items()
        if args.format == "json":
            print(json.dumps(assessment.items_as_dicts(items), indent=2, ensure_ascii=False))
        else:
            print(profile.items_text(items), end="")
        return EXIT_OK
    if args.print_example:
        print(assessment.example_answers_text(), end="")
        return EXIT_OK
    if args.answers is None:
        raise AssessmentError("pe-course assess", [
            "give an answers CSV file, or --items to list the items, or --print-example"])
    team = assessment.team_profile(assessment.read_answers(args.answers))
    render = {"json": profile.profile_json, "markdown": profile.profile_markdown,
              "text": profile.profile_text, "html": profile.profile_page}
    print_text(render[args.format](team))
    return EXIT_OK


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "assess", help="a team's self-assessment profile from a CSV of answers",
        description="Summarise a team's self-assessment: CSV with columns "
                    "respondent,item,answer (answer 1 never ... 5 always) and optionally role "
                    "(patient partner, researcher, clinician, staff, other). Exit 0, or 2 for "
                    "invalid input (each problem is listed with its CSV line).")
    p.add_argument("answers", nargs="?", metavar="ANSWERS.csv")
    p.add_argument("--format", choices=["text", "json", "markdown", "html"], default="text",
                   help="html: a standalone page to print")
    p.add_argument("--items", action="store_true", help="list the assessment items")
    p.add_argument("--print-example", action="store_true",
                   help="print an example answers file (five people)")
    p.set_defaults(func=_assess)
