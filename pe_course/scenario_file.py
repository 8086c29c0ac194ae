"""The scenario file format: raw data (from YAML or JSON) checked and made into a Scenario.

``parse_scenario`` reports every problem at once, each with its line, step, choice and
field. Besides types and ranges it checks the story's shape: every ``next`` exists, every
step is reachable, no path loops, every flag a step or choice reads is declared and set
somewhere, and on every path each step offers at least two choices.
The format is documented in ``book/authoring.md`` and ``data/scenario.schema.json``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pe_course.errors import Problem, ScenarioError
from pe_course.reader import Checker, describe, line_of
from pe_course.scenario_graph import check_graph
from pe_course.scenario_model import (
    CONDITION_KEYS,
    COST_MAX,
    COSTS,
    EFFECT_LIMIT,
    END,
    KINDS,
    MAX_CHOICES,
    METER_MAX,
    METER_MIN,
    METERS,
    MIN_CHOICES,
    PARTNER_KIND,
    PERSPECTIVES,
    Choice,
    Costs,
    Effects,
    Ending,
    Scenario,
    Step,
    Variant,
)
from pe_course.statements import EXAMPLE_IDS, QUESTION_IDS, STATEMENT_IDS

_TOP_KEYS = ("id", "version", "title", "summary", "statements", "content_note", "perspective",
             "start", "flags", "steps", "endings")
_TOP_REQUIRED = ("id", "version", "title", "statements", "start", "steps", "endings")
_STEP_KEYS = ("id", "prompt", "pressure", "variants", "choices")
_CHOICE_KEYS = ("id", "label", "feedback", "effects", "costs", "kind", "serious_harm", "sets",
                "only_if", "unless", "next", "risks", "repairs", "reflect", "examples")
_CHOICE_REQUIRED = ("label", "feedback", "next")
_ENDING_KEYS = ("id", "title", "text", "when", "only_if", "unless")

Lines = dict[tuple[str, ...], "int | None"]  # (step id[, choice id]) -> line in the file


class _Parser:
    """One scenario file's checks; ``ck`` collects the problems."""

    def __init__(self) -> None:
        self.ck = Checker()
        self.lines: Lines = {}
        self.flags: dict[str, str] = {}
        self.flags_read: dict[str, int | None] = {}  # flag -> line of its first reading
        self.flags_set: set[str] = set()
        self.perspective = "team"

    def flag_list(self, raw: Mapping, key: str, where: str, *, reads: bool) -> tuple[str, ...]:
        found = self.ck.id_list(raw, key, where, sorted(self.flags), "flag") \
            if self.flags else self._undeclared(raw, key, where)
        for flag in found:
            if reads:
                self.flags_read.setdefault(flag, line_of(raw, key))
            else:
                self.flags_set.add(flag)
        return found

    def _undeclared(self, raw: Mapping, key: str, where: str) -> tuple[str, ...]:
        if raw.get(key):
            self.ck.add(where, "names a flag, but the scenario declares none; add "
                               "'flags:' at the top with what each flag means", raw, key)
        return ()

    # -- top ------------------------------------------------------------------------------

    def scenario(self, raw: Any, source: str) -> Scenario:
        ck = self.ck
        if not isinstance(raw, Mapping):
            raise ScenarioError(source, [Problem("", f"expected a mapping of scenario fields "
                                                     f"at the top of the file, got "
                                                     f"{describe(raw)}")])
        ck.unknown_keys(raw, _TOP_KEYS)
        for key in _TOP_REQUIRED:
            if key not in raw:
                ck.add(key, "missing required field", raw)
        sid = ck.ident(raw, "id", "id") if "id" in raw else None
        version = ck.integer(raw, "version", "version", 1, 10_000) if "version" in raw \
            else None
        title = ck.text(raw, "title", "title") if "title" in raw else None
        summary = ck.text(raw, "summary", "summary", required=False) or ""
        content_note = ck.text(raw, "content_note", "content_note", required=False)
        if "perspective" in raw:
            if raw["perspective"] in PERSPECTIVES:
                self.perspective = raw["perspective"]
            else:
                ck.add("perspective", f"expected one of: {', '.join(PERSPECTIVES)} (whose "
                                      f"choices the learner makes); got "
                                      f"{describe(raw['perspective'])}", raw, "perspective")
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
                ck.add("start", f"expected a mapping with trust and energy, got "
                                f"{describe(start)}", raw, "start")
            else:
                ck.unknown_keys(start, METERS, "start.")
                start_trust = ck.integer(start, "trust", "start.trust", METER_MIN, METER_MAX)
                start_energy = ck.integer(start, "energy", "start.energy", METER_MIN,
                                          METER_MAX)
        self._declare_flags(raw)
        steps = self._steps(raw) if "steps" in raw else []
        endings = self._endings(raw) if "endings" in raw else []
        self._check_flags(raw)
        if steps:
            check_graph(steps, ck, self.lines)
        ck.raise_if_any(source, ScenarioError)
        return Scenario(
            id=sid, version=version, title=title, summary=summary, statements=statements,
            content_note=content_note, start_trust=start_trust, start_energy=start_energy,
            steps=tuple(steps), endings=tuple(endings), source=source,
            flags=dict(self.flags) or None, perspective=self.perspective)

    def _declare_flags(self, raw: Mapping) -> None:
        declared = raw.get("flags")
        if declared is None:
            return
        if not isinstance(declared, Mapping):
            self.ck.add("flags", f"expected a mapping of flag ids to what each means, got "
                                 f"{describe(declared)}", raw, "flags")
            return
        for flag in declared:
            where = f"flags.{flag}"
            if self.ck.ident({"id": flag}, "id", where) and \
                    self.ck.text(declared, flag, where) is not None:
                self.flags[flag] = declared[flag].strip()

    def _check_flags(self, raw: Mapping) -> None:
        for flag, line in self.flags_read.items():
            if flag not in self.flags_set:
                self.ck.add(f"flags.{flag}", "is read but no choice sets it (no 'sets: "
                                             f"[{flag}]'), so it is never true", line=line)
        for flag in self.flags:
            if flag not in self.flags_read and flag in self.flags_set:
                self.ck.add(f"flags.{flag}", "is set but nothing reads it (no variant, "
                                             "only_if or unless names it)", raw.get("flags"),
                            flag)

    # -- steps and choices ----------------------------------------------------------------

    def _steps(self, raw: Mapping) -> list[Step]:
        ck = self.ck
        steps: list[Step] = []
        seen_steps: set[str] = set()
        for i, raw_step in ck.mapping_list(raw, "steps", "steps", "steps with id, prompt and "
                                                                 "choices"):
            where = f"steps[{i}]"
            step_id = ck.ident(raw_step, "id", f"{where}.id")
            if step_id:
                where = f"step '{step_id}'"
                if step_id == END:
                    ck.add(f"{where}.id", f"'{END}' is reserved for 'next: {END}'", raw_step,
                           "id")
                if step_id in seen_steps:
                    ck.add(f"{where}.id", f"duplicate step id {step_id!r}", raw_step, "id")
                seen_steps.add(step_id)
                self.lines[(step_id,)] = line_of(raw_step, "id")
            ck.unknown_keys(raw_step, _STEP_KEYS, f"{where}.")
            prompt = ck.text(raw_step, "prompt", f"{where}.prompt")
            pressure = ck.text(raw_step, "pressure", f"{where}.pressure", required=False)
            variants = self._variants(raw_step, where)
            choices = self._choices(raw_step, where, step_id or "")
            if step_id:
                # an incomplete step stays, so the graph check can follow links through it
                steps.append(Step(step_id, prompt or "", tuple(choices or ()), pressure,
                                  variants))
        return steps

    def _variants(self, raw_step: Mapping, where: str) -> tuple[Variant, ...]:
        if raw_step.get("variants") is None:
            return ()
        out = []
        for k, raw in self.ck.mapping_list(raw_step, "variants", f"{where}.variants",
                                           "variants with if and prompt"):
            vwhere = f"{where}.variants[{k}]"
            self.ck.unknown_keys(raw, ("if", "prompt"), f"{vwhere}.")
            flag = self.flag_list({"if": [raw.get("if")]} if "if" in raw else {}, "if",
                                  f"{vwhere}.if", reads=True)
            if "if" not in raw:
                self.ck.add(f"{vwhere}.if", "missing; expected the flag that selects this "
                                            "prompt", raw)
            prompt = self.ck.text(raw, "prompt", f"{vwhere}.prompt")
            if flag and prompt:
                out.append(Variant(flag[0], prompt))
        return tuple(out)

    def _choices(self, raw_step: Mapping, where: str, step_id: str) -> list[Choice] | None:
        ck = self.ck
        raw_choices = raw_step.get("choices")
        if not isinstance(raw_choices, list):
            ck.add(f"{where}.choices", f"expected a list of {MIN_CHOICES} to {MAX_CHOICES} "
                                       f"choices, got {describe(raw_choices)}", raw_step,
                   "choices")
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
                    ck.add(f"{cwhere}.id", f"duplicate choice id {cid!r} in this step", raw,
                           "id")
                seen.add(cid)
            choice = self._choice(raw, cwhere, cid)
            self.lines[(step_id, cid or "")] = line_of(raw, "next")
            if choice is not None:
                choices.append(choice)
        return choices

    def _choice(self, raw: Mapping, cwhere: str, cid: str | None) -> Choice | None:
        ck = self.ck
        ck.unknown_keys(raw, _CHOICE_KEYS, f"{cwhere}.")
        for key in _CHOICE_REQUIRED:
            if key not in raw:
                what = "an explanation of why this choice helps or harms, tied to the " \
                       "sources" if key == "feedback" else "a value"
                ck.add(f"{cwhere}.{key}", f"missing; expected {what}", raw)
        label = ck.text(raw, "label", f"{cwhere}.label") if "label" in raw else None
        feedback = ck.text(raw, "feedback", f"{cwhere}.feedback") if "feedback" in raw else None
        nxt = ck.ident(raw, "next", f"{cwhere}.next") if "next" in raw else None
        effects = _numbers(ck, raw, "effects", cwhere, METERS, -EFFECT_LIMIT, EFFECT_LIMIT,
                           "{trust: -10, energy: 5}")
        costs = _numbers(ck, raw, "costs", cwhere, COSTS, 0, COST_MAX,
                         "{time: 1, money: 0, effort: 2}")
        kind = None
        if "kind" in raw:
            kind = raw["kind"]
            if self.perspective == "partner" and kind != PARTNER_KIND:
                ck.add(f"{cwhere}.kind", f"expected '{PARTNER_KIND}' in a scenario with "
                                         f"perspective: partner (a partner's choices are not "
                                         f"ranked); got {describe(kind)}", raw, "kind")
                kind = None
            elif self.perspective == "team" and kind not in KINDS:
                ck.add(f"{cwhere}.kind", f"expected one of: {', '.join(KINDS)}; got "
                                         f"{describe(kind)}", raw, "kind")
                kind = None
        harm = ck.text(raw, "serious_harm", f"{cwhere}.serious_harm", required=False)
        if "serious_harm" in raw and self.perspective == "partner":
            ck.add(f"{cwhere}.serious_harm", "not allowed in a scenario with perspective: "
                                             "partner: harm is never the partner's doing; "
                                             "show the team's harm in the story and endings",
                   raw, "serious_harm")
            harm = None
        elif "serious_harm" in raw and harm is None:
            ck.add(f"{cwhere}.serious_harm", "is empty; say why this choice is serious harm",
                   raw, "serious_harm")
        risks = ck.id_list(raw, "risks", f"{cwhere}.risks", STATEMENT_IDS, "statement")
        repairs = ck.id_list(raw, "repairs", f"{cwhere}.repairs", STATEMENT_IDS, "statement")
        reflect = ck.id_list(raw, "reflect", f"{cwhere}.reflect", QUESTION_IDS,
                             "reflection question")
        examples = ck.id_list(raw, "examples", f"{cwhere}.examples", sorted(EXAMPLE_IDS),
                              "source example")
        sets = self.flag_list(raw, "sets", f"{cwhere}.sets", reads=False)
        only_if = self.flag_list(raw, "only_if", f"{cwhere}.only_if", reads=True)
        unless = self.flag_list(raw, "unless", f"{cwhere}.unless", reads=True)
        for key in ("risks", "repairs"):
            if raw.get(key) and self.perspective == "partner":
                ck.add(f"{cwhere}.{key}", "not allowed in a scenario with perspective: "
                                          "partner: a partner's choice does not risk or "
                                          "repair a problem statement; the team's conduct "
                                          "does", raw, key)
        if raw.get("risks") and not raw.get("reflect"):
            ck.add(f"{cwhere}.reflect", "missing; a choice that risks a statement must name "
                                        "the reflection question(s) that would have helped",
                   raw, "risks")
        if not (cid and nxt):
            return None
        return Choice(cid, label or "", feedback or "", effects or Effects(), nxt, risks,
                      repairs, reflect, examples, costs or Costs(), kind, harm, sets, only_if,
                      unless)

    # -- endings --------------------------------------------------------------------------

    def _endings(self, raw_scenario: Mapping) -> list[Ending]:
        ck = self.ck
        endings: list[Ending] = []
        when_lines: dict[str, int | None] = {}
        seen: set[str] = set()
        for i, raw in ck.mapping_list(raw_scenario, "endings", "endings",
                                      "endings with id, title, text and when"):
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
                    ck.add(f"{where}.when", f"expected a mapping of conditions, got "
                                            f"{describe(raw_when)}", raw, "when")
                else:
                    ck.unknown_keys(raw_when, CONDITION_KEYS, f"{where}.when.")
                    for key in CONDITION_KEYS:
                        if key in raw_when:
                            value = ck.integer(raw_when, key, f"{where}.when.{key}", METER_MIN,
                                               METER_MAX)
                            if value is not None:
                                when[key] = value
            only_if = self.flag_list(raw, "only_if", f"{where}.only_if", reads=True)
            unless = self.flag_list(raw, "unless", f"{where}.unless", reads=True)
            if eid and title and text:
                endings.append(Ending(eid, title, text, when, only_if, unless))
                when_lines[eid] = line_of(raw, "when" if "when" in raw else "id")
        if endings and not endings[-1].always:
            ck.add(f"ending '{endings[-1].id}'.when",
                   "the last ending must have no 'when', 'only_if' or 'unless' so that every "
                   "path has an ending; a final state that meets no condition would "
                   "otherwise end nowhere", line=when_lines.get(endings[-1].id))
        for ending in endings[:-1]:
            if ending.always:
                ck.add(f"ending '{ending.id}'.when",
                       "missing; only the last ending may apply always (later endings could "
                       "never be reached)", line=when_lines.get(ending.id))
        return endings


def _numbers(ck: Checker, raw: Mapping, key: str, where: str, names: tuple[str, ...],
             low: int, high: int, example: str) -> Any:
    """``effects`` or ``costs``: a mapping of names to whole numbers in range."""
    value = raw.get(key)
    if value is None:
        return None
    if not isinstance(value, Mapping):
        ck.add(f"{where}.{key}", f"expected a mapping like {example}, got {describe(value)}",
               raw, key)
        return None
    ck.unknown_keys(value, names, f"{where}.{key}.")
    numbers = {n: ck.integer(value, n, f"{where}.{key}.{n}", low, high)
               for n in names if n in value}
    if any(v is None for v in numbers.values()):
        return None
    return (Effects if key == "effects" else Costs)(**numbers)


def parse_scenario(raw: Any, source: str = "<scenario>") -> Scenario:
    """Validate raw scenario data (as parsed from YAML/JSON) and build a Scenario.

    Raises ScenarioError listing every problem found, each with its line, step, choice
    and field.
    """
    return _Parser().scenario(raw, source)
