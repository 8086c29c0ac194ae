"""What a scenario is: frozen dataclasses for its steps, choices, effects and endings.

``pe_course.scenarios`` builds these from a validated file; ``pe_course.scoring`` plays
them. Nothing here reads a file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

METERS = ("trust", "energy")
METER_MIN, METER_MAX = 0, 100
EFFECT_LIMIT = 50  # one choice moves a meter by at most this much
MIN_CHOICES, MAX_CHOICES = 2, 4
END = "end"
CONDITION_KEYS = ("trust_at_least", "trust_below", "energy_at_least", "energy_below")


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
