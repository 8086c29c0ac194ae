"""The coverage map: where the course teaches each source example and discussion theme.

The commentary lists 34 examples under its four problem statements (their ids and our
paraphrases are in ``data/statements.yaml``); the PxP conference summary has fifteen
discussion themes. AUTHORING.md asks that each be taught once, in one named place. A
scenario choice teaches the examples it tags (``examples:`` in the scenario file);
``data/coverage.yaml`` names every other place, or the chapter that will teach it
(``planned``). ``load_coverage`` checks it all and ``coverage_rows`` lays it out for
``pe-course coverage``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from pe_course.errors import DataError
from pe_course.reader import Checker, read_builtin
from pe_course.scenario_model import Scenario
from pe_course.statements import STATEMENTS

DATA_FILE = "coverage.yaml"
PLACE_KINDS = ("scenario", "check", "exercise", "chapter")


@dataclass(frozen=True)
class Entry:
    """One example or theme: where it is taught, or which chapter will teach it."""

    id: str
    group: str  # a statement id, or "pxp" for the conference themes
    text: str
    taught: str | None  # a place, e.g. "scenario:grant-deadline/invitation/support-letter"
    planned: str | None  # the chapter that will teach it

    @property
    def status(self) -> str:
        return "taught" if self.taught else "planned"


@dataclass(frozen=True)
class Coverage:
    examples: tuple[Entry, ...]
    themes: tuple[Entry, ...]

    def entries(self) -> tuple[Entry, ...]:
        return self.examples + self.themes


def scenario_places(scenarios: Iterable[Scenario] | None = None) -> dict[str, list[str]]:
    """Example id -> the scenario choices that tag it (default: the shipped scenarios)."""
    from pe_course.scenarios import list_scenarios

    places: dict[str, list[str]] = defaultdict(list)
    for scenario in list_scenarios() if scenarios is None else scenarios:
        for step in scenario.steps:
            for choice in step.choices:
                for example in choice.examples:
                    places[example].append(f"scenario:{scenario.id}/{step.id}/{choice.id}")
    return places


def place_problem(place: str) -> str | None:
    """Why a scenario or knowledge-check place does not exist (None if it does, or if it is
    an exercise or chapter: those live in the book, which the package does not read)."""
    kind, _, target = place.partition(":")
    if kind not in PLACE_KINDS or not target:
        return f"{place!r} is not a place; expected {' | '.join(k + ':…' for k in PLACE_KINDS)}"
    if kind == "scenario":
        from pe_course.errors import PECourseError
        from pe_course.scenarios import load_scenario

        parts = target.split("/")
        if len(parts) != 3:
            return f"{place!r}: expected scenario:<id>/<step>/<choice>"
        try:
            scenario = load_scenario(parts[0])
            step = scenario.step(parts[1])
        except (PECourseError, KeyError):
            return f"{place!r}: no such scenario or step"
        if step.choice(parts[2]) is None:
            return f"{place!r}: step {parts[1]!r} has no choice {parts[2]!r}"
    if kind == "check":
        return _check_problem(place, target)
    return None


def _check_problem(place: str, target: str) -> str | None:
    name, _, question = target.partition("/")
    try:
        from pe_course.knowledge import load_checks
    except ImportError:  # pragma: no cover - knowledge checks are part of the package
        return f"{place!r}: knowledge checks are not available"
    try:
        checks = load_checks(name)
    except Exception:  # noqa: BLE001 - any failure means the place is not there
        return f"{place!r}: no knowledge-check file {name!r}"
    if question not in {q.id for q in checks}:
        return f"{place!r}: {name!r} has no question {question!r}"
    return None


def parse_coverage(raw: Any, source: str = DATA_FILE,
                   scenarios: Iterable[Scenario] | None = None) -> Coverage:
    """Check the map against the statements, the scenarios (default: the shipped ones)
    and the knowledge checks."""
    ck = Checker()
    if not isinstance(raw, Mapping):
        raise DataError(source, ["expected a mapping with 'examples' and 'themes'"])
    ck.unknown_keys(raw, ("examples", "themes"))
    tagged = scenario_places(scenarios)
    listed = raw.get("examples") or {}
    if not isinstance(listed, Mapping):
        ck.add("examples", "expected a mapping of example ids", raw, "examples")
        listed = {}
    known = {e.id: (s.id, e.text) for s in STATEMENTS for e in s.examples}
    for example_id in listed:
        if example_id not in known:
            ck.add(f"examples.{example_id}", "unknown example id; the ids are in "
                                             "statements.yaml", listed, example_id)
    examples = []
    for example_id, (statement, text) in known.items():
        where = f"examples.{example_id}"
        places = tagged.get(example_id, [])
        if len(places) > 1:
            ck.add(where, f"taught in {len(places)} places ({', '.join(places)}); teach each "
                          "example once and link to it from elsewhere")
        entry = listed.get(example_id)
        if entry is None and not places:
            ck.add(where, "taught nowhere; tag a scenario choice, or list it here with "
                          "taught: or planned:", raw, "examples")
            continue
        if entry is not None and places:
            ck.add(where, f"listed here but already taught by {places[0]}", listed, example_id)
            continue
        if entry is None:
            examples.append(Entry(example_id, statement, text, places[0], None))
        else:
            found = _where(ck, entry, where, listed, example_id)
            if found:
                examples.append(Entry(example_id, statement, text, *found))
    themes = []
    seen: set[str] = set()
    for i, theme in ck.mapping_list(raw, "themes", "themes", "themes"):
        where = f"themes[{i}]"
        ck.unknown_keys(theme, ("id", "text", "taught", "planned"), f"{where}.")
        tid, text = ck.ident(theme, "id", f"{where}.id"), ck.text(theme, "text", f"{where}.text")
        if tid in seen:
            ck.add(f"{where}.id", f"duplicate theme id {tid!r}", theme, "id")
        seen.add(tid)
        found = _where(ck, theme, where, None, None)
        if tid and text and found:
            themes.append(Entry(tid, "pxp", text, *found))
    ck.raise_if_any(source, DataError)
    return Coverage(tuple(examples), tuple(themes))


def _where(ck: Checker, entry: Any, where: str, container: Any, key: Any
           ) -> tuple[str | None, str | None] | None:
    if not isinstance(entry, Mapping) or ("taught" in entry) == ("planned" in entry):
        ck.add(where, "expected exactly one of taught: <place> or planned: <chapter>",
               container if container is not None else entry, key)
        return None
    if "planned" in entry:
        planned = ck.text(entry, "planned", f"{where}.planned")
        return (None, planned) if planned else None
    taught = ck.text(entry, "taught", f"{where}.taught")
    problem = place_problem(taught) if taught else None
    if problem:
        ck.add(f"{where}.taught", problem, entry, "taught")
        return None
    return (taught, None) if taught else None


def load_coverage() -> Coverage:
    """The shipped coverage map, checked."""
    source, raw = read_builtin(DATA_FILE, DataError)
    return parse_coverage(raw, source)


def coverage_rows(coverage: Coverage) -> list[dict[str, str]]:
    """One row per example, then per theme: group, id, text, status, where."""
    titles = {s.id: f"{s.number}. {s.title}" for s in STATEMENTS} | {"pxp": "PxP themes"}
    return [{"group": titles[e.group], "id": e.id, "text": e.text, "status": e.status,
             "where": e.taught or e.planned or ""} for e in coverage.entries()]
