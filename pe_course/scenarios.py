"""Scenarios as data: loading and validating scenario files.

A scenario is one YAML file under ``pe_course/data/scenarios/`` (format documented in
``book/authoring.md`` and ``pe_course/data/scenario.schema.json``). Loading validates the
whole file and reports every problem at once, each naming the file, the step, the choice
and the field, so an author can fix a file in one pass.

In the browser (Pyodide) PyYAML is not available; the wheel then carries the same files
converted to JSON at build time (``pe_course/data/_bundle/scenarios.json``), and this
module reads that instead. Validation is identical either way.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pe_course.errors import Problem, ScenarioError, UnknownScenarioError
from pe_course.statements import QUESTION_IDS, STATEMENT_IDS, STATEMENTS

DATA_DIR = Path(__file__).parent / "data"
SCENARIO_DIR = DATA_DIR / "scenarios"
BUNDLE_FILE = DATA_DIR / "_bundle" / "scenarios.json"

METERS = ("trust", "energy")
METER_MIN, METER_MAX = 0, 100
EFFECT_LIMIT = 50  # one choice moves a meter by at most this much
MIN_CHOICES, MAX_CHOICES = 2, 4
END = "end"
CONDITION_KEYS = ("trust_at_least", "trust_below", "energy_at_least", "energy_below")
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")

_ALL_EXAMPLE_IDS = {e.id for s in STATEMENTS for e in s.examples}


@dataclass(frozen=True)
class Effects:
    """How a choice moves the partner's trust and energy (each -50..50)."""

    trust: int = 0
    energy: int = 0


@dataclass(frozen=True)
class Choice:
    id: str
    label: str
    feedback: str
    effects: Effects
    next: str  # a step id, or "end"
    risks: tuple[str, ...] = ()
    repairs: tuple[str, ...] = ()
    reflect: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()


@dataclass(frozen=True)
class Step:
    id: str
    prompt: str
    choices: tuple[Choice, ...]

    def choice(self, choice_id: str) -> Choice | None:
        return next((c for c in self.choices if c.id == choice_id), None)


@dataclass(frozen=True)
class Ending:
    id: str
    title: str
    text: str
    when: Mapping[str, int]  # empty: always matches (the fallback ending)

    def conditions(self) -> tuple[tuple[str, str, int], ...]:
        """``(meter, "at_least" | "below", limit)`` for each condition, in file order."""
        return tuple((*key.split("_", 1), limit) for key, limit in self.when.items())

    def matches(self, trust: int, energy: int) -> bool:
        values = {"trust": trust, "energy": energy}
        for meter, kind, limit in self.conditions():
            if kind == "at_least" and values[meter] < limit:
                return False
            if kind == "below" and values[meter] >= limit:
                return False
        return True


@dataclass(frozen=True)
class Scenario:
    id: str
    version: int
    title: str
    summary: str
    statements: tuple[str, ...]
    content_note: str | None
    start_trust: int
    start_energy: int
    steps: tuple[Step, ...]
    endings: tuple[Ending, ...]
    source: str = ""

    @property
    def first_step(self) -> Step:
        return self.steps[0]

    def step(self, step_id: str) -> Step:
        for step in self.steps:
            if step.id == step_id:
                return step
        raise KeyError(step_id)

    def ending_for(self, trust: int, energy: int) -> Ending:
        """The first ending whose conditions the final state meets (the last one always does)."""
        for ending in self.endings:
            if ending.matches(trust, energy):
                return ending
        return self.endings[-1]

    def examples_touched(self) -> frozenset[str]:
        return frozenset(e for s in self.steps for c in s.choices for e in c.examples)


# ---------------------------------------------------------------------------------------
# Reading files


def _read_file(path: Path) -> Any:
    """Parse a .yaml/.yml/.json file; syntax errors become a ScenarioError naming the line."""
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ScenarioError(source, ["file not found"]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioError(source, [f"cannot be read as UTF-8 text ({exc})"]) from None
    if path.suffix == ".json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise ScenarioError(
                source, [Problem(f"line {exc.lineno}", f"not valid JSON: {exc.msg}")]
            ) from None
    try:
        import yaml
    except ImportError:  # pragma: no cover - only in the browser, where the bundle is used
        raise ScenarioError(source, ["reading YAML needs PyYAML (pip install PyYAML)"]) from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ScenarioError(source, [Problem(where, f"not valid YAML: {problem}")]) from None


def _builtin_raw() -> dict[str, tuple[str, Any]]:
    """Raw data of the scenarios shipped with the package: {file stem: (source, data)}."""
    files = sorted(SCENARIO_DIR.glob("*.yaml")) if SCENARIO_DIR.is_dir() else []
    try:
        import yaml  # noqa: F401
    except ImportError:
        files = []
    if files:
        return {p.stem: (str(p), _read_file(p)) for p in files}
    if BUNDLE_FILE.is_file():
        bundle = json.loads(BUNDLE_FILE.read_text(encoding="utf-8"))
        return {stem: (f"{stem}.yaml (bundled)", data) for stem, data in bundle.items()}
    return {}


def bundle_scenarios(target: Path = BUNDLE_FILE) -> Path:
    """Write every shipped scenario, validated, into one JSON file the browser can read."""
    data = {}
    for stem, (source, raw) in _builtin_raw().items():
        parse_scenario(raw, source)  # never ship a broken file
        data[stem] = raw
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    return target


_CACHE: dict[str, Scenario] = {}


def list_scenarios() -> list[Scenario]:
    """Every scenario shipped with the course, validated, in id order.

    Raises ScenarioError listing every problem across all files (including two files
    that share one id).
    """
    scenarios: list[Scenario] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for _stem, (source, raw) in sorted(_builtin_raw().items()):
        try:
            scenario = parse_scenario(raw, source)
        except ScenarioError as exc:
            problems += [Problem(f"{source}: {p.where}".rstrip(": "), p.message)
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
        return parse_scenario(_read_file(path), str(path))
    if text in _CACHE:
        return _CACHE[text]
    for scenario in list_scenarios():
        _CACHE[scenario.id] = scenario
    if text not in _CACHE:
        known = ", ".join(sorted(_CACHE)) or "(none)"
        raise UnknownScenarioError(f"no scenario with id {text!r}; known scenarios: {known}")
    return _CACHE[text]


# ---------------------------------------------------------------------------------------
# Validation: collect every problem, then build the dataclasses only if there are none.

_TOP_KEYS = {"id", "version", "title", "summary", "statements", "content_note", "start",
             "steps", "endings"}
_TOP_REQUIRED = ("id", "version", "title", "statements", "start", "steps", "endings")
_STEP_KEYS = {"id", "prompt", "choices"}
_CHOICE_KEYS = {"id", "label", "feedback", "effects", "next", "risks", "repairs", "reflect",
                "examples"}
_CHOICE_REQUIRED = ("id", "label", "feedback", "next")
_ENDING_KEYS = {"id", "title", "text", "when"}


class _Checker:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, where: str, message: str) -> None:
        self.problems.append(Problem(where, message))

    def text(self, value: Any, where: str, *, required: bool = True) -> str | None:
        if value is None:
            if required:
                self.add(where, "missing; expected some text")
            return None
        if not isinstance(value, str):
            self.add(where, f"expected text, got {_type_name(value)}")
            return None
        if required and not value.strip():
            self.add(where, "is empty; expected some text")
            return None
        return value.strip()

    def ident(self, value: Any, where: str) -> str | None:
        if value is None:
            self.add(where, "missing; expected an id such as 'ask-first'")
            return None
        if not isinstance(value, str):
            self.add(where, f"expected an id (text), got {_type_name(value)}")
            return None
        if not ID_PATTERN.match(value):
            self.add(where, f"{value!r} is not a valid id; use lowercase letters, digits, "
                            "'-' or '_'")
            return None
        return value

    def integer(self, value: Any, where: str, low: int, high: int) -> int | None:
        if value is None:
            self.add(where, f"missing; expected a whole number from {low} to {high}")
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.add(where, f"expected a whole number from {low} to {high}, "
                            f"got {_type_name(value)} {value!r}")
            return None
        if not low <= value <= high:
            self.add(where, f"{value} is out of range; expected {low} to {high}")
            return None
        return value

    def id_list(self, value: Any, where: str, allowed: Iterable[str], kind: str) -> tuple[str, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            self.add(where, f"expected a list of {kind} ids, got {_type_name(value)}")
            return ()
        allowed = tuple(allowed)
        good = []
        for i, item in enumerate(value):
            if not isinstance(item, str) or item not in allowed:
                shown = ", ".join(allowed) if len(allowed) <= 8 else "see pe_course.statements"
                self.add(f"{where}[{i}]", f"unknown {kind} id {item!r}; expected one of: {shown}")
            else:
                good.append(item)
        return tuple(good)

    def keys(self, mapping: Mapping, allowed: set[str], where: str) -> None:
        for key in mapping:
            if key not in allowed:
                self.add(f"{where}{key}" if where else str(key),
                         f"unknown field; expected only: {', '.join(sorted(allowed))}")


def _type_name(value: Any) -> str:
    return {dict: "a mapping", list: "a list", str: "text", bool: "true/false",
            int: "a number", float: "a number", type(None): "nothing"}.get(type(value),
                                                                          type(value).__name__)


def parse_scenario(raw: Any, source: str = "<scenario>") -> Scenario:
    """Validate raw scenario data (as parsed from YAML/JSON) and build a Scenario.

    Raises ScenarioError listing every problem found, each with its step, choice and field.
    """
    ck = _Checker()
    if not isinstance(raw, dict):
        raise ScenarioError(source, [Problem("", f"expected a mapping of scenario fields at the "
                                                 f"top of the file, got {_type_name(raw)}")])
    ck.keys(raw, _TOP_KEYS, "")
    for key in _TOP_REQUIRED:
        if key not in raw:
            ck.add(key, "missing required field")

    sid = ck.ident(raw.get("id"), "id") if "id" in raw else None
    version = ck.integer(raw.get("version"), "version", 1, 10_000) if "version" in raw else None
    title = ck.text(raw.get("title"), "title") if "title" in raw else None
    summary = ck.text(raw.get("summary"), "summary", required=False) or ""
    content_note = ck.text(raw.get("content_note"), "content_note", required=False)
    statements: tuple[str, ...] = ()
    if "statements" in raw:
        statements = ck.id_list(raw["statements"], "statements", STATEMENT_IDS, "statement")
        if isinstance(raw["statements"], list) and not raw["statements"]:
            ck.add("statements", "is empty; name at least one problem statement")

    start_trust = start_energy = None
    start = raw.get("start")
    if "start" in raw:
        if not isinstance(start, dict):
            ck.add("start", f"expected a mapping with trust and energy, got {_type_name(start)}")
        else:
            ck.keys(start, set(METERS), "start.")
            start_trust = ck.integer(start.get("trust"), "start.trust", METER_MIN, METER_MAX)
            start_energy = ck.integer(start.get("energy"), "start.energy", METER_MIN, METER_MAX)

    steps = _parse_steps(raw.get("steps"), ck) if "steps" in raw else []
    endings = _parse_endings(raw.get("endings"), ck) if "endings" in raw else []
    if steps:
        _check_graph(steps, ck)

    if ck.problems:
        raise ScenarioError(source, ck.problems)
    return Scenario(
        id=sid, version=version, title=title, summary=summary, statements=statements,
        content_note=content_note, start_trust=start_trust, start_energy=start_energy,
        steps=tuple(steps), endings=tuple(endings), source=source,
    )


def _parse_steps(raw_steps: Any, ck: _Checker) -> list[Step]:
    if not isinstance(raw_steps, list) or not raw_steps:
        ck.add("steps", f"expected a non-empty list of steps, got {_type_name(raw_steps)}")
        return []
    steps: list[Step] = []
    seen_steps: set[str] = set()
    for i, raw_step in enumerate(raw_steps):
        where = f"steps[{i}]"
        if not isinstance(raw_step, dict):
            ck.add(where, f"expected a mapping with id, prompt and choices, "
                          f"got {_type_name(raw_step)}")
            continue
        step_id = ck.ident(raw_step.get("id"), f"{where}.id")
        if step_id:
            where = f"step '{step_id}'"
            if step_id == END:
                ck.add(f"{where}.id", f"'{END}' is reserved for 'next: {END}'")
            if step_id in seen_steps:
                ck.add(f"{where}.id", f"duplicate step id {step_id!r}")
            seen_steps.add(step_id)
        ck.keys(raw_step, _STEP_KEYS, f"{where}.")
        prompt = ck.text(raw_step.get("prompt"), f"{where}.prompt")
        choices = _parse_choices(raw_step.get("choices"), where, ck)
        if step_id and prompt is not None and choices is not None:
            steps.append(Step(step_id, prompt, tuple(choices)))
        elif step_id:
            # keep a placeholder so the graph check can still follow links through this step
            steps.append(Step(step_id, prompt or "", tuple(choices or ())))
    return steps


def _parse_choices(raw_choices: Any, where: str, ck: _Checker) -> list[Choice] | None:
    if not isinstance(raw_choices, list):
        ck.add(f"{where}.choices", f"expected a list of {MIN_CHOICES} to {MAX_CHOICES} choices, "
                                   f"got {_type_name(raw_choices)}")
        return None
    if not MIN_CHOICES <= len(raw_choices) <= MAX_CHOICES:
        ck.add(f"{where}.choices", f"has {len(raw_choices)} choices; expected "
                                   f"{MIN_CHOICES} to {MAX_CHOICES}")
    choices: list[Choice] = []
    seen: set[str] = set()
    for j, raw in enumerate(raw_choices):
        cwhere = f"{where} > choices[{j}]"
        if not isinstance(raw, dict):
            ck.add(cwhere, f"expected a mapping with id, label, feedback and next, "
                           f"got {_type_name(raw)}")
            continue
        cid = ck.ident(raw.get("id"), f"{cwhere}.id")
        if cid:
            cwhere = f"{where} > choice '{cid}'"
            if cid in seen:
                ck.add(f"{cwhere}.id", f"duplicate choice id {cid!r} in this step")
            seen.add(cid)
        ck.keys(raw, _CHOICE_KEYS, f"{cwhere}.")
        for key in _CHOICE_REQUIRED:
            if key not in raw and key != "id":
                what = "an explanation of why this choice helps or harms, tied to the sources" \
                    if key == "feedback" else "a value"
                ck.add(f"{cwhere}.{key}", f"missing; expected {what}")
        label = ck.text(raw.get("label"), f"{cwhere}.label") if "label" in raw else None
        feedback = ck.text(raw.get("feedback"), f"{cwhere}.feedback") if "feedback" in raw \
            else None
        nxt = ck.ident(raw.get("next"), f"{cwhere}.next") if "next" in raw else None
        effects = _parse_effects(raw.get("effects"), f"{cwhere}.effects", ck)
        risks = ck.id_list(raw.get("risks"), f"{cwhere}.risks", STATEMENT_IDS, "statement")
        repairs = ck.id_list(raw.get("repairs"), f"{cwhere}.repairs", STATEMENT_IDS, "statement")
        reflect = ck.id_list(raw.get("reflect"), f"{cwhere}.reflect", QUESTION_IDS,
                             "reflection question")
        examples = ck.id_list(raw.get("examples"), f"{cwhere}.examples",
                              sorted(_ALL_EXAMPLE_IDS), "source example")
        if raw.get("risks") and not raw.get("reflect"):
            ck.add(f"{cwhere}.reflect", "missing; a choice that risks a statement must name the "
                                        "reflection question(s) that would have helped")
        if cid and label and feedback and nxt and effects is not None:
            choices.append(Choice(cid, label, feedback, effects, nxt, risks, repairs, reflect,
                                  examples))
        elif cid and nxt:
            choices.append(Choice(cid, label or "", feedback or "", effects or Effects(), nxt))
    return choices


def _parse_effects(raw: Any, where: str, ck: _Checker) -> Effects | None:
    if raw is None:
        return Effects()
    if not isinstance(raw, dict):
        ck.add(where, f"expected a mapping like {{trust: -10, energy: 5}}, got {_type_name(raw)}")
        return None
    ck.keys(raw, set(METERS), f"{where}.")
    values = {}
    for meter in METERS:
        if meter in raw:
            values[meter] = ck.integer(raw[meter], f"{where}.{meter}", -EFFECT_LIMIT,
                                       EFFECT_LIMIT)
    if any(v is None for v in values.values()):
        return None
    return Effects(**values)


def _parse_endings(raw_endings: Any, ck: _Checker) -> list[Ending]:
    if not isinstance(raw_endings, list) or not raw_endings:
        ck.add("endings", f"expected a non-empty list of endings, got {_type_name(raw_endings)}")
        return []
    endings: list[Ending] = []
    seen: set[str] = set()
    for i, raw in enumerate(raw_endings):
        where = f"endings[{i}]"
        if not isinstance(raw, dict):
            ck.add(where, f"expected a mapping with id, title, text and when, "
                          f"got {_type_name(raw)}")
            continue
        eid = ck.ident(raw.get("id"), f"{where}.id")
        if eid:
            where = f"ending '{eid}'"
            if eid in seen:
                ck.add(f"{where}.id", f"duplicate ending id {eid!r}")
            seen.add(eid)
        ck.keys(raw, _ENDING_KEYS, f"{where}.")
        title = ck.text(raw.get("title"), f"{where}.title")
        text = ck.text(raw.get("text"), f"{where}.text")
        when: dict[str, int] = {}
        raw_when = raw.get("when")
        if raw_when is not None:
            if not isinstance(raw_when, dict):
                ck.add(f"{where}.when", f"expected a mapping of conditions, "
                                        f"got {_type_name(raw_when)}")
            else:
                ck.keys(raw_when, set(CONDITION_KEYS), f"{where}.when.")
                for key in CONDITION_KEYS:
                    if key in raw_when:
                        value = ck.integer(raw_when[key], f"{where}.when.{key}", METER_MIN,
                                           METER_MAX)
                        if value is not None:
                            when[key] = value
        if eid and title and text:
            endings.append(Ending(eid, title, text, when))
    if endings and endings[-1].when:
        ck.add(f"ending '{endings[-1].id}'.when",
               "the last ending must have no 'when' so that every path has an ending; "
               "a final state that meets no condition would otherwise end nowhere")
    for ending in endings[:-1]:
        if not ending.when:
            ck.add(f"ending '{ending.id}'.when",
                   "missing; only the last ending may apply always (later endings could "
                   "never be reached)")
    return endings


def _check_graph(steps: list[Step], ck: _Checker) -> None:
    """Every next exists, every step is reachable, and every path reaches an ending."""
    by_id = {s.id: s for s in steps}
    for step in steps:
        for choice in step.choices:
            if choice.next != END and choice.next not in by_id:
                ck.add(f"step '{step.id}' > choice '{choice.id}'.next",
                       f"unknown next step {choice.next!r}; expected one of: "
                       f"{', '.join([*by_id, END])}")
    reachable: set[str] = set()
    frontier = [steps[0].id]
    while frontier:
        sid = frontier.pop()
        if sid in reachable or sid not in by_id:
            continue
        reachable.add(sid)
        frontier += [c.next for c in by_id[sid].choices if c.next != END]
    for step in steps:
        if step.id not in reachable:
            ck.add(f"step '{step.id}'", f"unreachable: no choice leads here from the first step "
                                        f"'{steps[0].id}'")

    # A cycle means a path that never reaches an ending; so does a step with no choices.
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done

    def visit(sid: str, path: list[str]) -> None:
        state[sid] = 1
        for choice in by_id[sid].choices:
            nxt = choice.next
            if nxt == END or nxt not in by_id:
                continue
            if state.get(nxt) == 1:
                on_path = path + [sid]
                loop = " -> ".join(on_path[on_path.index(nxt):] + [nxt])
                ck.add(f"step '{sid}' > choice '{choice.id}'.next",
                       f"makes a loop ({loop}): a path with no ending")
            elif state.get(nxt) is None:
                visit(nxt, path + [sid])
        state[sid] = 2

    for step in steps:
        if step.id in reachable and step.id not in state:
            visit(step.id, [])
