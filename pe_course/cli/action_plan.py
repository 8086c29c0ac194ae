"""``pe-course action-plan``: the team action plan. ``check FILE`` (is it valid, what is
still to decide), ``export FILE --format md|csv|html`` and ``draft --plan PLAN.yaml
--answers ANSWERS.csv`` (a first draft from the check-up and the self-assessment)."""

from __future__ import annotations

import argparse

from pe_course.cli import print_text
from pe_course.errors import EXIT_FINDINGS, EXIT_OK, ActionPlanError

FORMATS = ("csv", "md", "markdown", "html")


def _render(plan, fmt: str) -> str:
    from pe_course.render import action_plan as render

    return {"csv": render.action_plan_csv, "md": render.action_plan_markdown,
            "markdown": render.action_plan_markdown,
            "html": render.action_plan_page}[fmt](plan)


def _check(args: argparse.Namespace) -> int:
    from pe_course.action_plan import read_action_plan, still_to_decide

    plan = read_action_plan(args.file)
    todo = still_to_decide(plan)
    planned = sum(1 for line in plan.lines if not line.is_blank())
    print(f"{args.file}: valid ({planned} of {len(plan.lines)} problem statements planned)")
    for line in todo:
        print(f"  - {line}")
    return EXIT_FINDINGS if todo else EXIT_OK


def _export(args: argparse.Namespace) -> int:
    from pe_course.action_plan import read_action_plan

    print_text(_render(read_action_plan(args.file), args.format))
    return EXIT_OK


def _draft(args: argparse.Namespace) -> int:
    from pe_course.action_draft import draft_action_plan

    if args.plan is None and args.answers is None:
        raise ActionPlanError("pe-course action-plan draft", [
            "give --plan PLAN.yaml (the plan check-up's findings), --answers ANSWERS.csv "
            "(the self-assessment's weakest areas), or both"])
    report = profile = None
    if args.plan is not None:
        from pe_course.audit import audit, load_plan

        report = audit(load_plan(args.plan))
    if args.answers is not None:
        from pe_course.assessment import read_answers, team_profile

        profile = team_profile(read_answers(args.answers))
    print_text(_render(draft_action_plan(report, profile), args.format))
    return EXIT_OK


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "action-plan", help="the team action plan: check, export or draft it",
        description="The team action plan: for each problem statement, what the team will "
                    "start, stop and keep doing, an owner, a date (YYYY-MM-DD) and how "
                    "partners will be involved in checking it. Files are CSV, or Markdown "
                    "(.md) as the course writes it. Exit 0; 1 when 'check' finds something "
                    "still to decide; 2 for invalid input (the file, row and field are named).")
    sub = p.add_subparsers(dest="action", required=True)
    check = sub.add_parser("check", help="check a plan file and say what is still to decide")
    check.add_argument("file", metavar="FILE.csv")
    check.set_defaults(func=_check)
    export = sub.add_parser("export", help="write a plan file as CSV, Markdown or a "
                                           "printable HTML page")
    export.add_argument("file", metavar="FILE.csv")
    export.add_argument("--format", choices=FORMATS, default="md")
    export.set_defaults(func=_export)
    draft = sub.add_parser("draft", help="a first draft from a plan check-up and a team's "
                                         "self-assessment answers")
    draft.add_argument("--plan", metavar="PLAN.yaml", help="an engagement plan to check")
    draft.add_argument("--answers", metavar="ANSWERS.csv", help="the team's answers")
    draft.add_argument("--format", choices=FORMATS, default="csv")
    draft.set_defaults(func=_draft)
