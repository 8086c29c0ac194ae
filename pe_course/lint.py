"""Authoring checks for scenarios: does each step pose a real dilemma, and is harm honest?

``parse_scenario`` checks that a file is well formed; ``lint_scenario`` checks what
``book/authoring.md`` asks of a scenario that teaches, by enumerating every path:

- ``pressure``: every step names its competing pressure (shown to facilitators);
- ``kind``: every choice says how it stands (strongest, defensible, harmful, caricature),
  and every step has exactly one strongest choice;
- ``dilemma``: every step has at least two choices that are not caricatures, and a
  scenario has at most one caricature;
- ``give-away``: the strongest choice is not in the same position (first, second, …) in
  more than half the steps, nor the longest label in more than half; in every step the
  longest label is at most 1.6 times as long as the shortest;
- ``reach``: every step and every ending is reached by some path;
- ``best-ending``: no path with serious harm, or with two or more of the steps' most
  harmful choices, reaches the best ending;
- ``energy``: the partner's energy decides at least one ending that some path reaches;
- ``branching``: at least one step's choices lead to different next steps.

In a scenario played as the patient partner (``perspective: partner``) the partner's
choices are not ranked (kind ``option``, no serious harm: that is checked when the file is
read), so there is no strongest choice to find (nor its position or length), and no best
ending for a partner's choice to block; the other checks apply as they are.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from pe_course.errors import ScenarioError
from pe_course.reader import read_data
from pe_course.scenario_file import parse_scenario
from pe_course.scenario_model import HARMFUL_BLOCK, Scenario
from pe_course.scoring import all_scorecards

LABEL_RATIO = 1.6  # longest label / shortest label, within one step


@dataclass(frozen=True)
class Finding:
    """One authoring check that failed: which check, where, and what to change."""

    check: str
    where: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        place = ", ".join(p for p in (f"line {self.line}" if self.line else "", self.where)
                          if p)
        return f"[{self.check}] {place}: {self.message}" if place else \
            f"[{self.check}] {self.message}"


def lint_scenario(scenario: Scenario) -> list[Finding]:
    """Every authoring problem of a valid scenario, in a stable order."""
    findings: list[Finding] = []
    findings += _choice_checks(scenario)
    findings += _give_away(scenario)
    findings += _path_checks(scenario)

    return findings


def lint_file(path: str | Path) -> tuple[Scenario | None, list[Finding]]:
    """Read, validate and lint one file. A file that cannot be read raises ScenarioError;
    a file with format problems gives one ``format`` finding per problem."""
    raw = read_data(path, ScenarioError)
    try:
        scenario = parse_scenario(raw, str(path))
    except ScenarioError as exc:
        return None, [Finding("format", p.where, p.message, p.line) for p in exc.problems]
    return scenario, lint_scenario(scenario)


def _choice_checks(scenario: Scenario) -> list[Finding]:
    out: list[Finding] = []
    caricatures = []
    for step in scenario.steps:
        where = f"step '{step.id}'"
        if not step.pressure:
            out.append(Finding("pressure", where, "no 'pressure': name the competing pressure "
                                                  "(a deadline, a budget, a senior colleague) "
                                                  "that makes the weaker choices tempting"))
        for choice in step.choices:
            if choice.kind is None:
                out.append(Finding("kind", f"{where} > choice '{choice.id}'",
                                   "no 'kind': write 'option' (a partner's choices are not "
                                   "ranked)" if scenario.as_partner else
                                   "no 'kind': say whether it is the strongest, defensible, "
                                   "harmful or a caricature"))
        strongest = [c.id for c in step.choices if c.kind == "strongest"]
        if len(strongest) != 1 and not scenario.as_partner:
            out.append(Finding("kind", where, f"has {len(strongest)} choices of kind "
                                              "'strongest'; expected exactly one"))
        real = [c for c in step.choices if c.kind != "caricature"]
        if len(real) < 2:
            out.append(Finding("dilemma", where, "has fewer than two choices a reasonable "
                                                 "person would pick: it is a quiz, not a "
                                                 "dilemma"))
        caricatures += [f"{step.id} > {c.id}" for c in step.choices if c.kind == "caricature"]
    if len(caricatures) > 1:
        out.append(Finding("dilemma", "scenario", f"has {len(caricatures)} caricatures "
                                                  f"({', '.join(caricatures)}); at most one"))
    return out


def _give_away(scenario: Scenario) -> list[Finding]:
    out: list[Finding] = []
    positions: Counter[int] = Counter()
    longest_is_strongest = []
    for step in scenario.steps:
        where = f"step '{step.id}'"
        lengths = [len(c.label) for c in step.choices]
        if min(lengths) and max(lengths) > LABEL_RATIO * min(lengths):
            out.append(Finding("give-away", where, f"its longest label is "
                                                   f"{max(lengths) / min(lengths):.1f} times "
                                                   f"its shortest ({max(lengths)} and "
                                                   f"{min(lengths)} characters); at most "
                                                   f"{LABEL_RATIO}"))
        for index, choice in enumerate(step.choices):
            if choice.kind == "strongest":
                positions[index] += 1
                if len(choice.label) == max(lengths):
                    longest_is_strongest.append(step.id)
    half = len(scenario.steps) / 2
    for index, count in sorted(positions.items()):
        if count > half:
            out.append(Finding("give-away", "scenario",
                               f"the strongest choice is choice {'ABCD'[index]} in {count} "
                               f"of {len(scenario.steps)} steps; vary its position (at most "
                               "half the steps)"))
    if len(longest_is_strongest) > half:
        out.append(Finding("give-away", "scenario",
                           f"the strongest choice has the longest label in "
                           f"{len(longest_is_strongest)} of {len(scenario.steps)} steps "
                           f"({', '.join(longest_is_strongest)}); at most half"))
    return out


def _path_checks(scenario: Scenario) -> list[Finding]:
    out: list[Finding] = []
    cards = all_scorecards(scenario)
    steps_seen = {t.step_id for card in cards for t in card.turns}
    endings_seen = Counter(card.ending.id for card in cards)
    for step in scenario.steps:
        if step.id not in steps_seen:
            out.append(Finding("reach", f"step '{step.id}'", "no path reaches this step"))
    for ending in scenario.endings:
        if not endings_seen[ending.id]:
            out.append(Finding("reach", f"ending '{ending.id}'", "no path reaches this ending"))
    best = scenario.best_ending.id
    for card in cards:
        if card.ending.id != best:
            continue
        serious = [t for t in card.turns if t.choice.serious_harm]
        harmful = [t for t in card.turns if t.choice.kind == "harmful"]
        if serious or len(harmful) >= HARMFUL_BLOCK:
            bad = ", ".join(dict.fromkeys(t.choice.id for t in serious + harmful))
            out.append(Finding("best-ending", f"ending '{best}'",
                               f"the path {' > '.join(card.path)} reaches the best ending "
                               f"despite {bad}"))
            break
    energy_endings = [e.id for e in scenario.endings
                      if any(m == "energy" for m, _, _ in e.conditions())]
    if not any(endings_seen[e] for e in energy_endings):
        out.append(Finding("energy", "endings", "no ending that some path reaches depends on "
                                                "the partner's energy; add one (for example: "
                                                "she trusts the team but cannot keep up)"))
    if not any(len({c.next for c in step.choices}) > 1 for step in scenario.steps):
        out.append(Finding("branching", "steps", "every choice of every step leads to the same "
                                                 "next step; let at least one choice change "
                                                 "where the story goes"))
    return out
