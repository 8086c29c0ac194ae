"""The ``pe-course`` command line: a thin shell over the package, one module per command.

Each command module (``scenarios``, ``audit``, ``assess``, ``journal``, ``serve`` …) has a
``register(subparsers)`` that adds its parser and sets ``func``, a function of the
parsed arguments that returns an exit code. Library code never imports this package: it
returns values or raises ``PECourseError``, which ``main`` prints and turns into exit
code 2.

Exit codes (``pe_course.errors``): 0 success; 1 a check found something at or above the
level asked for; 2 invalid input (the message names the file, row or field).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from pe_course.errors import EXIT_FINDINGS, EXIT_INVALID, EXIT_OK, PECourseError

COMMANDS = ("scenarios", "audit", "budget", "assess", "action_plan", "coverage", "journal",
            "kit", "serve")

__all__ = ["EXIT_FINDINGS", "EXIT_INVALID", "EXIT_OK", "build_parser", "main", "print_text"]


def print_text(text: str) -> None:
    """Print ``text`` with exactly one newline at the end."""
    print(text, end="" if text.endswith("\n") else "\n")


def build_parser() -> argparse.ArgumentParser:
    from importlib import import_module

    parser = argparse.ArgumentParser(
        prog="pe-course",
        description="Patient engagement gone wrong, and how to do it right: course tools.")
    parser.add_argument("--version", action="version", version=_version())
    sub = parser.add_subparsers(dest="command", required=True)
    for name in COMMANDS:
        import_module(f"pe_course.cli.{name}").register(sub)
    return parser


def _version() -> str:
    from pe_course import __version__

    return f"pe-course {__version__}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except PECourseError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INVALID
    except BrokenPipeError:  # e.g. piped into head
        return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
