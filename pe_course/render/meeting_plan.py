"""A trauma-informed meeting plan as Markdown and HTML, and the blank checklist as HTML.

The plan reads in the order a team uses it: the meeting's facts, then what the team will
do before, during and after it (ticked or not, each with its principle and who / how),
then what has nothing planned yet. Every format says where the words come from: the six
principle names are SAMHSA's; the meanings and practices are the course's own. Everything
a learner typed is escaped before it goes into HTML.
"""

from __future__ import annotations

from html import escape

from pe_course.meeting_plan import (
    PHASE_TITLES,
    PHASES,
    Checklist,
    Gaps,
    MeetingPlan,
    PlanItem,
    gaps,
    load_checklist,
)

CONTACT_LABEL = "Who to call if someone needs support"
NOT_SET = "not set yet"
SOURCE_NOTE = ("The six principle names are SAMHSA's (2014). The practices are the "
               "course's suggestions, drawn from what patient partners have said: change "
               "them to suit your team and your partners.")
CHECKLIST_NOTE = ("The six principle names are SAMHSA's (2014). What each one means here, "
                  "and the practices, are the course's own words and suggestions, drawn "
                  "from the patient partners' commentary and the PxP discussion. They are "
                  "not SAMHSA's words.")


def _facts(plan: MeetingPlan) -> list[tuple[str, str]]:
    """The meeting's facts as (label, text), "not set yet" for what is blank."""
    return [("Date and time", plan.date or NOT_SET), ("Place", plan.place or NOT_SET),
            (CONTACT_LABEL, plan.support_contact or "no one named yet")]


def _by_phase(plan: MeetingPlan, phase: str) -> list[PlanItem]:
    """The plan's items of one phase, in the principles' order."""
    return [plan.item(p.id) for p in plan.checklist.in_phase(phase)]


def gap_lines(found: Gaps) -> list[str]:
    """Each gap as a short plain sentence (empty when everything has something planned)."""
    lines = [f"{p.name}: no practice planned yet." for p in found.principles]
    lines += [f"{PHASE_TITLES[phase]}: nothing planned yet." for phase in found.phases]
    if found.no_contact:
        lines.append("No one is named yet for people to call if they need support.")
    return lines


def _one_line(text: str) -> str:
    """Learner text on one line, so it cannot break the Markdown list it sits in."""
    return " ".join(text.split())


def meeting_plan_markdown(plan: MeetingPlan) -> str:
    """The plan as a Markdown document with a checklist (``- [x]`` / ``- [ ]``)."""
    out = [f"# Meeting plan: {_one_line(plan.title)}", ""]
    out += [f"- **{label}:** {_one_line(text)}" for label, text in _facts(plan)]
    for phase in PHASES:
        out += ["", f"## {PHASE_TITLES[phase]}", ""]
        for item in _by_phase(plan, phase):
            principle = plan.checklist.principle(item.practice.principle).name
            out.append(f"- [{'x' if item.planned else ' '}] **{principle}:** "
                       f"{item.practice.text}")
            if item.note:
                out.append(f"  - Who / how: {_one_line(item.note)}")
    missing = gap_lines(gaps(plan))
    out += ["", "## Not yet planned", ""]
    out += [f"- {line}" for line in missing] or [
        "Every principle and every part of the meeting has something planned."]
    out += ["", "---", "", SOURCE_NOTE, "", "Made with the pe-course meeting plan."]
    return "\n".join(out) + "\n"


def _item_html(item: PlanItem, checklist: Checklist) -> str:
    # The box is only a picture; a screen reader hears "Planned" or "Not yet".
    mark = (('<span aria-hidden="true">&#9745;</span> Planned', "pe-planned")
            if item.planned else
            ('<span aria-hidden="true">&#9744;</span> Not yet', "pe-not-planned"))
    principle = checklist.principle(item.practice.principle).name
    note = (f'<br><span class="pe-note">Who / how: {escape(item.note)}</span>'
            if item.note else "")
    return (f'<li class="{mark[1]}"><span class="pe-mark">{mark[0]}:</span> '
            f"<strong>{escape(principle)}:</strong> {escape(item.practice.text)}{note}</li>")


def meeting_plan_html(plan: MeetingPlan, *, heading_level: int = 4) -> str:
    """The plan as HTML (the form's result): the same facts as the Markdown."""
    h = max(2, min(5, heading_level))
    facts = "".join(f"<li><strong>{escape(label)}:</strong> {escape(text)}</li>"
                    for label, text in _facts(plan))
    phases = "".join(
        f"<h{h + 1}>{PHASE_TITLES[phase]}</h{h + 1}><ul class=\"pe-checklist\">"
        + "".join(_item_html(item, plan.checklist) for item in _by_phase(plan, phase))
        + "</ul>" for phase in PHASES)
    missing = gap_lines(gaps(plan))
    gaps_html = ("<ul>" + "".join(f"<li>{escape(line)}</li>" for line in missing) + "</ul>"
                 if missing else "<p>Every principle and every part of the meeting has "
                                 "something planned.</p>")
    return (f'<div class="pe-meeting-plan"><h{h}>Meeting plan: {escape(plan.title)}</h{h}>'
            f'<ul class="pe-meeting-facts">{facts}</ul>{phases}'
            f'<h{h + 1}>Not yet planned</h{h + 1}><div class="pe-gaps">{gaps_html}</div>'
            f'<p class="pe-source-note">{escape(SOURCE_NOTE)}</p></div>')


def checklist_html(checklist: Checklist | None = None, *, heading_level: int = 3) -> str:
    """The blank checklist, readable: each principle, what it means (in the course's
    words) and its practices, marked before, during or after the meeting."""
    checklist = checklist or load_checklist()
    h = max(2, min(6, heading_level))
    parts = [f'<div class="pe-meeting-checklist"><p class="pe-source-note">'
             f"{escape(CHECKLIST_NOTE)}</p>"]
    for principle in checklist.principles:
        practices = [p for phase in PHASES for p in checklist.in_phase(phase)
                     if p.principle == principle.id]
        items = "".join(f"<li><strong>{PHASE_TITLES[p.phase]}:</strong> "
                        f"{escape(p.text)}</li>" for p in practices)
        parts.append(f"<h{h}>{escape(principle.name)}</h{h}><p><em>What it means here:</em> "
                     f"{escape(principle.means)}</p><ul>{items}</ul>")
    return "".join(parts) + "</div>"


__all__ = ["CHECKLIST_NOTE", "SOURCE_NOTE", "checklist_html", "gap_lines",
           "meeting_plan_html", "meeting_plan_markdown"]
