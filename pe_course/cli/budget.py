"""``pe-course budget PLAN.yaml``: the support budget of an engagement plan."""

from __future__ import annotations

import argparse
import sys

from pe_course.cli import print_text
from pe_course.errors import EXIT_OK, PlanError


def _budget(args: argparse.Namespace) -> int:
    from pe_course import budget, plan
    from pe_course.reader import parse_yaml, read_data
    from pe_course.render import budget as render

    if args.print_example:
        print(plan.example_plan_text(), end="")
        return EXIT_OK
    if args.plan is None:
        raise PlanError("pe-course budget", ["give a plan file (YAML) with a 'budget:' "
                                             "section, '-' for standard input, or "
                                             "--print-example for a documented example"])
    # A whole plan, or a file with only the fields the budget reads.
    if args.plan == "-":
        raw, source = parse_yaml(sys.stdin.read(), "<stdin>", PlanError), "<stdin>"
    else:
        raw, source = read_data(args.plan, PlanError, allow_empty=True), args.plan
    if raw is None:
        raise PlanError(source, ["the file is empty; expected a plan with a 'budget:' section "
                                 "(see pe-course budget --print-example)"])
    result = budget.support_budget(budget.parse_budget_inputs(raw, source))
    formats = {"text": render.budget_text, "markdown": render.budget_markdown,
               "csv": render.budget_csv}
    print_text(formats[args.format](result))
    return EXIT_OK


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "budget", help="a support budget for a plan's patient partners (from your numbers)",
        description="Work out a support budget from an engagement plan with a 'budget:' "
                    "section: payment for partners' time, expenses paid up front, "
                    "accessibility, technology, training and a coordinator's time, each "
                    "explained. Every rate is your team's own. Exit 0; 2 for an invalid "
                    "plan (each bad field is named).")
    p.add_argument("plan", nargs="?", metavar="PLAN.yaml",
                   help="the plan file ('-' reads standard input)")
    p.add_argument("--format", choices=["text", "markdown", "csv"], default="text")
    p.add_argument("--print-example", action="store_true",
                   help="print the documented example plan (with a budget section)")
    p.set_defaults(func=_budget)
