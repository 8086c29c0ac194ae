"""``pe-course scenarios list|show|validate|lint|play``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from pe_course.errors import EXIT_FINDINGS, EXIT_INVALID, EXIT_OK, PECourseError


def _list(args: argparse.Namespace) -> int:
    from pe_course.scenarios import list_scenarios

    scenarios = list_scenarios()
    if args.format == "json":
        print(json.dumps([{"id": s.id, "version": s.version, "title": s.title,
                           "statements": list(s.statements), "steps": len(s.steps)}
                          for s in scenarios], indent=2))
    else:
        width = max((len(s.id) for s in scenarios), default=2)
        for s in scenarios:
            print(f"{s.id:<{width}}  {s.title}  [{', '.join(s.statements)}]")
    return EXIT_OK


def _show(args: argparse.Namespace) -> int:
    from pe_course.render.scenario import scenario_html, scenario_text
    from pe_course.scenarios import load_scenario

    scenario = load_scenario(args.scenario)
    print(scenario_html(scenario) if args.format == "html" else scenario_text(scenario), end="")
    return EXIT_OK


def _validate(args: argparse.Namespace) -> int:
    from pe_course.scenarios import load_scenario

    status = EXIT_OK
    for path in args.paths:
        try:
            scenario = load_scenario(Path(path))
        except PECourseError as exc:
            print(exc, file=sys.stderr)
            status = EXIT_INVALID
        else:
            print(f"{path}: ok ({scenario.id}, {len(scenario.steps)} steps, "
                  f"{len(scenario.endings)} endings)")
    return status


def _lint(args: argparse.Namespace) -> int:
    from pe_course.lint import lint_file
    from pe_course.scenarios import SCENARIO_DIR

    paths = args.paths or sorted(str(p) for p in SCENARIO_DIR.glob("*.yaml"))
    status = EXIT_OK
    for path in paths:
        try:
            scenario, findings = lint_file(path)
        except PECourseError as exc:  # the file cannot be read at all
            print(exc, file=sys.stderr)
            status = EXIT_INVALID
            continue
        if findings:
            noun = "problem" if len(findings) == 1 else "problems"
            print(f"{path}: {len(findings)} {noun}")
            print("\n".join(f"  - {f}" for f in findings))
            status = max(status, EXIT_FINDINGS)
        else:
            print(f"{path}: ok ({scenario.id})")
    return status


def _play(args: argparse.Namespace) -> int:
    from pe_course.render.scorecard import scorecard_text
    from pe_course.scenarios import load_scenario
    from pe_course.scoring import score_path

    scenario = load_scenario(args.scenario)
    card = score_path(scenario, args.choices)
    if args.format == "json":
        print(json.dumps({
            "scenario": card.scenario_id, "version": card.scenario_version,
            "path": list(card.path),
            "states": [{"trust": s.trust, "energy": s.energy} for s in card.states],
            "ending": card.ending.id,
            "best_ending_blocked_by": [{"step": t.step_id, "choice": t.choice.id,
                                        "serious_harm": t.choice.serious_harm}
                                       for t in card.blocked_by],
            "team_costs": {"time": card.costs.time, "money": card.costs.money,
                           "effort": card.costs.effort},
            "flags": sorted(card.flags),
            "statements": {r.statement_id: {"verdict": r.verdict, "risked": r.risked,
                                            "repaired": r.repaired} for r in card.statements},
            "reflection_focus": list(card.reflection_focus),
        }, indent=2))
    else:
        print(scorecard_text(card, scenario), end="")
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("scenarios", help="list, show, validate and play scenarios")
    ssub = p.add_subparsers(dest="action", required=True)
    p_list = ssub.add_parser("list", help="list the scenarios shipped with the course")
    p_list.add_argument("--format", choices=["text", "json"], default="text")
    p_list.set_defaults(func=_list)
    p_show = ssub.add_parser("show", help="print one scenario as readable text")
    p_show.add_argument("scenario", help="scenario id or path to a scenario file")
    p_show.add_argument("--format", choices=["text", "html"], default="text")
    p_show.set_defaults(func=_show)
    p_val = ssub.add_parser("validate", help="check scenario files; lists every problem")
    p_val.add_argument("paths", nargs="+", metavar="PATH")
    p_val.set_defaults(func=_validate)
    p_lint = ssub.add_parser(
        "lint", help="authoring checks: real dilemmas, no give-aways, honest harm",
        description="Check scenario files against the authoring rules (book/authoring.md) by "
                    "playing every path. Exit 0 when clean, 1 when a check fails, 2 when a "
                    "file cannot be read.")
    p_lint.add_argument("paths", nargs="*", metavar="FILE",
                        help="scenario files (default: every shipped scenario)")
    p_lint.set_defaults(func=_lint)
    p_play = ssub.add_parser("play", help="score a path of choice ids through a scenario")
    p_play.add_argument("scenario", help="scenario id or path")
    p_play.add_argument("choices", nargs="+", metavar="CHOICE")
    p_play.add_argument("--format", choices=["text", "json"], default="text")
    p_play.set_defaults(func=_play)
