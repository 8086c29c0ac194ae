"""A trauma-informed meeting plan: one meeting, planned against SAMHSA's six principles.

The checklist is data (``data/trauma_informed.yaml``): the six principles, named exactly
as SAMHSA names them, and the course's own practices for before, during and after a
meeting. A plan says, for each practice, whether the team will do it, and who and how;
``gaps`` names what has nothing planned yet, so the team sees it before the meeting.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from pe_course.errors import DataError, MeetingPlanError
from pe_course.reader import Checker, describe, read_builtin, read_data

DATA_FILE = "trauma_informed.yaml"
# SAMHSA (2014), named and ordered as there (sources/README.md): the data must match.
SAMHSA_PRINCIPLES = ("Safety", "Trustworthiness and transparency", "Peer support",
                     "Collaboration and mutuality", "Empowerment, voice and choice",
                     "Cultural, historical and gender issues")
PHASES = ("before", "during", "after")
PHASE_TITLES = {phase: f"{phase.title()} the meeting" for phase in PHASES}
# The plan's own fields, each with the form's label for it (what a learner sees).
FIELDS = {"title": "Meeting title", "date": "Date and time",
          "place": "Place (a room, a video link, or both)",
          "support_contact": "Who can people call if they need support? (name and how)"}
PRACTICES = "practices"
MAX_NOTE, MAX_FIELD = 500, 200  # a note says who and how; it is not a report


@dataclass(frozen=True)
class Principle:
    id: str
    name: str  # SAMHSA's name
    means: str  # the course's own words, not a quote


@dataclass(frozen=True)
class Practice:
    id: str
    principle: str  # a principle's id
    phase: str  # one of PHASES
    text: str


@dataclass(frozen=True)
class Checklist:
    """The six principles and the course's practices, as the data file gives them."""

    principles: tuple[Principle, ...]
    practices: tuple[Practice, ...]

    def principle(self, principle_id: str) -> Principle:  # a practice's principle
        return next(p for p in self.principles if p.id == principle_id)

    def in_phase(self, phase: str) -> tuple[Practice, ...]:
        """The practices of one phase, in the principles' order."""
        order = [p.id for p in self.principles]
        return tuple(sorted((p for p in self.practices if p.phase == phase),
                            key=lambda p: order.index(p.principle)))


@dataclass(frozen=True)
class PlanItem:
    practice: Practice
    planned: bool
    note: str = ""  # who will do it, and how


@dataclass(frozen=True)
class MeetingPlan:
    title: str
    date: str
    place: str
    support_contact: str
    items: tuple[PlanItem, ...]  # one per practice of the checklist, in its order
    checklist: Checklist

    def item(self, practice_id: str) -> PlanItem:
        return next(i for i in self.items if i.practice.id == practice_id)


@dataclass(frozen=True)
class Gaps:  # what has nothing planned yet (``gaps``)
    principles: tuple[Principle, ...]
    phases: tuple[str, ...]
    no_contact: bool  # no one named for people to call

    def __bool__(self) -> bool:
        return bool(self.principles or self.phases or self.no_contact)


def load_checklist(path: str | Path | None = None) -> Checklist:
    """The shipped checklist (read once), or the one in the file at ``path``; a
    ``DataError`` names the file, line and field of every problem."""
    if path is None:
        return _builtin_checklist()
    return parse_checklist(read_data(path, DataError), str(path))


@lru_cache(maxsize=1)
def _builtin_checklist() -> Checklist:
    source, raw = read_builtin(DATA_FILE, DataError)
    return parse_checklist(raw, source)


def load_principles() -> tuple[Principle, ...]:
    return load_checklist().principles


def parse_checklist(raw: Any, source: str) -> Checklist:
    """Raw data (a mapping with ``principles`` and ``practices``) as a ``Checklist``."""
    if not isinstance(raw, Mapping):
        raise DataError(source, [f"expected principles and practices, got {describe(raw)}"])
    ck = Checker()
    ck.unknown_keys(raw, ("principles", PRACTICES))
    found = _items(ck, raw, "principles", ("name", "means"))
    if found and len(raw["principles"]) != len(SAMHSA_PRINCIPLES):
        ck.add("principles", f"has {len(raw['principles'])} principles; expected SAMHSA's "
                             f"six: {'; '.join(SAMHSA_PRINCIPLES)}", raw, "principles")
    principles = []
    for i, item, pid, text in found:
        expected = SAMHSA_PRINCIPLES[i] if i < len(SAMHSA_PRINCIPLES) else None
        if expected and text["name"] != expected:
            ck.add(f"principles[{i}].name", f"{item.get('name')!r} is not SAMHSA's name; "
                   f"expected {expected!r} (the six names, exactly and in order)", item, "name")
        elif expected and pid and text["means"]:
            principles.append(Principle(pid, expected, text["means"]))
    ids = [pid for _i, _item, pid, _text in found if pid]  # a misnamed one's too
    practices = []
    for i, item, pid, text in _items(ck, raw, PRACTICES, ("principle", "phase", "text")):
        for key, allowed in (("principle", ids), ("phase", PHASES)):
            if text[key] is not None and text[key] not in allowed:
                ck.add(f"{PRACTICES}[{i}].{key}", f"{text[key]!r} is not a {key}; expected "
                                                  f"one of: {', '.join(allowed)}", item, key)
        if pid and all(text.values()) and text["principle"] in ids and text["phase"] in PHASES:
            practices.append(Practice(pid, text["principle"], text["phase"], text["text"]))
    for key, values in (("principle", [p.id for p in principles]), ("phase", PHASES)):
        for value in (v for v in values if all(getattr(p, key) != v for p in practices)):
            ck.add(PRACTICES, f"no practice for the {key} {value!r}; expected at least one",
                   raw, PRACTICES)
    ck.raise_if_any(source, DataError)
    return Checklist(tuple(principles), tuple(practices))


def _items(ck: Checker, raw: Mapping, key: str, fields: tuple[str, ...]
           ) -> list[tuple[int, Mapping, str | None, dict[str, str | None]]]:
    """Each item of the list ``raw[key]``: its index, the item, its id (None if bad or used
    before) and its text fields (None if missing), every problem reported."""
    out, seen = [], set()
    for i, item in ck.mapping_list(raw, key, key, key):
        ck.unknown_keys(item, ("id", *fields), f"{key}[{i}].")
        pid = ck.ident(item, "id", f"{key}[{i}].id")
        if pid is not None and pid in seen:
            ck.add(f"{key}[{i}].id", f"{pid!r} is used twice; expected each id once", item, "id")
            pid = None
        seen.add(pid)
        texts = {f: ck.text(item, f, f"{key}[{i}].{f}") for f in fields}
        out.append((i, item, pid, {f: t and " ".join(t.split()) for f, t in texts.items()}))
    return out


def parse_meeting_plan(raw: Any, source: str = "your meeting plan",
                       checklist: Checklist | None = None) -> MeetingPlan:
    """A plan from plain data (the form's answers, a YAML file's): ``FIELDS`` and
    ``practices`` (practice id -> ``{planned, note}``, or true/false; any left out are
    not planned). Raises ``MeetingPlanError`` naming every bad field at once."""
    checklist = checklist or load_checklist()
    if not isinstance(raw, Mapping):
        raise MeetingPlanError(source, [f"expected a meeting plan ({', '.join(FIELDS)}, "
                                        f"{PRACTICES}), got {describe(raw)}"])
    ck = Checker()
    ck.unknown_keys(raw, (*FIELDS, PRACTICES))
    texts = {k: _text(ck, raw, k, k, MAX_FIELD, required=k == "title") for k in FIELDS}
    chosen = {} if raw.get(PRACTICES) is None else raw[PRACTICES]
    if not isinstance(chosen, Mapping):
        ck.add(PRACTICES, f"expected practice ids, got {describe(chosen)}", raw, PRACTICES)
        chosen = {}
    known = [p.id for p in checklist.practices]
    for key in (k for k in chosen if k not in known):
        close = difflib.get_close_matches(str(key), known, n=1)
        ck.add(f"{PRACTICES}.{key}", "unknown practice id; " + (
            f"did you mean {close[0]!r}?" if close else f"see {DATA_FILE}"), chosen, key)
    answers = {key: answer for key in chosen if key in known
               and (answer := _answer(ck, chosen, key, f"{PRACTICES}.{key}")) is not None}
    ck.raise_if_any(source, MeetingPlanError)
    items = tuple(PlanItem(p, *answers.get(p.id, (False, ""))) for p in checklist.practices)
    return MeetingPlan(**texts, items=items, checklist=checklist)


def _answer(ck: Checker, chosen: Mapping, key: str, where: str) -> tuple[bool, str] | None:
    value = chosen[key]
    if isinstance(value, bool):
        return value, ""
    if not isinstance(value, Mapping):
        ck.add(where, f"expected true/false or a mapping with planned and note, got "
                      f"{describe(value)}", chosen, key)
        return None
    before = len(ck.problems)  # only this answer's problems decide if it is kept
    ck.unknown_keys(value, ("planned", "note"), f"{where}.")
    planned = ck.boolean(value, "planned", f"{where}.planned", default=False)
    note = _text(ck, value, "note", f"{where}.note", MAX_NOTE, required=False)
    return None if len(ck.problems) > before else (bool(planned), note)


def _text(ck: Checker, raw: Mapping, key: str, where: str, limit: int, *,
          required: bool) -> str:
    """Text as typed (trimmed), "" when blank; a problem if required, not text or too long."""
    value = raw.get(key)
    if value is not None and not isinstance(value, str):
        ck.add(where, f"expected text, got {describe(value)}", raw, key)
        return ""
    text = (value or "").strip()
    if required and not text:
        ck.add(where, "missing; expected some text", raw, key)
    elif len(text) > limit:
        ck.add(where, f"is {len(text)} characters long; keep it to {limit} or fewer", raw, key)
    return text


def gaps(plan: MeetingPlan) -> Gaps:
    """The principles and the phases with no practice planned, and no one to call."""
    planned = [i.practice for i in plan.items if i.planned]
    return Gaps(tuple(p for p in plan.checklist.principles
                      if not any(x.principle == p.id for x in planned)),
                tuple(ph for ph in PHASES if not any(x.phase == ph for x in planned)),
                not plan.support_contact)


__all__ = ["FIELDS", "MAX_NOTE", "PHASES", "PHASE_TITLES", "PRACTICES", "SAMHSA_PRINCIPLES",
           "Checklist", "Gaps", "MeetingPlan", "PlanItem", "Practice", "Principle", "gaps",
           "load_checklist", "load_principles", "parse_checklist", "parse_meeting_plan"]
