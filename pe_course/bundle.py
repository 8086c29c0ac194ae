"""The wheel's JSON copies of the shipped data files, for the in-browser Python.

PyYAML has no pure-Python wheel for Pyodide, so the wheel also carries every YAML file of
``pe_course/data/`` as JSON under ``pe_course/data/_bundle/`` (``pe_course.reader`` reads
those when PyYAML is missing). ``hatch_build.py`` calls :func:`write_bundle` into a
temporary folder while the wheel is built, so building never writes into the source tree,
and every file is validated first: a broken file fails the build instead of the page.
"""

from __future__ import annotations

from pathlib import Path

from pe_course import reader


def shipped_files() -> list[str]:
    """Every YAML file shipped in ``pe_course/data`` (``statements.yaml``, ``scenarios/…``)."""
    return sorted(p.relative_to(reader.DATA_DIR).as_posix()
                  for p in reader.DATA_DIR.rglob("*.yaml") if "_bundle" not in p.parts)


def check_shipped_files() -> None:
    """Load and validate every shipped file through the code that uses it; raises if bad."""
    from pe_course import assessment, audit, evaluation, knowledge, meeting_plan, statements
    from pe_course.scenarios import list_scenarios

    assert statements.STATEMENTS  # validated when the module was imported
    list_scenarios()
    for name in knowledge.list_check_files():
        knowledge.load_checks(name)
    audit.get_rule(audit.RULES[0].id)
    audit.example_plan()
    assessment.load_items()
    meeting_plan.load_checklist()
    evaluation.load_form()


def write_bundle(target: Path) -> list[Path]:
    """Validate the shipped files, then write their JSON copies under ``target``."""
    check_shipped_files()
    return reader.write_bundle(target, shipped_files())
