"""The team action plan: its lines checked field by field (dates real, one-line fields on
one line), CSV and Markdown that read back to the same plan whatever the learner typed,
every bad input named by file, row or line, and field, the draft from the check-up and
the self-assessment (in plain words), and the printable page (no external asset, learner
text escaped)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pe_course import assessment, audit
from pe_course.action_draft import draft_action_plan, weakest_areas
from pe_course.action_plan import (
    COLUMNS,
    FIELDS,
    ActionLine,
    ActionPlan,
    blank_plan,
    check_value,
    parse_action_plan,
    parse_csv,
    parse_markdown,
    read_action_plan,
    still_to_decide,
)
from pe_course.errors import ActionPlanError
from pe_course.render.action_plan import (
    action_plan_csv,
    action_plan_html,
    action_plan_markdown,
    action_plan_page,
)
from pe_course.statements import STATEMENT_IDS

XSS = '<script>alert("x")</script> & <img src=x onerror=alert(1)>'

TRICKY = {
    "check_mark": {
        "start": 'Invite partners early, "before" the idea is set, and pay them.\n'
                 "Second line, with a comma; and a ,\n\n# not a heading\n## nor this\n"
                 "*(not set yet)*\n\\# a backslash first",
        "stop": "Deciding things while partners are away",
        "keep": "Sending papers a week ahead — ça marche, 谢谢, ünïcödé 🙂",
        "owner": 'Zoë O\'Neil, "chair"',
        "date": "2025-06-30",
        "partners_check": "Partners review it at the June meeting,\nand say what changed.",
        "drafted_from": "",
    },
    "vulnerability": {"start": "- Offer a debrief\n- Point to peer support",
                      "owner": "*(not set yet)*", "date": "2026-02-28"},
    "lack_of_support": {"keep": XSS},
}


def tricky_plan() -> ActionPlan:
    return parse_action_plan(TRICKY)


# ---------------------------------------------------------------------------------------
# One line


def test_a_plan_has_a_line_per_statement_in_course_order():
    plan = tricky_plan()
    assert [line.statement for line in plan.lines] == list(STATEMENT_IDS)
    assert plan.line("unconscious_bias").is_blank()
    assert plan.line("check_mark").owner == 'Zoë O\'Neil, "chair"'
    assert blank_plan() == parse_action_plan({})


@pytest.mark.parametrize("field,value,words", [
    ("date", "30/06/2025", "expected a date as YYYY-MM-DD, such as 2025-06-30; got "
                           "'30/06/2025'"),
    ("date", "2025-02-30", "'2025-02-30' is not a real date"),
    ("date", "2025-6-3", "expected a date as YYYY-MM-DD"),
    ("owner", "Sam\nLee", "expected one line, got several"),
    ("start", 12, "expected text, got the number 12"),
    ("start", "x" * 2001, "is 2001 characters long; keep it to 2000 or fewer"),
])
def test_bad_values_say_what_was_expected(field, value, words):
    text, problem = check_value(field, value)
    assert text == "" and words in problem


def test_text_is_trimmed_and_line_ends_made_plain():
    assert check_value("start", "  a\r\nb\rc  ") == ("a\nb\nc", None)
    assert check_value("date", " 2024-02-29 ") == ("2024-02-29", None)  # a leap day
    assert check_value("owner", None) == ("", None)


def test_bad_form_data_names_every_field():
    with pytest.raises(ActionPlanError) as info:
        parse_action_plan({"check_mark": {"date": "soon", "colour": "red"},
                           "check_mrk": {}, "vulnerability": "all of it"}, "your plan")
    text = str(info.value)
    assert text.startswith("your plan: 4 problems")
    for words in ("check_mark.date: expected a date as YYYY-MM-DD",
                  "check_mark.colour: unknown field; expected one of: start, stop",
                  "check_mrk: unknown problem statement 'check_mrk' (did you mean "
                  "'check_mark'?)", "vulnerability: expected start, stop"):
        assert words in text


# ---------------------------------------------------------------------------------------
# Round trips


def test_csv_round_trip_keeps_everything():
    plan = tricky_plan()
    text = action_plan_csv(plan)
    assert text.splitlines()[0] == ",".join(COLUMNS)
    assert parse_csv(text) == plan


def test_markdown_round_trip_keeps_everything():
    plan = tricky_plan()
    text = action_plan_markdown(plan)
    assert "\n## not a heading" not in text and "\n\\## nor this" in text
    assert parse_markdown(text) == plan
    assert parse_markdown(text.replace("\n", "\r\n")) == plan


def test_files_read_back_by_their_suffix(tmp_path):
    plan = tricky_plan()
    (tmp_path / "plan.md").write_text(action_plan_markdown(plan), encoding="utf-8")
    (tmp_path / "plan.csv").write_text(action_plan_csv(plan), encoding="utf-8")
    assert read_action_plan(tmp_path / "plan.md") == plan == read_action_plan(tmp_path / "plan.csv")


def _canonical(field: str):
    alphabet = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
    text = st.text(alphabet, max_size=60)
    if field == "date":
        return st.one_of(st.just(""), st.dates().map(lambda d: d.isoformat()).filter(
            lambda s: len(s) == 10))
    return text.map(lambda t: check_value(field, t)[0])


LINES = st.fixed_dictionaries({f: _canonical(f) for f in FIELDS})


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.sampled_from(STATEMENT_IDS), LINES))
def test_any_plan_round_trips_through_csv_and_markdown(raw):
    plan = parse_action_plan(raw)
    assert parse_csv(action_plan_csv(plan)) == plan
    assert parse_markdown(action_plan_markdown(plan)) == plan


# ---------------------------------------------------------------------------------------
# Bad files


def test_bad_csv_rows_name_the_file_the_row_its_line_and_the_field(tmp_path):
    path = tmp_path / "team plan.csv"
    path.write_text(
        "statement,start,owner,date\n"
        'check_mark,"Ask early,\nand often",Sam,2025-13-01\n'
        "check mark,x,Sam,2025-01-01\n"
        "Unconscious bias towards patient partners,Train everyone,Ana,30 June\n"
        "unconscious_bias,again,,\n"
        "vulnerability,too,few\n", encoding="utf-8")
    with pytest.raises(ActionPlanError) as info:
        read_action_plan(path)
    text = str(info.value)
    assert text.startswith(f"{path}: 5 problems")
    for words in (
        "line 2, row 1 (check_mark), date: '2025-13-01' is not a real date",
        "line 4, row 2, statement: unknown problem statement 'check mark' (did you mean "
        "'check_mark'?)",
        "line 5, row 3 (unconscious_bias), date: expected a date as YYYY-MM-DD, such as "
        "2025-06-30; got '30 June'",
        "line 6, row 4, statement: unconscious_bias is also on row 3",
        "line 7, row 5: expected 4 values (statement,start,owner,date), got 3",
    ):
        assert words in text


@pytest.mark.parametrize("text,words", [
    ("", "header: the file is empty; expected the header statement,start"),
    ("statement,start\n", "rows: no rows after the header"),
    ("start,owner\nx,y\n", "line 1, header: missing the column statement"),
    ("statement,onwer\ncheck_mark,x\n", "unknown column 'onwer' (did you mean 'owner'?)"),
    ("statement,start,start\ncheck_mark,x,y\n", "column given twice: start"),
])
def test_bad_csv_files(text, words):
    with pytest.raises(ActionPlanError) as info:
        parse_csv(text, "plan.csv")
    assert words in str(info.value)


def test_old_csv_files_with_fewer_columns_still_load():
    plan = parse_csv("statement,start\nvulnerability,Offer a debrief\n")
    assert plan.line("vulnerability") == ActionLine("vulnerability", start="Offer a debrief")


def test_bad_markdown_names_its_line():
    text = action_plan_markdown(tricky_plan())
    text = text.replace("## 2. Unconscious bias towards patient partners",
                        "## 2. Unconcious bias")
    text = text.replace("### Keep doing", "### Keep on", 1)
    text = text.replace("- **By when:** 2025-06-30", "- **By when:** June")
    with pytest.raises(ActionPlanError) as info:
        parse_markdown(text, "plan.md")
    message = str(info.value)
    assert re.search(r"line \d+, heading: unknown problem statement 'Unconcious bias' "
                     r"\(did you mean 'Unconscious bias towards patient partners'\?\)", message)
    assert re.search(r"line \d+, check_mark, section: unknown section 'Keep on'", message)
    assert re.search(r"line \d+, check_mark.date: expected a date as YYYY-MM-DD", message)
    with pytest.raises(ActionPlanError, match="no problem statement found"):
        parse_markdown("# Team action plan\n\nNothing here.\n")


def test_missing_file_is_named(tmp_path):
    with pytest.raises(ActionPlanError, match="nope.csv"):
        read_action_plan(tmp_path / "nope.csv")


# ---------------------------------------------------------------------------------------
# What is still to decide


def test_still_to_decide_names_what_a_planned_line_lacks():
    todo = still_to_decide(tricky_plan())
    assert todo == [
        "Lack of support to fully include patient partners: still to decide: an owner, a "
        "date, how partners will be involved in checking it.",
        "Not recognising the vulnerability of patient partners: still to decide: how "
        "partners will be involved in checking it."]  # its owner is "*(not set yet)*"
    assert still_to_decide(blank_plan()) == ["Nothing to start, stop or keep doing yet."]


# ---------------------------------------------------------------------------------------
# The draft


def example_report():
    return audit.audit(audit.example_plan())


def example_profile():
    return assessment.team_profile(assessment.read_answers(assessment.EXAMPLE_ANSWERS_FILE))


def test_draft_from_the_check_up_turns_each_finding_into_a_thing_to_start():
    report = example_report()
    plan = draft_action_plan(report)
    for finding in report.findings:
        line = plan.line(finding.statement)
        assert f"- {finding.suggestion}" in line.start.split("\n")
        assert finding.message in line.drafted_from
        assert line.drafted_from.startswith("The plan check-up of")
    assert not any(line.owner or line.date or line.partners_check for line in plan.lines)


def test_draft_lines_are_in_plain_words_never_rule_or_statement_ids():
    plan = draft_action_plan(example_report(), example_profile())
    text = action_plan_markdown(plan)
    for rule in audit.load_rules():
        assert not re.search(rf"(?<![\w-]){re.escape(rule.id)}(?![\w-])", text), rule.id
    for sid in (s for s in STATEMENT_IDS if "_" in s):  # "vulnerability" is also a word
        assert sid not in text


def test_draft_from_the_profile_marks_the_weakest_areas():
    profile = example_profile()
    assert weakest_areas(profile) == ("lack_of_support",)  # median 35: lowest, under 50
    plan = draft_action_plan(profile=profile)
    line = plan.line("lack_of_support")
    assert "one of the team's weakest areas" in line.drafted_from
    assert "median score is 35 of 100, from 5 people" in line.drafted_from
    assert line.start.startswith("- Read the chapter on lack of support")
    assert plan.line("check_mark").is_blank()
    assert draft_action_plan() == blank_plan()


def test_a_draft_reads_back_from_its_own_csv():
    plan = draft_action_plan(example_report(), example_profile())
    assert parse_csv(action_plan_csv(plan)) == plan
    assert parse_markdown(action_plan_markdown(plan)) == plan


# ---------------------------------------------------------------------------------------
# HTML


def test_html_escapes_learner_text_and_says_what_is_not_set():
    html = action_plan_html(tricky_plan())
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "not set yet" in html
    assert html.count('class="pe-action-line') == 4
    assert "Still to decide" in html


def test_printable_page_is_standalone_and_prints():
    page = action_plan_page(tricky_plan())
    assert page.startswith("<!DOCTYPE html>") and '<html lang="en">' in page
    assert "<title>Team action plan</title>" in page
    assert "@media print" in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    assert "<script" not in page and "<link" not in page
    assert "&lt;script&gt;" in page
    for field in ("partners_check", "drafted_from", "check_mark"):
        assert field not in re.sub(r"<[^>]+>", "", page)  # labels and titles, not ids


# ---------------------------------------------------------------------------------------
# pe-course action-plan


def test_cli_draft_check_and_export(tmp_path, capsys):
    from pe_course.cli import EXIT_FINDINGS, EXIT_OK, main

    assert main(["action-plan", "draft", "--plan", str(audit.EXAMPLE_PLAN_FILE),
                 "--answers", str(assessment.EXAMPLE_ANSWERS_FILE)]) == EXIT_OK
    drafted = capsys.readouterr().out
    assert parse_csv(drafted) == draft_action_plan(example_report(), example_profile())
    path = tmp_path / "draft.csv"
    path.write_text(drafted, encoding="utf-8")
    assert main(["action-plan", "check", str(path)]) == EXIT_FINDINGS
    out = capsys.readouterr().out
    assert out.startswith(f"{path}: valid (4 of 4 problem statements planned)")
    assert "still to decide: an owner, a date" in out

    path.write_text(action_plan_csv(parse_action_plan(
        {"check_mark": {"start": "x", "owner": "Sam", "date": "2025-06-30",
                        "partners_check": "Partners review it"}})), encoding="utf-8")
    assert main(["action-plan", "check", str(path)]) == EXIT_OK
    assert capsys.readouterr().out == f"{path}: valid (1 of 4 problem statements planned)\n"
    for fmt, start in (("md", "# Team action plan"), ("csv", "statement,start"),
                       ("html", "<!DOCTYPE html>")):
        assert main(["action-plan", "export", str(path), "--format", fmt]) == EXIT_OK
        assert capsys.readouterr().out.startswith(start)


def test_cli_bad_input_exits_2_naming_file_row_and_field(tmp_path, capsys):
    from pe_course.cli import EXIT_INVALID, main

    path = tmp_path / "plan.csv"
    path.write_text("statement,date\ncheck_mark,tomorrow\n", encoding="utf-8")
    for argv in (["check", str(path)], ["export", str(path), "--format", "html"]):
        assert main(["action-plan", *argv]) == EXIT_INVALID
        err = capsys.readouterr().err
        assert f"{path}: 1 problem" in err
        assert "line 2, row 1 (check_mark), date: expected a date as YYYY-MM-DD" in err
    assert main(["action-plan", "draft"]) == EXIT_INVALID
    assert "give --plan PLAN.yaml" in capsys.readouterr().err
    assert main(["action-plan", "draft", "--answers", str(path)]) == EXIT_INVALID
    assert str(path) in capsys.readouterr().err


# ---------------------------------------------------------------------------------------
# The form


def _payload(html: str, name: str) -> str:
    import base64

    match = re.search(rf'download="{re.escape(name)}" href="data:[^;]+;charset=utf-8;base64,'
                      r'([^"]+)"', html)
    assert match, name
    return base64.b64decode(match.group(1)).decode("utf-8")


def test_form_makes_the_plan_and_offers_three_downloads():
    from pe_course.widgets import ActionPlanForm, action_plan_form

    form = action_plan_form(tricky_plan())
    assert isinstance(form, ActionPlanForm)
    assert parse_action_plan(form.form_data()) == tricky_plan()
    form.make_button.click()
    assert form.plan == tricky_plan() and form.message.value == ""
    html = form.results.value
    assert "&lt;script&gt;" in html and "<script>" not in html
    assert parse_markdown(_payload(html, "action-plan.md")) == tricky_plan()
    assert parse_csv(_payload(html, "action-plan.csv")) == tricky_plan()
    assert _payload(html, "action-plan.html") == action_plan_page(tricky_plan())
    for label in ("Download as Markdown", "Download as CSV", "Download a printable page"):
        assert label in html


def test_every_box_is_labelled_with_its_statement_number():
    from pe_course.widgets import action_plan_form

    form = action_plan_form()
    for sid, boxes in form.controls.items():
        number = get_number(sid)
        assert set(boxes) == set(FIELDS)
        for box in boxes.values():
            assert box.description.endswith(f"({number})")
            assert box.style.description_width == "initial"
    assert form.upload.description and form.make_button.description


def get_number(sid: str) -> int:
    from pe_course.statements import get_statement

    return get_statement(sid).number


def test_form_problems_are_named_with_labels_and_nothing_is_lost():
    from pe_course.widgets import action_plan_form

    form = action_plan_form()
    form.controls["check_mark"]["start"].value = "Ask early ✓"
    form.controls["check_mark"]["date"].value = "next June"
    form.controls["vulnerability"]["owner"].value = "Sam\nLee"
    form.make_button.click()
    assert form.plan is None and form.results.value == ""
    message = form.message.value
    assert 'role="alert"' in message and "2 answers need fixing" in message
    assert "Patient partners as a check mark: By when (1)" in message
    assert "<code>check_mark.date</code>" in message and "YYYY-MM-DD" in message
    assert "expected one line" in message
    assert form.controls["check_mark"]["start"].value == "Ask early ✓"
    form.controls["check_mark"]["date"].value = "2025-06-30"
    form.controls["vulnerability"]["owner"].value = "Sam Lee"
    form.make_button.click()
    assert form.message.value == "" and form.plan.line("check_mark").start == "Ask early ✓"


def uploaded(name: str, content: bytes) -> dict:
    """One file as ipywidgets' FileUpload holds it once the browser has read it."""
    import datetime

    return {"name": name, "type": "", "size": len(content), "content": memoryview(content),
            "last_modified": datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)}


def test_form_saves_csv_and_loads_csv_or_markdown(tmp_path, monkeypatch):
    from pe_course.widgets import action_plan_form

    monkeypatch.chdir(tmp_path)
    form = action_plan_form(tricky_plan())
    form.save_button.click()
    assert read_action_plan(tmp_path / "action-plan.csv") == tricky_plan()

    other = action_plan_form()
    other.upload.value = (uploaded("ours.md", action_plan_markdown(tricky_plan()).encode()),)
    assert other.form_data() == form.form_data() and "Loaded ours.md" in other.message.value

    bad = b"statement,date\ncheck_mark,soon\n"
    other.upload.value = (uploaded("bad.csv", bad),)
    assert "bad.csv: 1 problem" in other.message.value
    assert "line 2, row 1 (check_mark), date" in other.message.value
    assert "The form was not changed" in other.message.value
    assert other.form_data() == form.form_data()
    latin = "statement,owner\ncheck_mark,Zoë\n".encode("latin-1")
    other.upload.value = (uploaded("old.csv", latin),)
    assert "old.csv: not a text file in UTF-8" in other.message.value


def test_form_drafts_from_a_plan_and_answers_and_opens_on_bad_files(tmp_path):
    from pe_course.widgets import action_plan_form

    form = action_plan_form(engagement_plan=audit.EXAMPLE_PLAN_FILE,
                            answers=assessment.EXAMPLE_ANSWERS_FILE)
    assert parse_action_plan(form.form_data()) == draft_action_plan(example_report(),
                                                                     example_profile())
    broken = action_plan_form(tmp_path / "missing.csv")
    assert "missing.csv" in broken.message.value and 'role="alert"' in broken.message.value


def test_form_static_html_says_what_it_asks():
    from pe_course.widgets import ActionPlanForm

    html = ActionPlanForm()._repr_mimebundle_()["text/html"]
    assert html.startswith('<div class="pe-tool-static pe-action-plan-form" '
                           'data-pe-live="action-plan">')
    for words in ("Start doing", "How partners will be involved in checking it",
                  "YYYY-MM-DD", "pe-course action-plan check", "a page to print"):
        assert words in html


# ---------------------------------------------------------------------------------------
# Every report as a printable page


def test_the_plan_check_up_prints_in_plain_words(capsys):
    from pe_course.cli import EXIT_OK, main
    from pe_course.render.plan_report import report_page

    report = example_report()
    page = report_page(report)
    assert page.startswith("<!DOCTYPE html>") and "@media print" in page
    assert "<title>Engagement plan check-up: Living well with persistent pain" in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page) and "<a " not in page
    visible = re.sub(r"<[^>]+>", " ", page)
    for finding in report.findings:
        assert not re.search(rf"(?<![\w-]){re.escape(finding.id)}(?![\w-])", visible)
    evil = audit.audit(audit.parse_plan({**audit.plan_to_dict(audit.example_plan()),
                                         "project": "<script>x</script>"}))
    assert "<script>x" not in report_page(evil) and "&lt;script&gt;x" in report_page(evil)
    assert main(["audit", str(audit.EXAMPLE_PLAN_FILE), "--format", "html"]) == EXIT_OK
    assert capsys.readouterr().out == page


def test_the_plan_check_up_form_offers_markdown_and_a_printable_page():
    from pe_course.render.plan_report import report_markdown, report_page
    from pe_course.widgets import plan_checkup

    form = plan_checkup()
    form.check_button.click()
    html = form.results.value
    assert _payload(html, "engagement-plan-report.md") == report_markdown(form.report)
    assert _payload(html, "engagement-plan-report.html") == report_page(form.report)
