"""What a scenario is: frozen dataclasses for its steps, choices, effects and endings.

``pe_course.scenarios`` builds these from a validated file; ``pe_course.scoring`` plays
them. Nothing here reads a file.

A choice moves the partner's two meters (trust and energy) and costs the team something
(time, money, effort: 0 none to 3 a lot each, the course's own scale). It may set flags
that later steps read: a step can show another prompt when a flag is set, and offer a
choice only when it makes sense on that path. Endings are listed best first; a path with
a choice marked as serious harm never reaches the first (best) ending, whatever the
meters say; lint checks that a path with two of the steps' most harmful choices does not
reach it either.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

__all__ = ["CONDITION_KEYS", "COSTS", "COST_MAX", "EFFECT_LIMIT", "END", "HARMFUL_BLOCK",
           "KINDS", "MAX_CHOICES", "METERS", "METER_MAX", "METER_MIN", "MIN_CHOICES",
           "PARTNER_KIND", "PERSPECTIVES", "Choice",
           "Costs", "Effects", "Ending", "Scenario", "Step", "Variant"]

METERS = ("trust", "energy")
METER_MIN, METER_MAX = 0, 100
EFFECT_LIMIT = 50  # one choice moves a meter by at most this much
COSTS = ("time", "money", "effort")
COST_MAX = 3  # per choice: 0 none, 1 a little, 2 some, 3 a lot
MIN_CHOICES, MAX_CHOICES = 2, 4
END = "end"
CONDITION_KEYS = ("trust_at_least", "trust_below", "energy_at_least", "energy_below")
# How a choice stands among its step's choices (for authors, lint and facilitators):
KINDS = ("strongest", "defensible", "harmful", "caricature")
# Whose choices the learner makes: a team member's (the default) or the patient partner's.
# In a partner scenario every choice is of kind "option": a partner's ways of responding
# to harm are never ranked, and no choice of theirs is "serious harm".
PERSPECTIVES = ("team", "partner")
PARTNER_KIND = "option"
HARMFUL_BLOCK = 2  # lint: a path with this many "harmful" choices must not get the best ending


@dataclass(frozen=True)
class Effects:
    """How a choice moves the partner's trust and energy (each -50..50)."""

    trust: int = 0
    energy: int = 0


@dataclass(frozen=True)
class Costs:
    """What the team spends: time, money and effort (0..3 per choice, summed on a path)."""

    time: int = 0
    money: int = 0
    effort: int = 0

    def __add__(self, other: Costs) -> Costs:
        return Costs(self.time + other.time, self.money + other.money,
                     self.effort + other.effort)

    @property
    def total(self) -> int:
        return self.time + self.money + self.effort


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
    costs: Costs = Costs()
    kind: str | None = None  # one of KINDS (lint requires it)
    serious_harm: str | None = None  # why this choice is serious harm (blocks the best ending)
    sets: tuple[str, ...] = ()  # flags this choice sets
    only_if: tuple[str, ...] = ()  # offered only when all of these flags are set
    unless: tuple[str, ...] = ()  # offered only when none of these flags is set

    def offered(self, flags: frozenset[str]) -> bool:
        """Whether this choice is offered on a path that has set ``flags``."""
        return set(self.only_if) <= flags and not set(self.unless) & flags


@dataclass(frozen=True)
class Variant:
    """Another prompt for a step, shown when a flag is set (the first that applies wins)."""

    flag: str
    prompt: str


@dataclass(frozen=True)
class Step:
    id: str
    prompt: str
    choices: tuple[Choice, ...]
    pressure: str | None = None  # the competing pressure (for facilitators; lint requires it)
    variants: tuple[Variant, ...] = ()

    def choice(self, choice_id: str) -> Choice | None:
        return next((c for c in self.choices if c.id == choice_id), None)

    def offered(self, flags: frozenset[str] = frozenset()) -> tuple[Choice, ...]:
        """The choices offered on a path that has set ``flags``, in file order."""
        return tuple(c for c in self.choices if c.offered(flags))

    def prompt_for(self, flags: frozenset[str] = frozenset()) -> str:
        """The prompt as it reads on a path that has set ``flags``."""
        return next((v.prompt for v in self.variants if v.flag in flags), self.prompt)


@dataclass(frozen=True)
class Ending:
    id: str
    title: str
    text: str
    when: Mapping[str, int]  # meter conditions; empty: any meters
    only_if: tuple[str, ...] = ()  # applies only when all of these flags are set
    unless: tuple[str, ...] = ()  # applies only when none of these flags is set

    @property
    def always(self) -> bool:
        """True for the fallback ending: no condition at all."""
        return not (self.when or self.only_if or self.unless)

    def conditions(self) -> tuple[tuple[str, str, int], ...]:
        """``(meter, "at_least" | "below", limit)`` for each condition, in file order."""
        return tuple((*key.split("_", 1), limit) for key, limit in self.when.items())

    def matches(self, trust: int, energy: int, flags: frozenset[str] = frozenset()) -> bool:
        if not set(self.only_if) <= flags or set(self.unless) & flags:
            return False
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
    endings: tuple[Ending, ...]  # best first; the last one always applies
    source: str = ""
    flags: Mapping[str, str] | None = None  # flag id -> what it means, in words
    perspective: str = "team"  # one of PERSPECTIVES: whose choices the learner makes

    @property
    def as_partner(self) -> bool:
        """True when the learner plays the patient partner."""
        return self.perspective == "partner"

    @property
    def whose(self) -> str:
        """Whom the meters describe, for the pages: "the partner" or "you"."""
        return "you" if self.as_partner else "the partner"

    @property
    def first_step(self) -> Step:
        return self.steps[0]

    @property
    def best_ending(self) -> Ending:
        return self.endings[0]

    def step(self, step_id: str) -> Step:
        for step in self.steps:
            if step.id == step_id:
                return step
        raise KeyError(step_id)

    def ending_for(self, trust: int, energy: int, flags: frozenset[str] = frozenset(), *,
                   best_blocked: bool = False) -> Ending:
        """The first ending whose conditions the final state meets (the last one always does).

        ``best_blocked``: the path did serious harm, so the best ending is out of reach.
        """
        endings = self.endings[1:] if best_blocked else self.endings
        for ending in endings:
            if ending.matches(trust, energy, flags):
                return ending
        return self.endings[-1]

    def flag_text(self, flag: str) -> str:
        """What a flag means, as the file writes it: a clause that completes "on a path
        where …" (its id if the file does not say)."""
        return (self.flags or {}).get(flag, flag).rstrip(".")

    def examples_touched(self) -> frozenset[str]:
        return frozenset(e for s in self.steps for c in s.choices for e in c.examples)
