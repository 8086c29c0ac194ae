"""Playing and scoring a path through a scenario: pure functions over dataclasses.

The widget, the CLI, the readable page, lint and the tests all go through
``start``/``choose`` (one step at a time) or ``score_path`` (a whole path at once), so
the rules live in one place:

- each choice moves the partner's trust and energy (clamped to 0..100) and adds its costs
  to the team's (time, money, effort);
- a choice may set flags; a step offers only the choices its flags allow;
- the ending is the first (endings are listed best first) whose conditions the final
  trust, energy and flags meet, except that a path with a serious-harm choice never gets
  the best ending. (That two of the steps' most harmful choices do not reach it either is
  the author's job, which ``pe-course scenarios lint`` checks on every path.)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from pe_course.errors import ChoiceError
from pe_course.scenario_model import (
    END,
    METER_MAX,
    METER_MIN,
    Choice,
    Costs,
    Ending,
    Scenario,
)
from pe_course.statements import QUESTION_IDS, STATEMENT_IDS


@dataclass(frozen=True)
class State:
    """The patient partner's trust and energy, each 0..100."""

    trust: int
    energy: int


@dataclass(frozen=True)
class Turn:
    """One decision: where it was made, what was chosen, and what it did."""

    step_id: str
    choice: Choice
    before: State
    after: State
    costs: Costs = Costs()  # the team's costs so far, this choice included
    prompt: str = ""  # the prompt as it read on this path


@dataclass(frozen=True)
class Progress:
    """Where a learner is in a scenario. ``step_id`` is None once an ending is reached."""

    scenario_id: str
    state: State
    turns: tuple[Turn, ...]
    step_id: str | None
    ending: Ending | None
    flags: frozenset[str] = frozenset()
    costs: Costs = Costs()

    @property
    def finished(self) -> bool:
        return self.ending is not None


@dataclass(frozen=True)
class StatementResult:
    """How a path treated one problem statement."""

    statement_id: str
    risked: int
    repaired: int

    @property
    def verdict(self) -> str:
        if self.risked and self.repaired:
            return "mixed"
        if self.risked:
            return "risked"
        if self.repaired:
            return "repaired"
        return "untouched"


@dataclass(frozen=True)
class ScoreCard:
    """The result of a complete path through a scenario."""

    scenario_id: str
    scenario_version: int
    turns: tuple[Turn, ...]
    final_state: State
    ending: Ending
    statements: tuple[StatementResult, ...]
    reflection_focus: tuple[str, ...]  # questions that would have helped most, best first
    strengths: tuple[str, ...]  # questions the learner's good choices put into practice
    costs: Costs = Costs()  # what the path cost the team
    blocked_by: tuple[Turn, ...] = ()  # the turns that put the best ending out of reach
    best_ending: Ending | None = None
    flags: frozenset[str] = frozenset()

    @property
    def path(self) -> tuple[str, ...]:
        return tuple(t.choice.id for t in self.turns)

    @property
    def states(self) -> tuple[State, ...]:
        return tuple(t.after for t in self.turns)

    @property
    def best_blocked(self) -> bool:
        return bool(self.blocked_by)

    @property
    def turning_point(self) -> int | None:
        """Index of the turn that moved trust and energy most (the first, on a tie)."""
        if not self.turns:
            return None
        moves = [abs(t.after.trust - t.before.trust) + abs(t.after.energy - t.before.energy)
                 for t in self.turns]
        return moves.index(max(moves)) if max(moves) else None

    def statement(self, statement_id: str) -> StatementResult:
        return next(r for r in self.statements if r.statement_id == statement_id)


def _clamp(value: int) -> int:
    return max(METER_MIN, min(METER_MAX, value))


def blocking_turns(turns: Sequence[Turn]) -> tuple[Turn, ...]:
    """The turns that put the best ending out of reach: the serious-harm choices."""
    return tuple(t for t in turns if t.choice.serious_harm)


def start(scenario: Scenario) -> Progress:
    """The learner's position before any choice."""
    return Progress(scenario.id, State(scenario.start_trust, scenario.start_energy), (),
                    scenario.first_step.id, None)


def choose(scenario: Scenario, progress: Progress, choice_id: str) -> Progress:
    """Apply one choice at the current step and return the new position.

    Raises ChoiceError if the scenario has already ended or the choice is not offered here.
    """
    if progress.step_id is None:
        raise ChoiceError(f"scenario {scenario.id!r} has already ended "
                          f"(ending {progress.ending.id!r}); no choice {choice_id!r} can be made")
    step = scenario.step(progress.step_id)
    offered = step.offered(progress.flags)
    choice = next((c for c in offered if c.id == choice_id), None)
    if choice is None:
        valid = ", ".join(c.id for c in offered)
        hidden = " (not offered on this path)" if step.choice(choice_id) else ""
        raise ChoiceError(f"scenario {scenario.id!r}, step {step.id!r}: no choice "
                          f"{choice_id!r}{hidden}; expected one of: {valid}")
    before = progress.state
    after = State(_clamp(before.trust + choice.effects.trust),
                  _clamp(before.energy + choice.effects.energy))
    flags = progress.flags | frozenset(choice.sets)
    costs = progress.costs + choice.costs
    turns = progress.turns + (Turn(step.id, choice, before, after, costs,
                                   step.prompt_for(progress.flags)),)
    if choice.next == END:
        blocked = bool(blocking_turns(turns))
        ending = scenario.ending_for(after.trust, after.energy, flags, best_blocked=blocked)
        return Progress(scenario.id, after, turns, None, ending, flags, costs)
    return Progress(scenario.id, after, turns, choice.next, None, flags, costs)


def score(scenario: Scenario, progress: Progress) -> ScoreCard:
    """The score card of a finished path."""
    if not progress.finished:
        raise ChoiceError(f"scenario {scenario.id!r}: the path stops at step "
                          f"{progress.step_id!r} before an ending")
    risked: Counter[str] = Counter()
    repaired: Counter[str] = Counter()
    focus: Counter[str] = Counter()
    strengths: Counter[str] = Counter()
    for turn in progress.turns:
        risked.update(turn.choice.risks)
        repaired.update(turn.choice.repairs)
        if turn.choice.risks:
            focus.update(turn.choice.reflect)
        elif turn.choice.repairs:
            strengths.update(turn.choice.reflect)
    touched = [s for s in STATEMENT_IDS if s in scenario.statements or risked[s] or repaired[s]]
    results = tuple(StatementResult(s, risked[s], repaired[s]) for s in touched)

    def ranked(counter: Counter[str]) -> tuple[str, ...]:
        return tuple(sorted(counter, key=lambda q: (-counter[q], QUESTION_IDS.index(q))))

    return ScoreCard(scenario.id, scenario.version, progress.turns, progress.state,
                     progress.ending, results, ranked(focus), ranked(strengths),
                     progress.costs, blocking_turns(progress.turns), scenario.best_ending,
                     progress.flags)


def score_path(scenario: Scenario, choice_ids: Sequence[str]) -> ScoreCard:
    """Play a whole path of choice ids and return its ScoreCard.

    Raises ChoiceError naming the step if a choice id is not offered there, if the path
    continues after an ending, or if it stops before one.
    """
    if isinstance(choice_ids, str):
        raise ChoiceError("choice_ids must be a sequence of choice ids, not one string")
    progress = start(scenario)
    for choice_id in choice_ids:
        progress = choose(scenario, progress, choice_id)
    return score(scenario, progress)


def all_paths(scenario: Scenario) -> list[tuple[str, ...]]:
    """Every complete path through a scenario, following flags (finite: no loops)."""
    paths: list[tuple[str, ...]] = []

    def walk(step_id: str, flags: frozenset[str], prefix: tuple[str, ...]) -> None:
        for choice in scenario.step(step_id).offered(flags):
            path = prefix + (choice.id,)
            if choice.next == END:
                paths.append(path)
            else:
                walk(choice.next, flags | frozenset(choice.sets), path)

    walk(scenario.first_step.id, frozenset(), ())
    return paths


def steps_left(scenario: Scenario, step_id: str, flags: frozenset[str] = frozenset()
               ) -> tuple[int, bool]:
    """Steps from this one to an ending, this one included: ``(most, all paths equal)``."""
    lengths: set[int] = set()

    def walk(sid: str, flags: frozenset[str], depth: int) -> None:
        for choice in scenario.step(sid).offered(flags):
            if choice.next == END:
                lengths.add(depth)
            else:
                walk(choice.next, flags | frozenset(choice.sets), depth + 1)

    walk(step_id, flags, 1)
    return max(lengths), len(lengths) == 1


def all_scorecards(scenario: Scenario) -> list[ScoreCard]:
    """The score card of every complete path (for lint, benchmarks and facilitators)."""
    cards: list[ScoreCard] = []

    def walk(progress: Progress) -> None:
        step = scenario.step(progress.step_id)
        for choice in step.offered(progress.flags):
            nxt = choose(scenario, progress, choice.id)
            if nxt.finished:
                cards.append(score(scenario, nxt))
            else:
                walk(nxt)

    walk(start(scenario))
    return cards
