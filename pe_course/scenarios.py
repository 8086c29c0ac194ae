"""Scenarios as data: the shipped scenarios, and loading one by id or by file.

A scenario is one YAML file under ``pe_course/data/scenarios/`` (format documented in
``book/authoring.md`` and ``pe_course/data/scenario.schema.json``; checked by
``pe_course.scenario_file``). Loading validates the whole file and reports every problem
at once, each naming the file, the line, the step, the choice and the field, so an author
can fix a file in one pass. The model's names are re-exported here.

Files are read by ``pe_course.reader`` (a key given twice is an error, and every problem
names its line); in the browser, where PyYAML is missing, it reads the JSON copies the
wheel carries. Validation is identical either way.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pe_course.errors import Problem, ScenarioError, UnknownScenarioError
from pe_course.reader import DATA_DIR, builtin_files, read_builtin, read_data
from pe_course.scenario_file import parse_scenario

# The model's names are part of this module's API (``from pe_course.scenarios import
# Scenario`` is how notebooks have always imported them).
from pe_course.scenario_model import *  # noqa: F403
from pe_course.scenario_model import Scenario  # used here
from pe_course.scenario_model import __all__ as _MODEL_NAMES

__all__ = [*_MODEL_NAMES, "SCENARIO_DIR", "list_scenarios", "load_scenario",
           "parse_scenario"]

SCENARIO_FOLDER = "scenarios"
SCENARIO_DIR = DATA_DIR / SCENARIO_FOLDER

# ---------------------------------------------------------------------------------------
# Loading


def _builtin_raw() -> list[tuple[str, Any]]:
    """``(source, raw data)`` of every scenario shipped with the package, in file order."""
    return [read_builtin(name, ScenarioError) for name in builtin_files(SCENARIO_FOLDER)]


_CACHE: dict[str, Scenario] = {}


def list_scenarios() -> list[Scenario]:
    """Every scenario shipped with the course, validated, in id order.

    Raises ScenarioError listing every problem across all files (including two files
    that share one id).
    """
    scenarios: list[Scenario] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for source, raw in _builtin_raw():
        try:
            scenario = parse_scenario(raw, source)
        except ScenarioError as exc:
            problems += [Problem(f"{source}: {p.where}".rstrip(": "), p.message, p.line)
                         for p in exc.problems]
            continue
        if scenario.id in seen:
            problems.append(Problem(f"{source}: id",
                                    f"duplicate scenario id {scenario.id!r}, "
                                    f"also used by {seen[scenario.id]}"))
            continue
        seen[scenario.id] = source
        scenarios.append(scenario)
    if problems:
        raise ScenarioError(str(SCENARIO_DIR), problems)
    return sorted(scenarios, key=lambda s: s.id)


def load_scenario(id_or_path: str | Path) -> Scenario:
    """Load one scenario by its id (a shipped scenario) or by a file path, validated."""
    text = str(id_or_path)
    looks_like_path = isinstance(id_or_path, Path) or text.endswith((".yaml", ".yml", ".json"))
    if looks_like_path or "/" in text or "\\" in text:
        path = Path(id_or_path)
        return parse_scenario(read_data(path, ScenarioError), str(path))
    if text in _CACHE:
        return _CACHE[text]
    for scenario in list_scenarios():
        _CACHE[scenario.id] = scenario
    if text not in _CACHE:
        known = ", ".join(sorted(_CACHE)) or "(none)"
        raise UnknownScenarioError(f"no scenario with id {text!r}; known scenarios: {known}")
    return _CACHE[text]
