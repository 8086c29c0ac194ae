"""The team tools' forms (no browser needed): the plan check-up and the self-assessment,
their shared saving and error handling, their static HTML for the site, and how they run
where the browser's Python has no PyYAML, pandas or matplotlib."""

from __future__ import annotations

import base64
import os
import re
import subprocess
import sys
from html import escape
from pathlib import Path

import pytest

from pe_course import audit
from pe_course.assessment import Item, parse_answers
from pe_course.plan import example_plan, field_paths, parse_plan
from pe_course.render.plan_report import report_markdown
from pe_course.statements import STATEMENTS
from pe_course.widgets.assessment_form import SelfAssessment, self_assessment
from pe_course.widgets.plan_form import DEFAULT_REPORT_NAME, PlanCheckup, plan_checkup

from .test_assessment import ITEMS, person_at
from .test_audit import CLEAN, with_changes

PACKAGE = Path(__file__).resolve().parents[1] / "pe_course"

# ---------------------------------------------------------------------------------------
# The plan check-up


def test_plan_checkup_form_holds_the_example_and_checks_it():
    form = plan_checkup()
    assert isinstance(form, PlanCheckup)
    assert parse_plan(form.form_data()) == example_plan()
    for path, control in form.controls.items():
        assert control.description, f"{path} has a visible label"
        assert control.style.description_width == "initial"
    assert set(form.controls) == set(field_paths())

    form.check_button.click()
    html = form.results.value
    assert form.report == audit.audit(example_plan())
    for finding in form.report.findings:
        assert f'data-rule="{finding.id}"' in html
    # By default every chapter is linked, marked with data-pe-chapter: the site build
    # (which knows the book) turns links to chapters it does not have into plain text.
    for statement in STATEMENTS:
        assert (f'data-pe-chapter="{statement.chapter}" '
                f'href="../{statement.chapter}.html">{escape(statement.title)}</a>') in html
    assert form.message.value == ""

    # Told which chapters exist (as the live site does), it links exactly those.
    form = plan_checkup(chapter_base="../../", linked=["check_mark", "vulnerability"])
    form.check_button.click()
    hrefs = {h for h in re.findall(r'href="([^"]+)"', form.results.value)
             if not h.startswith("data:")}  # the downloads carry the report itself
    assert hrefs == {"../../book/check_mark.html", "../../book/vulnerability.html"}
    with pytest.raises(KeyError):
        plan_checkup(linked=["no_such_statement"])


def test_plan_checkup_reacts_to_changes_and_escapes_text():
    form = PlanCheckup(CLEAN)
    form.controls["project"].value = "<b>Our</b> study"
    form.controls["titles"].value = "formal"
    form.check_button.click()
    assert [f.id for f in form.report.findings] == ["formal-titles"]
    assert "&lt;b&gt;Our&lt;/b&gt; study" in form.results.value
    assert "<b>Our</b>" not in form.results.value


def test_plan_checkup_shows_problems_not_tracebacks():
    form = PlanCheckup(CLEAN)
    form.controls["days_before_deadline"].value = "soon"
    form.controls["project"].value = ""
    form.check_button.click()
    assert form.report is None and form.results.value == ""
    message = form.message.value
    assert "<code>days_before_deadline</code>" in message and "whole number" in message
    assert "<code>project</code>" in message and "What is the project called?" in message
    assert "Traceback" not in message
    form.controls["days_before_deadline"].value = " 45 "
    form.controls["project"].value = "Fixed"
    form.check_button.click()
    assert form.message.value == "" and form.report.findings == ()


def test_plan_checkup_saves_the_markdown_report_atomically(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    form = PlanCheckup(CLEAN)
    assert form.filename.value == DEFAULT_REPORT_NAME
    form.save_button.click()
    saved = tmp_path / DEFAULT_REPORT_NAME
    assert saved.read_text() == report_markdown(audit.audit(CLEAN))
    assert "Saved the report to" in form.save_status.value
    assert sorted(p.name for p in tmp_path.iterdir()) == [DEFAULT_REPORT_NAME], "no temp files"

    # A failure while replacing leaves the old file whole and removes the temporary one.
    form.controls["titles"].value = "formal"

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    form.save_button.click()
    assert "No space left on device" in form.save_status.value
    assert saved.read_text() == report_markdown(audit.audit(CLEAN))
    assert sorted(p.name for p in tmp_path.iterdir()) == [DEFAULT_REPORT_NAME]


def test_plan_checkup_save_problems_become_messages(tmp_path):
    form = PlanCheckup(CLEAN)
    form.filename.value = "   "
    form.save_button.click()
    assert "Type a file name" in form.save_status.value
    form.filename.value = str(tmp_path)
    form.save_button.click()
    assert "is a folder" in form.save_status.value
    form.filename.value = str(tmp_path / "missing" / "r.md")
    form.save_button.click()
    assert "does not exist" in form.save_status.value
    form.controls["project"].value = ""
    form.filename.value = str(tmp_path / "r.md")
    form.save_button.click()
    assert "not saved" in form.save_status.value and not (tmp_path / "r.md").exists()


def test_plan_checkup_bad_file_opens_with_a_message(tmp_path):
    form = plan_checkup(tmp_path / "missing.yaml")
    assert "file not found" in form.message.value


def test_plan_checkup_static_html_for_the_site():
    bundle = PlanCheckup(CLEAN)._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    html = bundle["text/html"]
    assert html.startswith('<div class="pe-tool-static pe-plan-checkup" '
                           'data-pe-live="plan-checkup">')
    assert "Try it live" in html and "<table" in html
    example = audit.audit(example_plan())
    for finding in example.findings:
        assert f'data-rule="{finding.id}"' in html



def test_widget_form_round_trips_optional_numbers():
    plan = with_changes({"invited_at_stage": "funding_application", "days_before_deadline": 12,
                         "compensation.hourly_rate": 27.5})
    form = PlanCheckup(plan)
    assert form.controls["days_before_deadline"].value == "12"
    assert form.controls["compensation.hourly_rate"].value == "27.5"
    assert parse_plan(form.form_data()) == parse_plan(plan)
    form.check_button.click()
    assert [f.id for f in form.report.findings] == ["late-invitation"]


# ---------------------------------------------------------------------------------------
# The self-assessment


def test_self_assessment_widget_end_to_end(tmp_path):
    widget = self_assessment(linked=[s.id for s in STATEMENTS])
    assert isinstance(widget, SelfAssessment)
    assert list(widget.controls) == [i.id for s in STATEMENTS for i in ITEMS
                                     if i.statement == s.id]
    for item in ITEMS:
        control = widget.controls[item.id]
        assert item.text in control.description
        assert list(control.options) == [
            ("(not answered yet)", None), ("1 never", 1), ("2 rarely", 2), ("3 sometimes", 3),
            ("4 often", 4), ("5 always", 5)]
        assert control.value is None

    widget.show_button.click()
    assert "Please answer every item first" in widget.message.value
    assert widget.scores is None and widget.results.value == ""

    answers = person_at({"check_mark": 75, "unconscious_bias": 100, "lack_of_support": 25,
                         "vulnerability": 50})
    widget.set_answers(answers)
    widget.show_button.click()
    assert widget.message.value == ""
    assert widget.scores == {"check_mark": 75, "unconscious_bias": 100,
                             "lack_of_support": 25, "vulnerability": 50}
    html = widget.results.value
    assert '<img class="pe-profile-chart" src="data:image/png;base64,' in html
    assert 'alt="Bar chart of your scores out of 100: ' in html
    assert "<td>25.0</td>" in html and "<table" in html
    first = re.search(r"Read this chapter first:</strong> (<a [^>]*>)", html).group(1)
    assert 'href="../book/lack_of_support.html"' in first
    assert 'data-pe-chapter="book/lack_of_support"' in first

    widget.filename.value = str(tmp_path / "mine.csv")
    widget.save_button.click()
    assert "Type a code for yourself" in widget.save_status.value
    widget.respondent.value = "r7"
    widget.save_button.click()
    saved = parse_answers((tmp_path / "mine.csv").read_text())
    assert saved.respondents == ("r7",)
    assert {a.item: a.answer for a in saved.answers} == answers



def test_saving_also_offers_a_download_of_the_same_text(tmp_path):
    widget = SelfAssessment()
    assert widget.in_browser is False  # CPython here: the file is written
    widget.set_answers(person_at({}))
    widget.respondent.value = "r1"
    widget.filename.value = str(tmp_path / "mine.csv")
    saved = widget.save_answers()
    assert saved == (tmp_path / "mine.csv").resolve()
    status = widget.save_status.value
    assert f"Saved your answers to {saved}" in status
    data = re.search(r'download="mine.csv" href="data:text/csv;charset=utf-8;base64,([^"]+)"',
                     status).group(1)
    assert base64.b64decode(data).decode("utf-8") == saved.read_text(encoding="utf-8")


def test_self_assessment_lists_unanswered_items_by_number():
    widget = SelfAssessment()
    answers = person_at({})
    del answers["cm2"], answers["vu5"]
    widget.set_answers(answers)
    widget.show_button.click()
    assert f"items 2, {len(ITEMS)}." in widget.message.value


def test_self_assessment_static_html_lists_every_item():
    bundle = SelfAssessment()._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    html = bundle["text/html"]
    assert html.startswith('<div class="pe-tool-static pe-self-assessment" '
                           'data-pe-live="self-assessment">')
    for item in ITEMS:
        assert f"<code>{item.id}</code>" in html
    assert "Try it live" in html and "1 never" in html


def test_item_texts_are_escaped_in_the_widget_and_static_html():
    items = tuple(Item(i.id, i.statement, i.text + " <i>&</i>", i.reverse) for i in ITEMS)
    html = SelfAssessment(items)._repr_mimebundle_()["text/html"]
    assert "<i>&</i>" not in html and "&lt;i&gt;&amp;&lt;/i&gt;" in html



BROWSER_LIKE = """
import sys
from pathlib import Path
import pe_course  # the statements, read before the browser's limits are put in place
for name in ("yaml", "pandas", "matplotlib"):
    sys.modules[name] = None  # importing them now fails, as in the in-browser Python
from pe_course import reader
reader.BUNDLE_DIR = Path(sys.argv[1])  # the wheel's JSON copies of the data files
import base64, re
from pe_course.render.plan_report import report_markdown
from pe_course.widgets.plan_form import plan_checkup
from pe_course.widgets.assessment_form import self_assessment
sys.platform = "emscripten"  # what Pyodide reports: saving offers a download instead
tmp = Path(sys.argv[2])

def downloaded(html):
    name, data = re.search(r'download="([^"]+)" href="data:[^;]+;charset=utf-8;base64,'
                           r'([^"]+)"', html).groups()
    return name, base64.b64decode(data).decode("utf-8")

form = plan_checkup()
form.check_button.click()
assert form.report is not None and form.report.findings, form.message.value
form.filename.value = str(tmp / "report.md")
assert form.save() is None and not (tmp / "report.md").exists()
assert downloaded(form.save_status.value) == ("report.md", report_markdown(form.report))
widget = self_assessment()
widget.set_answers({item_id: 4 for item_id in widget.controls})
widget.show_button.click()
assert widget.scores is not None, widget.message.value
assert '<svg class="pe-profile-chart" role="img"' in widget.results.value
widget.respondent.value = "r2"
widget.filename.value = str(tmp / "mine.csv")
assert widget.save_answers() is None and not (tmp / "mine.csv").exists()
name, text = downloaded(widget.save_status.value)
assert name == "mine.csv" and text.splitlines()[0] == "respondent,item,answer", text
for shipped in ("audit_rules.yaml", "example_plan.yaml", "assessment_items.yaml"):
    assert reader.read_builtin(shipped)[0] == f"{shipped} (bundled)"
print(len(form.report.findings), len(widget.controls), len(text.splitlines()) - 1)
"""


def test_tools_work_without_yaml_pandas_or_matplotlib(tmp_path):
    # What the browser has: the JSON copies of the data files that the wheel carries (the
    # rules, the example plan and the items among them), no PyYAML, pandas or matplotlib,
    # and no file the learner could keep. The forms still work, the chart is drawn as SVG,
    # and saving hands the file to the browser as a download.
    from pe_course.bundle import write_bundle

    bundle = tmp_path / "bundle"
    names = {p.relative_to(bundle).as_posix() for p in write_bundle(bundle)}
    assert {"audit_rules.json", "example_plan.json", "assessment_items.json"} <= names
    result = subprocess.run([sys.executable, "-c", BROWSER_LIKE, str(bundle), str(tmp_path)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["13", str(len(ITEMS)), str(len(ITEMS))]


def test_tool_text_boxes_send_their_value_when_left_not_per_key():
    # Per-key updates race with the kernel's replies (seen in the browser: "r1" saved as
    # "r"); the tools' text boxes update when the learner leaves them instead.
    import ipywidgets as w

    def texts(widget):
        if isinstance(widget, w.Text):
            yield widget
        for child in getattr(widget, "children", ()):
            yield from texts(child)

    for tool in (PlanCheckup(), SelfAssessment()):
        found = list(texts(tool))
        assert found, type(tool).__name__
        assert all(t.continuous_update is False for t in found), [t.description for t in found]


# ---------------------------------------------------------------------------------------
# Shared by both forms, and where they used to live


def test_the_package_never_reads_the_books_table_of_contents():
    # Which chapters the book has is known only when the site is built (the Sphinx
    # extension strips links to missing ones); the package links every chapter.
    for path in PACKAGE.rglob("*.py"):
        if "sphinx" in path.relative_to(PACKAGE).parts:
            continue
        assert "_toc.yml" not in path.read_text(encoding="utf-8"), path
    html = PlanCheckup(CLEAN)._repr_mimebundle_()["text/html"]
    chapters = set(re.findall(r'<a [^>]*data-pe-chapter="([^"]+)"', html))
    assert chapters == {s.chapter for s in STATEMENTS}


def test_old_tool_widgets_module_still_imports():
    from pe_course import tool_widgets

    assert tool_widgets.PlanCheckup is PlanCheckup
    assert tool_widgets.SelfAssessment is SelfAssessment
    assert tool_widgets.plan_checkup is plan_checkup
    for name in ("plan_checkup", "plan_checkup_static_html", "profile_table_html",
                 "self_assessment", "self_assessment_static_html", "write_text_atomic",
                 "svg_chart_html", "DEFAULT_REPORT_NAME", "DEFAULT_ANSWERS_NAME"):
        assert getattr(tool_widgets, name), name


def test_write_text_atomic_needs_a_file_name(tmp_path):
    from pe_course.errors import PECourseError
    from pe_course.widgets.forms import write_text_atomic

    with pytest.raises(PECourseError, match="Type a file name"):
        write_text_atomic("  ", "x")
    assert write_text_atomic(tmp_path / "a.txt", "é\n") == (tmp_path / "a.txt").resolve()
    assert (tmp_path / "a.txt").read_bytes() == "é\n".encode()


def test_the_package_gives_the_functions_even_after_their_modules_are_imported():
    import importlib

    import pe_course.widgets as widgets

    importlib.import_module("pe_course.widgets.plan_form")
    importlib.import_module("pe_course.widgets.assessment_form")
    from pe_course.widgets import plan_checkup as fn1
    from pe_course.widgets import self_assessment as fn2

    assert callable(fn1) and callable(fn2)
    assert fn1 is widgets.plan_form.plan_checkup


def test_the_profile_never_recommends_a_chapter_the_site_lacks():
    from pe_course.widgets import SelfAssessment

    widget = SelfAssessment(linked=["check_mark"])  # as on a site with only chapter 1
    widget.set_answers(person_at({"check_mark": 75, "unconscious_bias": 100,
                                  "lack_of_support": 25, "vulnerability": 50}))
    widget.show_button.click()
    html = widget.results.value
    assert "Read this chapter first" not in html
    assert "Your lowest score:</strong> Lack of support to fully include patient partners " \
           "(25 of 100). The chapter on it is still being written" in html
    assert 'href="../book/lack_of_support.html"' not in html
    widget.set_answers(person_at({"check_mark": 25, "unconscious_bias": 100,
                                  "lack_of_support": 75, "vulnerability": 50}))
    widget.show_button.click()
    assert re.search(r'Read this chapter first:</strong> <a [^>]*href="../book/check_mark.html"',
                     widget.results.value)
