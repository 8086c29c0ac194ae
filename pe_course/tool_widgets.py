"""Widgets for the team tools: the plan check-up form and the self-assessment questionnaire.

Thin views over ``pe_course.audit`` and ``pe_course.assessment``: they collect answers,
call the pure functions, and show the result. Every control has a visible label
(``description``) and is a native form control, so the forms work with a keyboard and a
screen reader. Errors appear in the widget as a message, never as a traceback.

On the static site the widget itself cannot run; each widget's ``_repr_mimebundle_`` adds a
readable ``text/html`` version (the book drops the widget mimetype for the HTML builder),
and the live form is one click away in Jupyter or "Try it live".
"""

from __future__ import annotations

import base64
import io
import os
import re
import sys
import tempfile
from collections.abc import Callable, Collection, Mapping
from html import escape
from pathlib import Path
from typing import Any

import ipywidgets as w

from pe_course import assessment, audit
from pe_course.errors import PECourseError
from pe_course.statements import STATEMENTS, get_statement

_STYLE = {"description_width": "initial"}
# Text boxes send their value when the learner leaves them (Tab, Enter or a click on a
# button), not at every key: with a round trip per key, a fast typist's last letters
# could be overwritten by the reply to an earlier one.
_TYPED = {"continuous_update": False}
DEFAULT_REPORT_NAME = "engagement-plan-report.md"
DEFAULT_ANSWERS_NAME = "my-self-assessment.csv"
NOT_ANSWERED = "(not answered yet)"

# ipywidgets labels do not wrap by default; long questions must stay readable.
_WRAP_CSS = ("<style>.pe-tool .widget-label, .pe-tool .widget-label-basic "
             "{white-space: normal; overflow: visible; height: auto; line-height: 1.3;} "
             ".pe-tool .pe-item {height: auto; margin-bottom: 0.6em;} "
             ".pe-tool .pe-item .widget-label {text-align: left; width: auto; "
             "max-width: 100%;} "
             ".pe-tool .pe-item select {width: 14em; max-width: 100%; flex: none;}</style>")


def write_text_atomic(path: str | Path, text: str) -> Path:
    """Write ``text`` to ``path`` via a temporary file and ``os.replace``: never half a file."""
    target = Path(path).expanduser()
    if not str(path).strip():
        raise PECourseError("Type a file name first, for example " + DEFAULT_REPORT_NAME)
    if target.is_dir():
        raise PECourseError(f"{target} is a folder; type a file name")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise PECourseError(f"the folder {folder} does not exist")
    handle, tmp = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target.resolve()


def in_browser() -> bool:
    """True in the in-browser Python (Pyodide), where a written file is not the learner's."""
    return sys.platform == "emscripten"


def download_link_html(filename: str, text: str, mime: str, label: str) -> str:
    """A link that hands ``text`` to the browser as a download named ``filename``.

    The content is inside the link itself (a ``data:`` URL), so nothing is sent anywhere:
    the browser saves it straight to the learner's own downloads.
    """
    name = Path(filename.strip() or "download.txt").name
    payload = base64.b64encode(text.encode("utf-8")).decode("ascii")
    return (f'<a class="pe-download" download="{escape(name)}" '
            f'href="data:{mime};charset=utf-8;base64,{payload}">{escape(label)}</a>')


def _saved_html(action: str, path: Path | None, filename: str, text: str, mime: str) -> str:
    """What the widget says after saving: where the file went, and a download link."""
    name = Path(filename).name
    if path is None:  # in the browser: the download is the way to keep it
        return ('<div class="pe-status" role="status">Ready: '
                + download_link_html(filename, text, mime, f"download {name}")
                + ". It goes to your browser's downloads folder; nothing is sent anywhere."
                "</div>")
    return (f'<div class="pe-status" role="status">{escape(action)} {escape(str(path))}. '
            + download_link_html(filename, text, mime, f"Download a copy ({name})")
            + "</div>")


def _keep(filename: str, text: str, *, example: str, mime: str, action: str,
          in_browser: bool) -> tuple[Path | None, str]:
    """Save ``text`` under the typed name (in the browser: offer it as a download).

    Returns the saved path (None in the browser) and the status HTML to show.
    """
    name = filename.strip()
    if not name:
        raise PECourseError("Type a file name first, for example " + example)
    path = None if in_browser else write_text_atomic(name, text)
    return path, _saved_html(action, path, name, text, mime)


def _message(text: str, *, error: bool = False) -> str:
    if error:
        return (f'<div class="pe-error" role="alert"><strong>Something to fix:</strong>'
                f'<pre style="white-space: pre-wrap">{escape(text)}</pre></div>')
    return f'<div class="pe-status" role="status">{escape(text)}</div>'


def _safely(show_error: Callable[[str], None], action: Callable[[], None]) -> None:
    """Run a button's action; any failure becomes a message in the widget."""
    try:
        action()
    except PECourseError as exc:
        show_error(str(exc))
    except OSError as exc:
        show_error(f"Could not save the file: {exc.strerror or exc}")
    except Exception as exc:  # noqa: BLE001 - a learner must never see a traceback
        show_error(f"Something went wrong ({type(exc).__name__}: {exc}).")


# ---------------------------------------------------------------------------------------
# The engagement plan check-up


def _control_for(spec: audit.Field) -> w.Widget:
    common = {"description": spec.question, "style": _STYLE,
              "layout": w.Layout(width="auto", max_width="48rem")}
    if spec.kind == "bool":
        return w.Checkbox(value=False, indent=False, **common)
    if spec.kind == "choice":
        return w.Dropdown(options=[(label, value) for value, label in spec.choices], **common)
    if spec.optional:  # blank means "not given"; anything else is validated by the core
        return w.Text(value="", placeholder="leave blank if it does not apply", **_TYPED,
                      **common)
    if spec.kind == "int":
        return w.BoundedIntText(value=max(spec.minimum or 0, 0), min=spec.minimum or 0,
                                max=100_000, **common)
    return w.Text(value="", **_TYPED, **common)


def _form_value(spec: audit.Field, control: w.Widget) -> Any:
    value = control.value
    if not (spec.optional and spec.kind in ("int", "number")):
        return value
    text = str(value).strip()
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        return text  # the core names the field and says what was expected
    if spec.kind == "int" and number.is_integer():
        return int(number)
    return number if spec.kind == "number" else text


class PlanCheckup(w.VBox):
    """A form for an engagement plan, a "Check my plan" button, findings and a saved report."""

    def __init__(self, plan: audit.Plan | Mapping[str, Any] | None = None, *,
                 chapter_base: str = "../", linked: Collection[str] | None = None):
        self.chapter_base = chapter_base
        self.linked = _linked(linked)
        self.controls: dict[str, w.Widget] = {}
        self.report: audit.Report | None = None
        groups: list[w.Widget] = [w.HTML(_WRAP_CSS + (
            "<p>Answer for your project as it is planned today. Every question comes from "
            "something patient partners have told us goes wrong. Then press "
            "<strong>Check my plan</strong>.</p>"))]
        about: list[w.Widget] = [w.HTML('<h4 class="pe-group">About the project</h4>')]
        for entry in audit.SCHEMA:
            if isinstance(entry, audit.Section):
                box = [w.HTML(f'<h4 class="pe-group">{escape(entry.title)}</h4>')]
                for spec in entry.fields:
                    control = _control_for(spec)
                    self.controls[f"{entry.name}.{spec.name}"] = control
                    box.append(control)
                groups.append(w.VBox(box))
            else:
                control = _control_for(entry)
                self.controls[entry.name] = control
                if entry.name == "titles":  # a question about how people address each other
                    groups.append(w.VBox([w.HTML('<h4 class="pe-group">Titles</h4>'), control]))
                else:
                    about.append(control)
        groups.insert(1, w.VBox(about))
        self.check_button = w.Button(description="Check my plan", button_style="primary",
                                     tooltip="Check the plan above against the course's rules")
        self.results = w.HTML()
        self.message = w.HTML()
        self.filename = w.Text(value=DEFAULT_REPORT_NAME, description="Save the report as:",
                               **_TYPED,
                               style=_STYLE, layout=w.Layout(width="auto", max_width="32rem"))
        self.save_button = w.Button(description="Save report",
                                    tooltip="Save the report as a Markdown file")
        self.save_status = w.HTML()
        self.check_button.on_click(lambda _b: self.check())
        self.save_button.on_click(lambda _b: self.save())
        super().__init__(groups + [self.check_button, self.message, self.results,
                                   w.HBox([self.filename, self.save_button]), self.save_status],
                         layout=w.Layout(max_width="52rem"))
        self.add_class("pe-tool")
        self.add_class("pe-plan-checkup")
        # In the browser a saved file would stay inside the page: offer a download instead.
        self.in_browser = in_browser()
        if plan is not None:
            self.set_plan(plan)

    # -- data in and out --------------------------------------------------------------

    def set_plan(self, plan: audit.Plan | Mapping[str, Any]) -> None:
        """Fill the form from a plan (validated first)."""
        data = audit.plan_to_dict(audit.parse_plan(plan))
        for path, control in self.controls.items():
            head, _, tail = path.partition(".")
            value = data.get(head) if not tail else data.get(head, {}).get(tail)
            spec = audit.get_field(path)
            if spec.optional:
                control.value = "" if value is None else f"{value:g}" if isinstance(
                    value, float) else str(value)
            else:
                control.value = value

    def form_data(self) -> dict[str, Any]:
        """The form's answers in the plan's layout (what a YAML plan would hold)."""
        data: dict[str, Any] = {}
        for path, control in self.controls.items():
            value = _form_value(audit.get_field(path), control)
            head, _, tail = path.partition(".")
            if tail:
                section = data.setdefault(head, {})
                if value is not None:
                    section[tail] = value
            elif value is not None:
                data[head] = value
        return data

    # -- actions ----------------------------------------------------------------------

    def check(self) -> audit.Report | None:
        """Validate the form, audit it and show the findings (or what to fix)."""
        self.message.value = ""
        self.save_status.value = ""

        def run() -> None:
            self.report = None
            self.results.value = ""
            self.report = audit.audit(audit.parse_plan(self.form_data(), "your plan"))
            self.results.value = (
                '<div role="status" aria-live="polite">'
                + audit.report_html(self.report, chapter_base=self.chapter_base,
                                    linked=self.linked) + "</div>")

        try:
            run()
        except audit.PlanError as exc:
            self.message.value = self._plan_error_html(exc)
        except Exception as exc:  # noqa: BLE001 - a message, never a traceback
            self._show_error(str(exc) if isinstance(exc, PECourseError)
                             else f"Something went wrong ({type(exc).__name__}: {exc}).")
        return self.report

    def _plan_error_html(self, exc: audit.PlanError) -> str:
        """Each problem with the form's own question, so no one needs the YAML names."""
        rows = []
        for problem in exc.problems:
            try:
                question = audit.get_field(problem.where).question
            except KeyError:
                question = problem.where or "The plan"
            rows.append(f"<li><strong>{escape(question)}</strong> "
                        f"(<code>{escape(problem.where)}</code>): {escape(problem.message)}"
                        "</li>")
        noun = "answer needs" if len(rows) == 1 else "answers need"
        return (f'<div class="pe-error" role="alert"><p><strong>{len(rows)} {noun} fixing '
                f"before the plan can be checked:</strong></p><ul>{''.join(rows)}</ul></div>")

    def save(self) -> Path | None:
        """Save the Markdown report to the file name typed in the form.

        In the browser nothing is written: the report is offered as a download.
        """
        saved: list[Path] = []

        def run() -> None:
            report = self.check()
            if report is None:  # check() has already said what to fix, above the results
                raise PECourseError("The report was not saved: fix the plan first (see the "
                                    "message above).")
            path, self.save_status.value = _keep(
                self.filename.value, audit.report_markdown(report), example=DEFAULT_REPORT_NAME,
                mime="text/markdown", action="Saved the report to", in_browser=self.in_browser)
            saved.extend([path] if path else [])

        _safely(self._show_save_error, run)
        return saved[0] if saved else None

    def _show_error(self, text: str) -> None:
        self.message.value = _message(text, error=True)

    def _show_save_error(self, text: str) -> None:
        self.save_status.value = _message(text, error=True)

    # -- static site ------------------------------------------------------------------

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs) or {}
        bundle["text/plain"] = "Engagement plan check-up (interactive form)"
        bundle["text/html"] = plan_checkup_static_html(self.chapter_base)
        return bundle


def _chapters_in_book() -> set[str] | None:
    """Statements whose chapter is in this checkout's table of contents.

    Static pages must not link to a chapter the site does not have yet. Outside a source
    checkout (an installed wheel, the browser) there is no ``_toc.yml``: link every chapter.
    """
    toc = Path(__file__).resolve().parent.parent / "_toc.yml"
    try:
        text = toc.read_text(encoding="utf-8")
    except OSError:
        return None
    files = {m.group(1).strip("'\"") for m in re.finditer(r"file:\s*(\S+)", text)}
    return {s.id for s in STATEMENTS if s.chapter in files}


def _linked(linked: Collection[str] | None) -> frozenset[str] | None:
    """The statements whose chapter may be linked: as given, else as the checkout has."""
    chosen = _chapters_in_book() if linked is None else linked
    if chosen is None:
        return None
    for statement_id in chosen:
        get_statement(statement_id)  # an unknown id is a mistake: say so now
    return frozenset(chosen)


def plan_checkup_static_html(chapter_base: str = "../") -> str:
    """What the static site shows: how the form works, and the example plan's findings."""
    try:
        report_html = audit.report_html(audit.audit(audit.example_plan()),
                                        chapter_base=chapter_base,
                                        linked=_chapters_in_book())
    except PECourseError as exc:
        report_html = _message(str(exc), error=True)
    groups = ", ".join(["About the project"] + [e.title for e in audit.SCHEMA
                                                if isinstance(e, audit.Section)] + ["Titles"])
    return ('<div class="pe-tool-static pe-plan-checkup">'
            "<p><strong>The interactive form runs in Jupyter, or in your browser with "
            "<em>Try it live</em> below</strong>; the <code>pe-course audit</code> command "
            "gives the same results. "
            "The form asks the questions in the table of plan fields on this page, in "
            f"groups: {escape(groups)}. <em>Check my plan</em> lists the findings with a "
            "link to the chapter that teaches each, and <em>Save report</em> keeps them "
            "as a Markdown file. This is what it shows for the example plan:</p>"
            + report_html + "</div>")


def plan_checkup(plan: audit.Plan | Mapping[str, Any] | str | Path | None = None, *,
                 chapter_base: str = "../",
                 linked: Collection[str] | None = None) -> PlanCheckup:
    """The plan check-up form, filled in with the example plan (or ``plan``: data or a path).

    ``chapter_base`` is the relative URL from where the form is shown to the book's root;
    ``linked``, the statement ids whose chapter exists to link to (default: the chapters
    in this checkout's ``_toc.yml``, or all of them outside a checkout).
    Never raises for a bad plan: the form then opens empty with the message shown.
    """
    try:
        if isinstance(plan, str | Path):
            plan = audit.load_plan(plan)
        return PlanCheckup(audit.example_plan() if plan is None else plan,
                           chapter_base=chapter_base, linked=linked)
    except PECourseError as exc:
        widget = PlanCheckup(chapter_base=chapter_base, linked=linked)
        widget._show_error(str(exc))
        return widget


# ---------------------------------------------------------------------------------------
# The team self-assessment (one person at a time)


def _chart_alt(scores: Mapping[str, float]) -> str:
    return "Bar chart of your scores out of 100: " + "; ".join(
        f"{s.title} {scores[s.id]:.0f}" for s in STATEMENTS if s.id in scores)


def svg_chart_html(scores: Mapping[str, float]) -> str:
    """The profile as a plain SVG bar chart: for where matplotlib is missing (the browser).

    One labelled bar per statement on a 0-100 scale, the value written beside each bar
    (never length or colour alone), and the same alt text as the matplotlib chart.
    """
    shown = [s for s in STATEMENTS if s.id in scores]
    label_w, bar_w, row_h, top = 330, 300, 34, 8
    height = top + row_h * len(shown) + 24
    width = label_w + bar_w + 50
    parts = [f'<svg class="pe-profile-chart" role="img" aria-label="{escape(_chart_alt(scores))}"'
             f' viewBox="0 0 {width} {height}" style="max-width: 100%; height: auto" '
             'xmlns="http://www.w3.org/2000/svg" font-family="sans-serif" font-size="13">']
    for row, statement in enumerate(shown):
        value = max(0.0, min(100.0, float(scores[statement.id])))
        y = top + row * row_h
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 18}" text-anchor="end" fill="currentColor">'
            f"{escape(statement.title)}</text>"
            f'<rect x="{label_w}" y="{y + 4}" width="{bar_w}" height="20" fill="none" '
            'stroke="currentColor" stroke-opacity="0.4"/>'
            f'<rect x="{label_w}" y="{y + 4}" width="{bar_w * value / 100:.1f}" height="20" '
            'fill="#1f6f8b"/>'
            f'<text x="{label_w + bar_w + 6}" y="{y + 18}" fill="currentColor">{value:.0f}'
            "</text>")
    axis_y = top + row_h * len(shown) + 14
    parts.append(f'<text x="{label_w}" y="{axis_y}" fill="currentColor">0</text>'
                 f'<text x="{label_w + bar_w}" y="{axis_y}" text-anchor="end" '
                 'fill="currentColor">100</text></svg>')
    return "".join(parts)


def _chart_html(scores: Mapping[str, float]) -> str:
    """The profile chart: matplotlib's as an <img> with alt text, else a plain SVG one."""
    try:
        fig = assessment.profile_chart(scores, title="Your self-assessment profile")
    except ImportError:
        return svg_chart_html(scores)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=96)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    alt = _chart_alt(scores)
    return (f'<img class="pe-profile-chart" src="data:image/png;base64,{data}" '
            f'alt="{escape(alt)}" style="max-width: 100%; height: auto">')


def profile_table_html(scores: Mapping[str, float], chapter_base: str = "../",
                       linked: Collection[str] | None = None) -> str:
    """One person's profile as an HTML table (the chart's text equivalent)."""
    rows = "".join(
        f'<tr><th scope="row">{audit.chapter_link_html(s.id, chapter_base, linked)}</th>'
        f"<td>{scores[s.id]:.1f}</td></tr>"
        for s in STATEMENTS if s.id in scores)
    return ('<table class="table pe-profile"><caption>Your scores by problem statement (0 to 100; '
            'higher means the healthy practice happens more often)</caption><thead><tr>'
            '<th scope="col">Problem statement</th><th scope="col">Score</th></tr></thead>'
            f"<tbody>{rows}</tbody></table>")


class SelfAssessment(w.VBox):
    """The questionnaire for one person, then their profile and the chapter to read first."""

    def __init__(self, items: tuple[assessment.Item, ...] | None = None, *,
                 chapter_base: str = "../", linked: Collection[str] | None = None):
        self.items = assessment.load_items() if items is None else items
        self.chapter_base = chapter_base
        self.linked = _linked(linked)
        self.scores: dict[str, float] | None = None
        # A drop-down list per item, not radio buttons: ipywidgets' radio buttons carry no
        # group name, so each option is its own Tab stop and the arrow keys walk on into
        # the next item, changing its answer unseen. A <select> is one Tab stop, named by
        # its label (the item), and the arrow keys change only its own answer.
        self.controls: dict[str, w.Dropdown] = {}
        # "Not answered yet" is a real first option: a list showing "1 never" for an item
        # nobody has answered would look answered, and choosing it would change nothing.
        options = [(NOT_ANSWERED, None)] + [(f"{n} {word}", n)
                                            for n, word in enumerate(assessment.SCALE, 1)]
        parts: list[w.Widget] = [w.HTML(_WRAP_CSS + (
            "<p>How often does each of these happen in your team? There are no right "
            "answers to hide behind: answer for what happens, not what should. Your answers "
            "stay on this device.</p>"))]
        number = 0
        for statement in STATEMENTS:
            parts.append(w.HTML(f'<h4 class="pe-group">{statement.number}. '
                                f"{escape(statement.title)}</h4>"))
            for item in (i for i in self.items if i.statement == statement.id):
                number += 1
                control = w.Dropdown(
                    options=options, value=None, description=f"{number}. {item.text}",
                    style=_STYLE,
                    layout=w.Layout(width="auto", max_width="48rem", display="flex",
                                    flex_flow="column", align_items="flex-start"))
                control.add_class("pe-item")
                self.controls[item.id] = control
                parts.append(control)
        self.show_button = w.Button(description="Show my profile", button_style="primary",
                                    tooltip="Show your profile by problem statement")
        self.message = w.HTML()
        self.results = w.HTML()
        self.respondent = w.Text(value="", **_TYPED, description="Your code for the team file "
                                 "(e.g. r1):", style=_STYLE,
                                 layout=w.Layout(width="auto", max_width="32rem"))
        self.filename = w.Text(value=DEFAULT_ANSWERS_NAME, description="Save my answers as:",
                               **_TYPED,
                               style=_STYLE, layout=w.Layout(width="auto", max_width="32rem"))
        self.save_button = w.Button(description="Save my answers",
                                    tooltip="Save your answers as CSV rows for the team file")
        self.save_status = w.HTML()
        self.show_button.on_click(lambda _b: self.show_profile())
        self.save_button.on_click(lambda _b: self.save_answers())
        super().__init__(parts + [self.show_button, self.message, self.results,
                                  w.HTML("<p>To build a team profile, each person saves "
                                         "their answers and one person joins the files "
                                         "(one header line) for <code>pe-course assess"
                                         "</code>.</p>"),
                                  self.respondent, w.HBox([self.filename, self.save_button]),
                                  self.save_status],
                         layout=w.Layout(max_width="52rem"))
        self.add_class("pe-tool")
        self.add_class("pe-self-assessment")
        self.in_browser = in_browser()  # as in PlanCheckup: a download, not a file

    def answers(self) -> dict[str, int | None]:
        """Item id -> the answer chosen (None when not answered yet)."""
        return {item_id: control.value for item_id, control in self.controls.items()}

    def set_answers(self, answers: Mapping[str, int]) -> None:
        """Choose answers by item id (what choosing in the drop-down lists does)."""
        for item_id, value in answers.items():
            self.controls[item_id].value = value

    def _complete_answers(self) -> dict[str, int]:
        answers = self.answers()
        missing = [n for n, (_id, value) in enumerate(answers.items(), 1) if value is None]
        if missing:
            raise PECourseError(
                f"Please answer every item first; not answered yet: item"
                f"{'s' if len(missing) > 1 else ''} {', '.join(map(str, missing))}.")
        return {k: v for k, v in answers.items() if v is not None}

    def show_profile(self) -> dict[str, float] | None:
        """Score the answers and show the chart, the table and the chapter to read first."""
        self.message.value = ""

        def run() -> None:
            self.scores = None
            self.results.value = ""
            scores = assessment.respondent_scores(self._complete_answers(), self.items)
            first = get_statement(assessment.lowest_statement(scores))
            self.scores = scores
            self.results.value = (
                '<div role="status" aria-live="polite"><h4>Your profile</h4>'
                + _chart_html(scores)
                + profile_table_html(scores, self.chapter_base, self.linked)
                + f'<p class="pe-read-first"><strong>Read this chapter first:</strong> '
                f"{audit.chapter_link_html(first.id, self.chapter_base, self.linked)} "
                f"(your lowest score, {scores[first.id]:.0f} of 100).</p></div>")

        _safely(self._show_error, run)
        return self.scores

    def save_answers(self) -> Path | None:
        """Save this person's answers as CSV (respondent,item,answer) to the typed name."""
        saved: list[Path] = []

        def run() -> None:
            answers = self._complete_answers()
            code = self.respondent.value.strip()
            if not code:
                raise PECourseError("Type a code for yourself first (for example r1); it "
                                    "keeps your rows together in the team file.")
            path, self.save_status.value = _keep(
                self.filename.value, assessment.answers_csv(code, answers),
                example=DEFAULT_ANSWERS_NAME, mime="text/csv", action="Saved your answers to",
                in_browser=self.in_browser)
            saved.extend([path] if path else [])

        _safely(lambda text: setattr(self.save_status, "value", _message(text, error=True)),
                run)
        return saved[0] if saved else None

    def _show_error(self, text: str) -> None:
        self.message.value = _message(text, error=True)

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs) or {}
        bundle["text/plain"] = "Team self-assessment questionnaire (interactive)"
        bundle["text/html"] = self_assessment_static_html(self.items)
        return bundle


def self_assessment_static_html(items: tuple[assessment.Item, ...] | None = None) -> str:
    """What the static site shows: the items as a table, and how to answer them."""
    items = assessment.load_items() if items is None else items
    scale = ", ".join(f"{n} {word}" for n, word in enumerate(assessment.SCALE, 1))
    rows, number = [], 0
    for statement in STATEMENTS:
        for item in (i for i in items if i.statement == statement.id):
            number += 1
            rows.append(f"<tr><td>{number}</td><td>{escape(statement.title)}</td>"
                        f"<td>{escape(item.text)}</td><td><code>{escape(item.id)}</code></td>"
                        "</tr>")
    return ('<div class="pe-tool-static pe-self-assessment">'
            "<p><strong>The interactive questionnaire runs in Jupyter, or in your browser "
            "with <em>Try it live</em> below</strong>: you answer each item, then see your "
            "profile as a chart "
            f"and a table, and the chapter to read first. The answer scale is: "
            f"{escape(scale)}. You can also answer on paper and use the item ids below in a "
            "CSV file for <code>pe-course assess</code>.</p>"
            '<table class="table pe-assessment-items"><caption>The self-assessment items: how '
            'often does this happen in your team?</caption><thead><tr><th scope="col">#'
            '</th><th scope="col">Problem statement</th><th scope="col">Item</th>'
            '<th scope="col">Id</th></tr></thead><tbody>' + "".join(rows)
            + "</tbody></table></div>")


def self_assessment(*, chapter_base: str = "../",
                    linked: Collection[str] | None = None) -> SelfAssessment | w.HTML:
    """The self-assessment questionnaire for one person (arguments as for plan_checkup)."""
    try:
        return SelfAssessment(chapter_base=chapter_base, linked=linked)
    except PECourseError as exc:
        return w.HTML(_message(str(exc), error=True))


__all__ = ["PlanCheckup", "SelfAssessment", "plan_checkup", "plan_checkup_static_html",
           "profile_table_html", "self_assessment", "self_assessment_static_html",
           "write_text_atomic"]
