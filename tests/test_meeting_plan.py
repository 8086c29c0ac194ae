"""The trauma-informed meeting plan (chapter 4's exercise): SAMHSA's six principles named
exactly, the course's practices covering every principle and phase, a plan parsed with
every problem named by field, its gaps, its Markdown and HTML (learner text escaped),
and the form: make, save, keep what was typed, and the static page's readable version."""

from __future__ import annotations

import copy
import re
from html import escape

import pytest
import yaml

from pe_course.errors import DataError, MeetingPlanError, PECourseError
from pe_course.meeting_plan import (
    MAX_NOTE,
    PHASES,
    gaps,
    load_checklist,
    load_principles,
    parse_meeting_plan,
)
from pe_course.reader import DATA_DIR
from pe_course.render.meeting_plan import (
    checklist_html,
    meeting_plan_html,
    meeting_plan_markdown,
)
from pe_course.widgets import MeetingPlanForm, meeting_plan_form

# Word for word from sources/README.md ("SAMHSA 2014 trauma-informed approach").
SAMHSA = ("safety; trustworthiness and transparency; peer support; collaboration and "
          "mutuality; empowerment, voice and choice; cultural, historical and gender issues")
NAMES = [name[0].upper() + name[1:] for name in SAMHSA.split("; ")]

# What the exercise must let a team plan (the brief for the checklist), by practice id.
REQUIRED_PRACTICES = {
    "ask-about-place": "before", "send-papers-ahead": "before",
    "ways-to-take-part": "before", "ask-needs-privately": "before",
    "more-than-one-partner": "before", "name-a-contact": "before",
    "right-to-pass": "during", "optional-check-in": "during",
    "breaks-and-quiet-space": "during", "no-one-asked-for-their-story": "during",
    "team-shares-too": "during", "debrief": "after", "ask-how-it-went": "after",
    "report-back": "after", "support-after": "after", "peer-networks": "after",
}

FULL = {
    "title": "Advisory group, spring meeting",
    "date": "12 March, 2 to 4 pm",
    "place": "Library room B, and a video link",
    "support_contact": "Sam Lee, coordinator, 555-0100",
    "practices": {
        "ask-about-place": {"planned": True, "note": "Sam asks each partner by phone"},
        "send-papers-ahead": True,
        "right-to-pass": {"planned": True, "note": "Chair says it at the start"},
        "debrief": {"planned": True},
        "more-than-one-partner": {"planned": False, "note": "Only one partner so far"},
    },
}
XSS = ("<script>alert(1)</script>", '"><img src=x onerror=alert(1)>')


def plan_with(**changes):
    raw = copy.deepcopy(FULL)
    raw.update(changes)
    return raw


# ---------------------------------------------------------------------------------------
# The checklist


def test_the_six_principles_are_samhsas_exactly_and_in_order():
    assert len(NAMES) == 6 and NAMES[4] == "Empowerment, voice and choice"
    assert [p.name for p in load_principles()] == NAMES
    assert [p.name for p in load_checklist().principles] == NAMES


def test_each_principle_has_a_plain_meaning_in_the_courses_words():
    for principle in load_principles():
        assert principle.means.endswith(".") and principle.means.count(".") == 1, principle.id
        assert '"' not in principle.means  # a meaning is never dressed up as a quote


def test_every_principle_and_every_phase_has_practices():
    checklist = load_checklist()
    assert 14 <= len(checklist.practices) <= 20
    ids = [p.id for p in checklist.practices]
    assert len(ids) == len(set(ids))
    for principle in checklist.principles:
        assert any(p.principle == principle.id for p in checklist.practices), principle.id
    for phase in PHASES:
        assert len(checklist.in_phase(phase)) >= 3, phase


def test_the_checklist_covers_what_the_exercise_needs():
    by_id = {p.id: p for p in load_checklist().practices}
    for practice_id, phase in REQUIRED_PRACTICES.items():
        assert by_id[practice_id].phase == phase, practice_id
    assert "hospital" in by_id["ask-about-place"].text
    assert "in private" in by_id["ask-about-place"].text
    assert "pass" in by_id["optional-check-in"].text
    for way in ("in person", "video", "writing"):
        assert way in by_id["ways-to-take-part"].text
    # Support is offered and found locally; the team gives no therapy.
    assert "where they live" in by_id["support-after"].text
    assert "does not give therapy" in by_id["support-after"].text


def test_the_shipped_checklist_is_read_once():
    assert load_checklist() is load_checklist()
    again = load_checklist(DATA_DIR / "trauma_informed.yaml")
    assert again == load_checklist() and again is not load_checklist()


def _shipped_raw() -> dict:
    return yaml.safe_load((DATA_DIR / "trauma_informed.yaml").read_text(encoding="utf-8"))


def test_a_malformed_checklist_names_the_file_and_every_field(tmp_path):
    raw = _shipped_raw()
    raw["principles"][1]["name"] = "Trust and transparency"
    raw["principles"][2], raw["principles"][3] = raw["principles"][3], raw["principles"][2]
    raw["practices"][0]["phase"] = "sometime"
    raw["practices"][1]["principle"] = "kindness"
    raw["practices"][2]["id"] = raw["practices"][3]["id"]
    raw["practices"] = [p for p in raw["practices"] if p["principle"] != "cultural"]
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(raw, sort_keys=False), encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_checklist(path)
    text = str(info.value)
    assert text.startswith(str(path))
    for expected in (
        "principles[1].name: 'Trust and transparency' is not SAMHSA's name; expected "
        "'Trustworthiness and transparency'",
        "principles[2].name: 'Collaboration and mutuality' is not SAMHSA's name; expected "
        "'Peer support'",
        "principles[3].name: 'Peer support' is not SAMHSA's name",
        "practices[0].phase: 'sometime' is not a phase; expected one of: before, during, "
        "after",
        "practices[1].principle: 'kindness' is not a principle",
        "practices[3].id: 'more-than-one-partner' is used twice",
        "no practice for the principle 'cultural'",
    ):
        assert expected in text
    assert len(info.value.problems) == 7
    # every problem carries its line in the file
    assert all(p.line for p in info.value.problems)


@pytest.mark.parametrize(("change", "expected"), [
    (lambda r: r["principles"].pop(), "principles: has 5 principles; expected SAMHSA's six"),
    (lambda r: r.update(extra=1), "extra: unknown field"),
    (lambda r: r.update(practices="none"), "practices: expected a non-empty list"),
    (lambda r: r["practices"][0].pop("text"), "practices[0].text: missing"),
    (lambda r: r.update(practices=[p for p in r["practices"] if p["phase"] != "after"]),
     "no practice for the phase 'after'"),
])
def test_each_checklist_rule_is_checked(tmp_path, change, expected):
    raw = _shipped_raw()
    change(raw)
    path = tmp_path / "checklist.yaml"
    path.write_text(yaml.safe_dump(raw, sort_keys=False), encoding="utf-8")
    with pytest.raises(DataError, match=re.escape(expected)):
        load_checklist(path)


def test_a_checklist_file_that_is_not_yaml_is_named(tmp_path):
    path = tmp_path / "checklist.yaml"
    path.write_text("principles: [\n", encoding="utf-8")
    with pytest.raises(DataError, match=re.escape(str(path))):
        load_checklist(path)


# ---------------------------------------------------------------------------------------
# A plan


def test_a_full_plan_parses_with_its_gaps():
    plan = parse_meeting_plan(FULL)
    assert plan.title == FULL["title"] and plan.support_contact.startswith("Sam Lee")
    assert len(plan.items) == len(load_checklist().practices)  # every practice, listed
    assert plan.item("ask-about-place").planned
    assert plan.item("ask-about-place").note == "Sam asks each partner by phone"
    assert plan.item("send-papers-ahead").planned and plan.item("send-papers-ahead").note == ""
    assert not plan.item("more-than-one-partner").planned
    assert not plan.item("ground-rules").planned  # left out: not planned
    found = gaps(plan)
    # planned: safety, trust, empowerment, peer support (debrief); before, during, after
    assert [p.name for p in found.principles] == ["Collaboration and mutuality",
                                                   "Cultural, historical and gender issues"]
    assert found.phases == () and not found.no_contact and found


def test_gaps_name_empty_phases_and_a_missing_contact():
    plan = parse_meeting_plan({"title": "First meeting", "practices": {"debrief": True}})
    found = gaps(plan)
    assert found.phases == ("before", "during") and found.no_contact
    assert [p.id for p in found.principles] == ["safety", "trust", "collaboration",
                                                "empowerment", "cultural"]
    everything = {p.id: True for p in load_checklist().practices}
    complete = gaps(parse_meeting_plan(plan_with(practices=everything)))
    assert not complete and complete.principles == () and complete.phases == ()


def test_the_markdown_is_a_checklist_with_notes_and_gaps():
    text = meeting_plan_markdown(parse_meeting_plan(FULL))
    assert text.startswith("# Meeting plan: Advisory group, spring meeting\n")
    assert "- **Date and time:** 12 March, 2 to 4 pm" in text
    assert "- **Who to call if someone needs support:** Sam Lee" in text
    before, during, after = (text.index(f"## {p} the meeting") for p in
                             ("Before", "During", "After"))
    assert before < during < after < text.index("## Not yet planned")
    assert re.search(r"^- \[x\] \*\*Safety:\*\* Choose the place", text, re.MULTILINE)
    assert re.search(r"^- \[ \] \*\*Peer support:\*\* Invite more than one", text, re.MULTILINE)
    assert "  - Who / how: Sam asks each partner by phone" in text
    assert "  - Who / how: Only one partner so far" in text  # a note on an unticked item
    assert text.count("- [x]") == 4
    assert text.count("- [ ]") == len(load_checklist().practices) - 4
    gaps_part = text[text.index("## Not yet planned"):]
    assert "- Collaboration and mutuality: no practice planned yet." in gaps_part
    assert "- Cultural, historical and gender issues: no practice planned yet." in gaps_part
    assert "SAMHSA's (2014)" in gaps_part and "course's suggestions" in gaps_part


def test_the_markdown_says_when_nothing_is_missing_and_keeps_learner_text_on_one_line():
    everything = {p.id: True for p in load_checklist().practices}
    text = meeting_plan_markdown(parse_meeting_plan(plan_with(
        practices={**everything, "debrief": {"planned": True, "note": "Sam\n## not a heading"}})))
    assert "Every principle and every part of the meeting has something planned." in text
    assert "\n## not a heading" not in text and "Who / how: Sam ## not a heading" in text


def test_bad_answers_are_all_named_by_field_at_once():
    raw = {"date": 12, "place": "Room 4", "extra": "x", "practices": {
        "debrif": True,
        "debrief": {"planned": "yes", "note": 42},
        "ground-rules": {"planned": True, "note": "x" * (MAX_NOTE + 1)},
        "right-to-pass": "maybe",
    }}
    with pytest.raises(MeetingPlanError) as info:
        parse_meeting_plan(raw, "plan.yaml")
    text = str(info.value)
    assert text.startswith("plan.yaml: 8 problems")
    for expected in (
        "title: missing; expected some text",
        "date: expected text, got the number 12",
        "extra: unknown field",
        "practices.debrif: unknown practice id; did you mean 'debrief'?",
        "practices.debrief.planned: expected true or false, got text 'yes'",
        "practices.debrief.note: expected text, got the number 42",
        f"practices.ground-rules.note: is {MAX_NOTE + 1} characters long; keep it to "
        f"{MAX_NOTE} or fewer",
        "practices.right-to-pass: expected true/false or a mapping with planned and note",
    ):
        assert expected in text
    assert [p.where for p in info.value.problems][:3] == ["extra", "title", "date"]


@pytest.mark.parametrize(("raw", "expected"), [
    (["a list"], "your meeting plan: 1 problem\n  - expected a meeting plan"),
    ({"title": "   "}, "title: missing; expected some text"),
    ({"title": "T", "practices": ["debrief"]}, "practices: expected practice ids, got a list"),
    ({"title": "T", "practices": {"debrief": {"planned": True, "who": "Sam"}}},
     "practices.debrief.who: unknown field"),
    ({"title": "T" * 201}, "title: is 201 characters long; keep it to 200 or fewer"),
])
def test_each_rule_for_a_plan_is_checked(raw, expected):
    with pytest.raises(MeetingPlanError, match=re.escape(expected)):
        parse_meeting_plan(raw)


def test_a_note_of_exactly_the_limit_is_fine():
    raw = plan_with(practices={"debrief": {"planned": True, "note": "x" * MAX_NOTE}})
    assert parse_meeting_plan(raw).item("debrief").note == "x" * MAX_NOTE


def test_a_plan_file_with_lines_names_them(tmp_path):
    from pe_course.reader import read_data

    path = tmp_path / "plan.yaml"
    path.write_text("title: Spring meeting\npractices:\n  debrief:\n    note: 3\n")
    with pytest.raises(MeetingPlanError) as info:
        parse_meeting_plan(read_data(path), str(path))
    assert "line 4, practices.debrief.note: expected text, got the number 3" in str(info.value)


# ---------------------------------------------------------------------------------------
# HTML


@pytest.mark.parametrize("evil", XSS)
def test_everything_the_learner_typed_is_escaped_in_html(evil):
    raw = plan_with(title=evil, date=evil, place=evil, support_contact=evil,
                    practices={"debrief": {"planned": True, "note": evil}})
    html = meeting_plan_html(parse_meeting_plan(raw))
    assert evil not in html
    assert "<script" not in html and "<img" not in html
    assert html.count(escape(evil)) == 5


def test_the_plan_html_marks_planned_and_not_yet_in_words():
    html = meeting_plan_html(parse_meeting_plan(FULL))
    assert html.count("</span> Planned:") == 4
    assert html.count("</span> Not yet:") == len(load_checklist().practices) - 4
    assert "Who / how: Chair says it at the start" in html
    assert "Not yet planned" in html
    assert "Cultural, historical and gender issues: no practice" in html


def test_the_blank_checklist_is_readable_html():
    html = checklist_html()
    checklist = load_checklist()
    assert re.findall(r"<h3>([^<]+)</h3>", html) == [escape(n) for n in NAMES]
    for principle in checklist.principles:
        assert escape(principle.means) in html
    for practice in checklist.practices:
        assert escape(practice.text) in html
    for phase in ("Before", "During", "After"):
        assert f"<strong>{phase} the meeting:</strong>" in html
    assert "not SAMHSA&#x27;s words" in html
    assert "<h5>" in checklist_html(heading_level=5)


# ---------------------------------------------------------------------------------------
# The form


def fill(form: MeetingPlanForm) -> None:
    form.fields["title"].value = "Advisory group, spring meeting"
    form.fields["place"].value = "Library room B"
    form.fields["support_contact"].value = "Sam Lee, 555-0100"
    form.planned["ask-about-place"].value = True
    form.notes["ask-about-place"].value = "Sam, by phone"
    form.planned["debrief"].value = True


def test_the_form_makes_the_plan_and_shows_the_gaps():
    form = meeting_plan_form()
    fill(form)
    form.make_button.click()
    results = form.results.value
    assert form.message.value == "" and form.plan is not None
    assert "Meeting plan: Advisory group, spring meeting" in results
    assert "Who / how: Sam, by phone" in results
    assert "Not yet planned" in results and "During the meeting: nothing planned yet." in results
    assert "Trustworthiness and transparency: no practice planned yet." in results
    assert 'download="meeting-plan.md"' in results
    assert form.plan == parse_meeting_plan(form.form_data())


def test_every_control_is_labelled_and_names_its_principle():
    form = meeting_plan_form()
    checklist = load_checklist()
    assert len(form.planned) == len(form.notes) == len(checklist.practices)
    controls = [*form.fields.values(), *form.planned.values(), *form.notes.values()]
    assert all(c.description.strip() for c in controls)
    names = {p.id: checklist.principle(p.principle).name for p in checklist.practices}
    for practice_id, box in form.planned.items():
        number = box.description.split(".")[0]
        assert f"{names[practice_id]}: " in box.description
        assert form.notes[practice_id].description == f"Who / how ({number})"
    assert form.make_button.description == "Make my plan"


def test_problems_show_in_the_form_and_nothing_is_lost():
    form = meeting_plan_form()
    fill(form)
    form.fields["title"].value = ""
    form.notes["debrief"].value = "x" * (MAX_NOTE + 1)
    assert form.make() is None
    message = form.message.value
    assert 'role="alert"' in message and "2 answers need fixing" in message
    assert "<strong>Meeting title</strong>" in message
    assert f"<strong>{form.notes['debrief'].description}</strong>" in message
    assert form.results.value == ""
    assert form.notes["debrief"].value == "x" * (MAX_NOTE + 1)
    assert form.planned["ask-about-place"].value and form.fields["place"].value
    form.fields["title"].value = "Spring"
    form.notes["debrief"].value = "Ana"
    assert form.make() is not None and form.message.value == ""


def test_saving_writes_the_markdown(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    form = meeting_plan_form()
    assert form.filename.value == "meeting-plan.md"
    fill(form)
    form.save_button.click()
    saved = tmp_path / "meeting-plan.md"
    assert saved.read_text(encoding="utf-8") == meeting_plan_markdown(form.plan)
    assert "- [x] **Safety:** Choose the place" in saved.read_text(encoding="utf-8")
    assert "Saved the plan to" in form.save_status.value


def test_a_bad_save_shows_a_message_and_keeps_the_answers(tmp_path):
    form = meeting_plan_form()
    fill(form)
    typed = form.form_data()
    form.filename.value = str(tmp_path / "missing" / "plan.md")
    assert form.save() is None
    assert "does not exist" in form.save_status.value and 'role="alert"' in form.save_status.value
    assert form.form_data() == typed
    form.fields["title"].value = ""
    form.filename.value = str(tmp_path / "plan.md")
    assert form.save() is None and not (tmp_path / "plan.md").exists()
    assert "not saved" in form.save_status.value and "Meeting title" in form.message.value


def test_in_the_browser_saving_offers_a_download(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    form = meeting_plan_form()
    fill(form)
    form.in_browser = True
    assert form.save() is None and list(tmp_path.iterdir()) == []
    assert 'download="meeting-plan.md"' in form.save_status.value


def test_the_form_can_be_filled_from_plan_data():
    form = meeting_plan_form(FULL)
    assert form.fields["date"].value == FULL["date"]
    assert form.planned["send-papers-ahead"].value is True
    assert form.notes["right-to-pass"].value == "Chair says it at the start"
    assert parse_meeting_plan(form.form_data()) == parse_meeting_plan(FULL)


def test_the_static_page_has_the_readable_checklist():
    bundle = meeting_plan_form()._repr_mimebundle_()
    html = bundle["text/html"]
    assert 'class="pe-tool-static' in html
    for name in NAMES:
        assert f"<h4>{escape(name)}</h4>" in html
    assert "Make my plan" in html and "Markdown" in html
    assert bundle["text/plain"] == "Trauma-informed meeting plan (interactive form)"


def test_a_broken_core_becomes_a_message_not_a_traceback(monkeypatch):
    import pe_course.widgets.meeting_form as meeting_form

    form = meeting_plan_form()
    fill(form)

    def broken(*_args, **_kwargs):
        raise PECourseError("the checklist could not be read")

    monkeypatch.setattr(meeting_form, "parse_meeting_plan", broken)
    assert form.make() is None
    assert "the checklist could not be read" in form.message.value
