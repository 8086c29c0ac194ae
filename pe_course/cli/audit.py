"""``pe-course audit PLAN.yaml``: the engagement plan check-up."""

from __future__ import annotations

import argparse
import sys

from pe_course.cli import print_text
from pe_course.errors import EXIT_FINDINGS, EXIT_OK, PlanError


def _audit(args: argparse.Namespace) -> int:
    from pe_course import audit, plan
    from pe_course.render import plan_report

    if args.print_example:
        print(plan.example_plan_text(), end="")
        return EXIT_OK
    if args.plan is None:
        raise PlanError("pe-course audit", ["give a plan file (YAML), '-' for standard input, "
                                            "or --print-example for a documented example"])
    if args.plan == "-":
        team_plan = plan.plan_from_yaml(sys.stdin.read(), "<stdin>")
    else:
        team_plan = plan.load_plan(args.plan)
    report = audit.audit(team_plan)
    render = {"json": plan_report.report_json, "markdown": plan_report.report_markdown,
              "text": plan_report.report_text, "html": plan_report.report_page}
    print_text(render[args.format](report))
    if args.fail_on and audit.fails(report, args.fail_on):
        return EXIT_FINDINGS
    return EXIT_OK


def register(subparsers: argparse._SubParsersAction) -> None:
    from pe_course.audit import SEVERITIES

    p = subparsers.add_parser(
        "audit", help="check an engagement plan (YAML) against the course's rules",
        description="Check an engagement plan against what the course teaches. Exit 0; 1 "
                    "when --fail-on is given and a finding at or above that level exists; "
                    "2 for an invalid plan.")
    p.add_argument("plan", nargs="?", metavar="PLAN.yaml",
                   help="the plan file ('-' reads standard input)")
    p.add_argument("--format", choices=["text", "json", "markdown", "html"], default="text",
                   help="html: a standalone page to print")
    p.add_argument("--fail-on", choices=list(SEVERITIES), default=None,
                   help="exit 1 when a finding at this severity or above exists")
    p.add_argument("--print-example", action="store_true",
                   help="print the documented example plan, to start your own from")
    p.set_defaults(func=_audit)
