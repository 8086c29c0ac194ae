"""A first draft of the team action plan, from what the team already knows: the plan
check-up's findings (``pe_course.audit``) and the self-assessment's weakest areas (the
team profile, ``pe_course.assessment``).

A drafted line says where it came from, in plain words (the check-up's own sentences and
the profile's scores, never a rule's id), so the team can judge it. It fills in what to
start doing; what to stop and keep doing, the owner, the date and how partners will be
involved in checking it are the team's to decide with its partners.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pe_course.action_plan import ActionLine, ActionPlan, blank_plan
from pe_course.statements import STATEMENT_IDS, get_statement

if TYPE_CHECKING:  # pragma: no cover
    from pe_course.audit import Report
    from pe_course.team_profile import TeamProfile

WEAK_SCORE = 50  # a team median below this is a weak area, whatever the others are
PARTNERS_GAP = 10  # partners' median this far below everyone else's is worth saying


def weakest_areas(profile: TeamProfile) -> tuple[str, ...]:
    """The statements with the team's lowest median, and any with a median under
    ``WEAK_SCORE``, in course order."""
    medians = profile.medians()
    if not medians:
        return ()
    lowest = min(medians.values())
    return tuple(sid for sid in STATEMENT_IDS if sid in medians
                 and (medians[sid] == lowest or medians[sid] < WEAK_SCORE))


def _from_check_up(report: Report, sid: str) -> tuple[list[str], str]:
    """(what to start doing, where it came from) for one statement's findings."""
    found = [f for f in report.findings if f.statement == sid]
    if not found:
        return [], (f"The plan check-up of {report.project} found nothing on this problem "
                    "statement: say what the team will keep doing.")
    noun = "thing" if len(found) == 1 else "things"
    return ([f"- {f.suggestion}" for f in found],
            f"The plan check-up of {report.project} found {len(found)} {noun} here: "
            + " ".join(f"({n}) {f.message}" for n, f in enumerate(found, 1)))


def _from_profile(profile: TeamProfile, sid: str) -> str:
    """Where a weak area came from: the team's score, and the partners' if it is lower."""
    summary = next(s for s in profile.statements if s.statement == sid)
    text = (f"The self-assessment: one of the team's weakest areas (the team's median "
            f"score is {summary.median:.0f} of 100, from {summary.respondents} people).")
    partners, others = profile.partners, profile.others
    if partners is not None and others is not None and partners.shown and others.shown:
        p, o = partners.medians()[sid], others.medians()[sid]
        if o - p >= PARTNERS_GAP:
            text += (f" The patient partners scored it lower than everyone else ({p:.0f} "
                     f"against {o:.0f}): start from what they see.")
    return text


def draft_action_plan(report: Report | None = None,
                      profile: TeamProfile | None = None) -> ActionPlan:
    """A draft plan: each check-up finding's suggestion as something to start doing, the
    self-assessment's weakest areas marked, and each line saying where it came from."""
    plan = blank_plan()
    weak = weakest_areas(profile) if profile is not None else ()
    for sid in STATEMENT_IDS:
        start: list[str] = []
        sources: list[str] = []
        if report is not None:
            suggestions, source = _from_check_up(report, sid)
            start += suggestions
            sources.append(source)
        if sid in weak:
            sources.append(_from_profile(profile, sid))
            if not start:
                start.append(f"- Read the chapter on {get_statement(sid).title.lower()} "
                             "together, and choose one thing to change first.")
        plan = plan.with_line(ActionLine(sid, start="\n".join(start),
                                         drafted_from="\n".join(sources)))
    return plan


__all__ = ["PARTNERS_GAP", "WEAK_SCORE", "draft_action_plan", "weakest_areas"]
