"""Roles in the self-assessment: an optional role column (older files still load), an
unknown or changing role named by file and line with the valid roles, and the team
profile showing the patient partners' view beside everyone else's, never a group of
fewer than three people."""

from __future__ import annotations

import json
import re

import pytest

from pe_course.action_draft import draft_action_plan
from pe_course.assessment import (
    PARTNER,
    ROLES,
    AssessmentError,
    answers_csv,
    example_answers_text,
    parse_answers,
    team_profile,
)
from pe_course.cli import EXIT_INVALID, EXIT_OK, main
from pe_course.render import profile as render
from pe_course.statements import STATEMENT_IDS

from .test_assessment import ITEMS, person_at


def team_csv(people: dict[str, tuple[str | None, float]]) -> str:
    """A team file: each person's role and the item score they give everywhere."""
    rows = ["respondent,item,answer,role"]
    for who, (role, level) in people.items():
        answers = person_at(dict.fromkeys(STATEMENT_IDS, level))
        rows += [f"{who},{item},{value},{role or ''}" for item, value in answers.items()]
    return "\n".join(rows) + "\n"


# Three partners who see things as worse (25) than five staff (75): the staff outnumber
# them, so the team's median hides the partners' view.
MIXED = {**{f"p{n}": ("patient partner", 25) for n in range(3)},
         **{f"s{n}": (role, 75) for n, role in enumerate(
             ("researcher", "clinician", "staff", "other", "researcher"))}}


def test_old_files_without_a_role_column_still_load():
    answers = parse_answers(example_answers_text())
    assert answers.roles == {}
    profile = team_profile(answers)
    assert profile.partners is None and profile.others is None
    assert "everyone else" not in render.profile_markdown(profile)


def test_roles_are_read_in_any_case_and_kept_per_person():
    text = team_csv(MIXED).replace(",patient partner\n", ",Patient_Partner\n", 1)
    answers = parse_answers(text)
    assert answers.roles["p0"] == PARTNER and answers.roles["s1"] == "clinician"
    assert set(answers.roles.values()) == set(ROLES)


def test_a_role_given_on_one_row_is_the_persons_role():
    rows = team_csv({"r1": ("staff", 50)}).splitlines()
    rows[2:] = [row.removesuffix("staff") for row in rows[2:]]  # given once, on line 2
    answers = parse_answers("\n".join(rows) + "\n")
    assert answers.roles == {"r1": "staff"}
    assert all(a.role == "staff" for a in answers.answers)


def test_an_unknown_role_names_the_file_the_line_and_the_valid_roles():
    text = team_csv(MIXED).replace(",researcher\n", ",nurse\n", 1)
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.endswith(",nurse"))
    with pytest.raises(AssessmentError) as info:
        parse_answers(text, "team.csv")
    message = str(info.value)
    assert message.startswith("team.csv: 1 problem")
    assert (f"line {line}: role: unknown role 'nurse'; expected one of: patient partner, "
            "researcher, clinician, staff, other (or leave it empty)") in message


def test_a_person_with_two_roles_is_named():
    rows = team_csv({"r1": ("staff", 50)}).splitlines()
    rows[4] = rows[4].replace("staff", "clinician")
    with pytest.raises(AssessmentError) as info:
        parse_answers("\n".join(rows) + "\n", "team.csv")
    assert ("line 5: role: 'clinician' for respondent 'r1', who is 'staff' on line 2; "
            "expected one role per person") in str(info.value)


def test_the_partners_view_is_shown_beside_everyone_elses():
    profile = team_profile(parse_answers(team_csv(MIXED)))
    assert profile.medians() == dict.fromkeys(STATEMENT_IDS, 75.0)  # the majority's view
    assert profile.partners.shown and profile.partners.respondents == 3
    assert profile.partners.medians() == dict.fromkeys(STATEMENT_IDS, 25.0)
    assert profile.others.means() == dict.fromkeys(STATEMENT_IDS, 75.0)
    md = render.profile_markdown(profile)
    assert "## Patient partners beside everyone else" in md
    assert "| Patient partners as a check mark | 75.0 | 25.0 (mean 25.0) | 75.0 (mean 75.0) |" \
        in md
    data = json.loads(render.profile_json(profile))
    assert data["patient_partners"]["statements"]["check_mark"] == {"median": 25.0,
                                                                    "mean": 25.0}
    assert "partners 25.0 (mean 25.0)" in render.profile_text(profile)
    html = render.profile_html(profile)
    assert "<th scope=\"col\">Patient partners</th>" in html and "25.0 (mean 25.0)" in html


@pytest.mark.parametrize("partners", [1, 2])
def test_fewer_than_three_partners_are_not_shown(partners):
    people = {**{f"p{n}": ("patient partner", 0) for n in range(partners)},
              **{f"s{n}": ("staff", 100) for n in range(4)}}
    profile = team_profile(parse_answers(team_csv(people)))
    assert not profile.partners.shown and profile.partners.respondents is None
    assert profile.partners.medians() == {}
    note = "Fewer than 3 partners answered: not shown, to keep answers anonymous."
    for text in (render.profile_markdown(profile), render.profile_text(profile),
                 render.profile_html(profile)):
        assert note in text
        assert not re.search(r"(?<![\d.])0\.0 \(mean", text)  # partners' scores: nowhere
    assert json.loads(render.profile_json(profile))["patient_partners"] == {
        "shown": False, "respondents": "fewer than 3"}


def test_fewer_than_three_others_are_not_shown_either():
    people = {**{f"p{n}": ("patient partner", 50) for n in range(3)}, "s0": ("staff", 100)}
    profile = team_profile(parse_answers(team_csv(people)))
    assert profile.partners.shown and not profile.others.shown
    assert "Fewer than 3 other people answered" in render.profile_markdown(profile)


def test_the_draft_says_when_partners_scored_an_area_lower():
    plan = draft_action_plan(profile=team_profile(parse_answers(team_csv(MIXED))))
    assert "The patient partners scored it lower than everyone else (25 against 75)" \
        in plan.line("check_mark").drafted_from


def test_one_persons_csv_carries_their_role():
    answers = person_at({})
    text = answers_csv("r9", answers, "clinician")
    assert text.splitlines()[0] == "respondent,item,answer,role"
    assert parse_answers(text).roles == {"r9": "clinician"}
    assert answers_csv("r9", answers).splitlines()[0] == "respondent,item,answer"


def test_the_form_saves_the_chosen_role():
    from pe_course.widgets.assessment_form import SelfAssessment

    form = SelfAssessment(ITEMS)
    form.set_answers(person_at({}))
    form.respondent.value = "r1"
    assert form.role.description == "Your role in the team (optional):"
    assert parse_answers(form.saved_text()).roles == {}
    form.role.value = PARTNER
    assert parse_answers(form.saved_text()).roles == {"r1": PARTNER}


def test_cli_shows_the_partners_view_and_names_a_bad_role(tmp_path, capsys):
    path = tmp_path / "team.csv"
    path.write_text(team_csv(MIXED), encoding="utf-8")
    assert main(["assess", str(path), "--format", "markdown"]) == EXIT_OK
    assert "Patient partners beside everyone else" in capsys.readouterr().out
    assert main(["assess", str(path), "--format", "html"]) == EXIT_OK
    page = capsys.readouterr().out
    assert page.startswith("<!DOCTYPE html>") and "@media print" in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    path.write_text(team_csv(MIXED).replace(",staff\n", ",boss\n"), encoding="utf-8")
    assert main(["assess", str(path)]) == EXIT_INVALID
    err = capsys.readouterr().err
    assert str(path) in err and "unknown role 'boss'" in err and "patient partner" in err


# ---------------------------------------------------------------------------------------
# The facilitator's team profile from several answer files


def test_the_team_profile_form_joins_files_drops_one_and_names_bad_ones():
    import base64
    from html import unescape

    from pe_course.widgets import team_profile_form

    from .test_action_plan import uploaded

    people = list(MIXED.items())
    files = [uploaded(f"{who}.csv", team_csv({who: spec}).encode()) for who, spec in people]
    form = team_profile_form()
    form.upload.value = tuple(files)
    assert "Files loaded: 8" in form.loaded.value and form.message.value == ""
    form.make_button.click()
    assert form.profile == team_profile(parse_answers(team_csv(MIXED)))
    html = form.results.value
    assert "Patient partners beside everyone else" in html
    page = re.search(r'download="team-profile.html" href="data:text/html;charset=utf-8;'
                     r'base64,([^"]+)"', html)
    assert base64.b64decode(page.group(1)).decode() == render.profile_page(form.profile)

    form.drop("p0.csv")
    form.make_button.click()
    assert "Fewer than 3 partners answered" in form.results.value

    bad = team_csv({"x": ("nurse", 50)}).encode()
    form.upload.value = (uploaded("bad one.csv", bad),)
    message = unescape(form.message.value)
    assert "bad one.csv: " in message and "line 2: role: unknown role 'nurse'" in message
    assert "Files loaded: 7" in form.loaded.value  # nothing lost, nothing half-added

    form.add_files([("again.csv", team_csv({"s1": ("staff", 50)}))])
    form.make_button.click()
    assert form.profile is None
    assert "again.csv: respondent 's1' is also in s1.csv" in unescape(form.message.value)
    assert "pe-course assess" in form._repr_mimebundle_()["text/html"]
