"""Scenarios as data: loading and validating scenario files.

A scenario is one YAML file under ``pe_course/data/scenarios/`` (format documented in
``book/authoring.md`` and ``pe_course/data/scenario.schema.json``). Loading validates the
whole file and reports every problem at once, each naming the file, the step, the choice
and the field, so an author can fix a file in one pass.

Files are read by ``pe_course.reader`` (a key given twice is an error, and every problem
names its line); in the browser, where PyYAML is missing, it reads the JSON copies the
wheel carries. Validation is identical either way.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pe_course.errors import Problem, ScenarioError, UnknownScenarioError
from pe_course.reader import (
    DATA_DIR,
    Checker,
    builtin_files,
    describe,
    line_of,
    read_builtin,
    read_data,
)
from pe_course.scenario_model import (
    CONDITION_KEYS,
    EFFECT_LIMIT,
    END,
    MAX_CHOICES,
    METER_MAX,
    METER_MIN,
    METERS,
    MIN_CHOICES,
    Choice,
    Effects,
    Ending,
    Scenario,
    Step,
)
from pe_course.statements import EXAMPLE_IDS, QUESTION_IDS, STATEMENT_IDS

__all__ = ["CONDITION_KEYS", "EFFECT_LIMIT", "END", "MAX_CHOICES", "METERS", "METER_MAX",
           "METER_MIN", "MIN_CHOICES", "SCENARIO_DIR", "Choice", "Effects", "Ending",
           "Scenario", "Step", "list_scenarios", "load_scenario", "parse_scenario"]

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


# ---------------------------------------------------------------------------------------
# Validation: collect every problem, then build the dataclasses only if there are none.

_TOP_KEYS = ("id", "version", "title", "summary", "statements", "content_note", "start",
             "steps", "endings")
_TOP_REQUIRED = ("id", "version", "title", "statements", "start", "steps", "endings")
_STEP_KEYS = ("id", "prompt", "choices")
_CHOICE_KEYS = ("id", "label", "feedback", "effects", "next", "risks", "repairs", "reflect",
                "examples")
_CHOICE_REQUIRED = ("label", "feedback", "next")
_ENDING_KEYS = ("id", "title", "text", "when")


def parse_scenario(raw: Any, source: str = "<scenario>") -> Scenario:
    """Validate raw scenario data (as parsed from YAML/JSON) and build a Scenario.

    Raises ScenarioError listing every problem found, each with its line, step, choice
    and field.
    """
    ck = Checker()
    if not isinstance(raw, Mapping):
        raise ScenarioError(source, [Problem("", f"expected a mapping of scenario fields at the "
                                                 f"top of the file, got {describe(raw)}")])
    ck.unknown_keys(raw, _TOP_KEYS)
    for key in _TOP_REQUIRED:
        if key not in raw:
            ck.add(key, "missing required field", raw)

    sid = ck.ident(raw, "id", "id") if "id" in raw else None
    version = ck.integer(raw, "version", "version", 1, 10_000) if "version" in raw else None
    title = ck.text(raw, "title", "title") if "title" in raw else None
    summary = ck.text(raw, "summary", "summary", required=False) or ""
    content_note = ck.text(raw, "content_note", "content_note", required=False)
    statements: tuple[str, ...] = ()
    if "statements" in raw:
        statements = ck.id_list(raw, "statements", "statements", STATEMENT_IDS, "statement")
        if isinstance(raw["statements"], list) and not raw["statements"]:
            ck.add("statements", "is empty; name at least one problem statement", raw,
                   "statements")

    start_trust = start_energy = None
    start = raw.get("start")
    if "start" in raw:
        if not isinstance(start, Mapping):
            ck.add("start", f"expected a mapping with trust and energy, got {describe(start)}",
                   raw, "start")
        else:
            ck.unknown_keys(start, METERS, "start.")
            start_trust = ck.integer(start, "trust", "start.trust", METER_MIN, METER_MAX)
            start_energy = ck.integer(start, "energy", "start.energy", METER_MIN, METER_MAX)

    lines: dict[tuple[str, ...], int | None] = {}  # (step id[, choice id]) -> line
    steps = _parse_steps(raw, ck, lines) if "steps" in raw else []
    endings = _parse_endings(raw, ck) if "endings" in raw else []
    if steps:
        _check_graph(steps, ck, lines)

    ck.raise_if_any(source, ScenarioError)
    return Scenario(
        id=sid, version=version, title=title, summary=summary, statements=statements,
        content_note=content_note, start_trust=start_trust, start_energy=start_energy,
        steps=tuple(steps), endings=tuple(endings), source=source,
    )


def _parse_steps(raw: Mapping, ck: Checker, lines: dict[tuple[str, ...], int | None]
                 ) -> list[Step]:
    steps: list[Step] = []
    seen_steps: set[str] = set()
    for i, raw_step in ck.mapping_list(raw, "steps", "steps", "steps with id, prompt and "
                                                             "choices"):
        where = f"steps[{i}]"
        step_id = ck.ident(raw_step, "id", f"{where}.id")
        if step_id:
            where = f"step '{step_id}'"
            if step_id == END:
                ck.add(f"{where}.id", f"'{END}' is reserved for 'next: {END}'", raw_step, "id")
            if step_id in seen_steps:
                ck.add(f"{where}.id", f"duplicate step id {step_id!r}", raw_step, "id")
            seen_steps.add(step_id)
            lines[(step_id,)] = line_of(raw_step, "id")
        ck.unknown_keys(raw_step, _STEP_KEYS, f"{where}.")
        prompt = ck.text(raw_step, "prompt", f"{where}.prompt")
        choices = _parse_choices(raw_step, where, ck, lines, step_id or "")
        if step_id and prompt is not None and choices is not None:
            steps.append(Step(step_id, prompt, tuple(choices)))
        elif step_id:
            # keep a placeholder so the graph check can still follow links through this step
            steps.append(Step(step_id, prompt or "", tuple(choices or ())))
    return steps


def _parse_choices(raw_step: Mapping, where: str, ck: Checker,
                   lines: dict[tuple[str, ...], int | None], step_id: str
                   ) -> list[Choice] | None:
    raw_choices = raw_step.get("choices")
    if not isinstance(raw_choices, list):
        ck.add(f"{where}.choices", f"expected a list of {MIN_CHOICES} to {MAX_CHOICES} choices, "
                                   f"got {describe(raw_choices)}", raw_step, "choices")
        return None
    if not MIN_CHOICES <= len(raw_choices) <= MAX_CHOICES:
        ck.add(f"{where}.choices", f"has {len(raw_choices)} choices; expected "
                                   f"{MIN_CHOICES} to {MAX_CHOICES}", raw_step, "choices")
    choices: list[Choice] = []
    seen: set[str] = set()
    for j, raw in enumerate(raw_choices):
        cwhere = f"{where} > choices[{j}]"
        if not isinstance(raw, Mapping):
            ck.add(cwhere, f"expected a mapping with id, label, feedback and next, "
                           f"got {describe(raw)}", raw_choices, j)
            continue
        cid = ck.ident(raw, "id", f"{cwhere}.id")
        if cid:
            cwhere = f"{where} > choice '{cid}'"
            if cid in seen:
                ck.add(f"{cwhere}.id", f"duplicate choice id {cid!r} in this step", raw, "id")
            seen.add(cid)
        ck.unknown_keys(raw, _CHOICE_KEYS, f"{cwhere}.")
        for key in _CHOICE_REQUIRED:
            if key not in raw:
                what = "an explanation of why this choice helps or harms, tied to the sources" \
                    if key == "feedback" else "a value"
                ck.add(f"{cwhere}.{key}", f"missing; expected {what}", raw)
        label = ck.text(raw, "label", f"{cwhere}.label") if "label" in raw else None
        feedback = ck.text(raw, "feedback", f"{cwhere}.feedback") if "feedback" in raw else None
        nxt = ck.ident(raw, "next", f"{cwhere}.next") if "next" in raw else None
        lines[(step_id, cid or "")] = line_of(raw, "next")
        effects = _parse_effects(raw, f"{cwhere}.effects", ck)
        risks = ck.id_list(raw, "risks", f"{cwhere}.risks", STATEMENT_IDS, "statement")
        repairs = ck.id_list(raw, "repairs", f"{cwhere}.repairs", STATEMENT_IDS, "statement")
        reflect = ck.id_list(raw, "reflect", f"{cwhere}.reflect", QUESTION_IDS,
                             "reflection question")
        examples = ck.id_list(raw, "examples", f"{cwhere}.examples", sorted(EXAMPLE_IDS),
                              "source example")
        if raw.get("risks") and not raw.get("reflect"):
            ck.add(f"{cwhere}.reflect", "missing; a choice that risks a statement must name the "
                                        "reflection question(s) that would have helped",
                   raw, "risks")
        if cid and label and feedback and nxt and effects is not None:
            choices.append(Choice(cid, label, feedback, effects, nxt, risks, repairs, reflect,
                                  examples))
        elif cid and nxt:
            choices.append(Choice(cid, label or "", feedback or "", effects or Effects(), nxt))
    return choices


def _parse_effects(choice: Mapping, where: str, ck: Checker) -> Effects | None:
    raw = choice.get("effects")
    if raw is None:
        return Effects()
    if not isinstance(raw, Mapping):
        ck.add(where, f"expected a mapping like {{trust: -10, energy: 5}}, got {describe(raw)}",
               choice, "effects")
        return None
    ck.unknown_keys(raw, METERS, f"{where}.")
    values = {meter: ck.integer(raw, meter, f"{where}.{meter}", -EFFECT_LIMIT, EFFECT_LIMIT)
              for meter in METERS if meter in raw}
    if any(v is None for v in values.values()):
        return None
    return Effects(**values)


def _parse_endings(raw_scenario: Mapping, ck: Checker) -> list[Ending]:
    endings: list[Ending] = []
    when_lines: dict[str, int | None] = {}
    seen: set[str] = set()
    for i, raw in ck.mapping_list(raw_scenario, "endings", "endings", "endings with id, "
                                                                      "title, text and when"):
        where = f"endings[{i}]"
        eid = ck.ident(raw, "id", f"{where}.id")
        if eid:
            where = f"ending '{eid}'"
            if eid in seen:
                ck.add(f"{where}.id", f"duplicate ending id {eid!r}", raw, "id")
            seen.add(eid)
        ck.unknown_keys(raw, _ENDING_KEYS, f"{where}.")
        title = ck.text(raw, "title", f"{where}.title")
        text = ck.text(raw, "text", f"{where}.text")
        when: dict[str, int] = {}
        raw_when = raw.get("when")
        if raw_when is not None:
            if not isinstance(raw_when, Mapping):
                ck.add(f"{where}.when", f"expected a mapping of conditions, "
                                        f"got {describe(raw_when)}", raw, "when")
            else:
                ck.unknown_keys(raw_when, CONDITION_KEYS, f"{where}.when.")
                for key in CONDITION_KEYS:
                    if key in raw_when:
                        value = ck.integer(raw_when, key, f"{where}.when.{key}", METER_MIN,
                                           METER_MAX)
                        if value is not None:
                            when[key] = value
        if eid and title and text:
            endings.append(Ending(eid, title, text, when))
            when_lines[eid] = line_of(raw, "when" if "when" in raw else "id")
    if endings and endings[-1].when:
        ck.add(f"ending '{endings[-1].id}'.when",
               "the last ending must have no 'when' so that every path has an ending; "
               "a final state that meets no condition would otherwise end nowhere",
               line=when_lines.get(endings[-1].id))
    for ending in endings[:-1]:
        if not ending.when:
            ck.add(f"ending '{ending.id}'.when",
                   "missing; only the last ending may apply always (later endings could "
                   "never be reached)", line=when_lines.get(ending.id))
    return endings


def _check_graph(steps: list[Step], ck: Checker, lines: dict[tuple[str, ...], int | None]
                 ) -> None:
    """Every next exists, every step is reachable, and every path reaches an ending."""
    by_id = {s.id: s for s in steps}
    for step in steps:
        for choice in step.choices:
            if choice.next != END and choice.next not in by_id:
                ck.add(f"step '{step.id}' > choice '{choice.id}'.next",
                       f"unknown next step {choice.next!r}; expected one of: "
                       f"{', '.join([*by_id, END])}", line=lines.get((step.id, choice.id)))
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
                                        f"'{steps[0].id}'", line=lines.get((step.id,)))

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
                       f"makes a loop ({loop}): a path with no ending",
                       line=lines.get((sid, choice.id)))
            elif state.get(nxt) is None:
                visit(nxt, path + [sid])
        state[sid] = 2

    for step in steps:
        if step.id in reachable and step.id not in state:
            visit(step.id, [])
