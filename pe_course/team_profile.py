"""The team profile: the spread of a team's self-assessment scores on each problem
statement, and the patient partners' view beside everyone else's.

The team's statement score is the median over people, with the minimum and maximum to
show the spread. When the answers say each person's role, the partners' median and mean
are shown beside everyone else's, so a majority of staff cannot outvote the partners'
view. No group of fewer than ``MIN_GROUP`` people is shown: its answers would no longer
be anonymous. (The arithmetic of one person's scores is ``pe_course.assessment``.)
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from pe_course.assessment import (
    PARTNER,
    Item,
    TeamAnswers,
    load_items,
    lowest_statement,
    respondent_scores,
)
from pe_course.errors import AssessmentError, Problem
from pe_course.statements import STATEMENT_IDS

MIN_GROUP = 3  # a smaller group's scores could be traced back to people


@dataclass(frozen=True)
class StatementSummary:
    """The team's spread of scores on one problem statement."""

    statement: str
    median: float
    min: float
    max: float
    respondents: int


@dataclass(frozen=True)
class GroupView:
    """One group's scores (the patient partners, or everyone else): median and mean per
    statement, or nothing (``shown`` false) when fewer than ``MIN_GROUP`` people answered."""

    name: str  # "patient partners" or "everyone else"
    shown: bool
    respondents: int | None  # None when not shown: a small count is itself a clue
    medians_means: tuple[tuple[str, float, float], ...] = ()  # (statement, median, mean)

    def medians(self) -> dict[str, float]:
        return {sid: median for sid, median, _mean in self.medians_means}

    def means(self) -> dict[str, float]:
        return {sid: mean for sid, _median, mean in self.medians_means}


@dataclass(frozen=True)
class TeamProfile:
    """The team's spread of scores on every problem statement; with roles, the partners'
    view and everyone else's."""

    respondents: int
    statements: tuple[StatementSummary, ...]  # in course order
    partners: GroupView | None = None  # None when the answers say no one's role
    others: GroupView | None = None

    def medians(self) -> dict[str, float]:
        """Statement id -> the team's median score."""
        return {s.statement: s.median for s in self.statements}

    def lowest(self) -> str:
        """The statement with the lowest median: the chapter to read first."""
        return lowest_statement(self.medians())


def _group(name: str, people: list[dict[str, float]]) -> GroupView:
    if len(people) < MIN_GROUP:
        return GroupView(name, False, None)
    rows = tuple((sid, float(statistics.median(scores)), statistics.fmean(scores))
                 for sid in STATEMENT_IDS
                 if (scores := [person[sid] for person in people if sid in person]))
    return GroupView(name, True, len(people), rows)


def team_profile(answers: TeamAnswers, items: Sequence[Item] | None = None) -> TeamProfile:
    """Median, minimum and maximum of people's statement scores, per statement; and, when
    roles are given, the partners' and everyone else's median and mean. Fewer than
    ``MIN_GROUP`` people in all is an ``AssessmentError``: a profile of one or two people
    would show their own answers to the group; a statement fewer than ``MIN_GROUP``
    people answered is left out for the same reason."""
    count = len(answers.respondents)
    if count < MIN_GROUP:
        raise AssessmentError(answers.source, [Problem("respondent", (
            f"{count} {'person' if count == 1 else 'people'} answered; a team profile needs "
            f"the answers of at least {MIN_GROUP} people, so that no one's answers can be "
            "traced back to them. Add more people's answers, or look at your own profile "
            "instead."))])
    items = load_items() if items is None else items
    by_person: dict[str, dict[str, int]] = {}
    for a in answers.answers:
        by_person.setdefault(a.respondent, {})[a.item] = a.answer
    people = {who: respondent_scores(given, items) for who, given in by_person.items()}
    summaries = []
    for sid in STATEMENT_IDS:
        scores = [person[sid] for person in people.values() if sid in person]
        if len(scores) >= MIN_GROUP:
            summaries.append(StatementSummary(sid, float(statistics.median(scores)),
                                              min(scores), max(scores), len(scores)))
    roles = answers.roles
    partners = others = None
    if roles:
        partners = _group("patient partners",
                          [s for who, s in people.items() if roles.get(who) == PARTNER])
        others = _group("everyone else",
                        [s for who, s in people.items() if roles.get(who) != PARTNER])
    return TeamProfile(len(answers.respondents), tuple(summaries), partners, others)


__all__ = ["MIN_GROUP", "GroupView", "StatementSummary", "TeamProfile", "team_profile"]
