"""What the two tool forms share: a results area and a message line, saving the result
under a typed file name (or, in the browser, offering it as a download), and turning any
failure into a message in the form, never a traceback.

Every control has a visible label (``description``) and is a native form control, so the
forms work with a keyboard and a screen reader.
"""

from __future__ import annotations

import base64
import sys
from collections.abc import Callable, Collection, Mapping, Sequence
from html import escape
from pathlib import Path
from typing import Any

import ipywidgets as w

from pe_course.errors import PECourseError
from pe_course.saving import write_atomic
from pe_course.statements import get_statement

STYLE = {"description_width": "initial"}
# Text boxes send their value when the learner leaves them (Tab, Enter or a click on a
# button), not at every key: with a round trip per key, a fast typist's last letters
# could be overwritten by the reply to an earlier one.
TYPED = {"continuous_update": False}

# ipywidgets labels do not wrap by default; long questions must stay readable. On a narrow
# screen (a phone: 390 px) a question's box or drop-down goes under its label instead of
# off the edge, a checkbox's label wraps without running into the next one, and the
# check-up's findings table becomes one block per finding (its column headings written in
# front of each part: keep them the same as render/plan_report.py's). The static page's
# copy of the table rules is in pe_course/sphinx/static/pe-a11y.css.
WRAP_CSS = ("<style>.pe-tool .widget-label, .pe-tool .widget-label-basic "
            "{white-space: normal; overflow: visible; height: auto; line-height: 1.3;} "
            ".pe-tool .widget-inline-hbox {flex-wrap: wrap; height: auto; row-gap: 0.2em;} "
            ".pe-tool .widget-inline-hbox > .widget-label {max-width: 100%; text-align: left;} "
            ".pe-tool .widget-inline-hbox > input, .pe-tool .widget-inline-hbox > select, "
            ".pe-tool .widget-inline-hbox > textarea {min-width: 0; max-width: 100%; "
            "flex: 1 1 auto;} "
            ".pe-tool .pe-item {height: auto; margin-bottom: 0.6em;} "
            ".pe-tool .pe-item .widget-label {text-align: left; width: auto; "
            "max-width: 100%;} "
            ".pe-tool .pe-item select {width: 14em; max-width: 100%; flex: none;} "
            ".pe-tool .widget-checkbox {height: auto;} "
            ".pe-tool .widget-checkbox > .widget-label-basic {display: flex; "
            "align-items: baseline; gap: 0.4em;} "
            ".pe-tool .widget-checkbox input {flex: none;} "
            ".pe-tool .widget-hbox {flex-wrap: wrap; gap: 0.3em 0.5em;} "
            ".pe-tool .jupyter-button {width: auto; max-width: 100%;} "
            ".pe-tool .widget-html-content {line-height: 1.45;} "
            ".pe-audit-report table {width: 100%; max-width: 100%;} "
            "@media (max-width: 40rem) {"
            ".pe-audit-findings, .pe-audit-findings tbody, .pe-audit-findings tr, "
            ".pe-audit-findings td, .pe-audit-findings caption {display: block;} "
            ".pe-audit-findings caption {text-align: left;} "
            ".pe-audit-findings thead {display: none;} "
            ".pe-audit-findings tr {padding: 0.5em 0; border-top: 1px solid #ccc;} "
            ".pe-audit-findings td {border: 0; padding: 0.15em 0;} "
            ".pe-audit-findings td:nth-child(2)::before {content: 'What we found: '; "
            "font-weight: 600;} "
            ".pe-audit-findings td:nth-child(3)::before {content: 'What to do: '; "
            "font-weight: 600;} "
            ".pe-audit-findings td:nth-child(4)::before {content: 'Learn more: '; "
            "font-weight: 600;}}</style>")


def write_text_atomic(path: str | Path, text: str) -> Path:
    """Check the file name, then write ``text`` to ``path`` whole (``pe_course.saving``)."""
    target = Path(path).expanduser()
    if not str(path).strip():
        raise PECourseError("Type a file name first")
    if target.is_dir():
        raise PECourseError(f"{target} is a folder; type a file name")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise PECourseError(f"the folder {folder} does not exist")
    write_atomic(target, text)
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


FORMAT_LABELS = {"md": ("Download as Markdown", "text/markdown"),
                 "csv": ("Download as CSV", "text/csv"),
                 "html": ("Download a printable page (HTML)", "text/html")}


def report_downloads_html(stem: str, texts: Mapping[str, str]) -> str:
    """One download link per format (``md``, ``csv``, ``html``: see ``FORMAT_LABELS``),
    each file named ``stem.<format>``: the report kept in one click, nothing sent anywhere."""
    links = "".join(
        "<li>" + download_link_html(f"{stem}.{fmt}", text, FORMAT_LABELS[fmt][1],
                                    FORMAT_LABELS[fmt][0]) + "</li>"
        for fmt, text in texts.items())
    return f'<ul class="pe-downloads" aria-label="Downloads">{links}</ul>'


def uploaded_files(value: Any) -> list[tuple[str, str]]:
    """The files a ``FileUpload`` holds, as (name, text), in the order given.

    The files are read in the page itself: nothing is sent anywhere. A file that is not
    UTF-8 text is named (``PECourseError``).
    """
    if isinstance(value, Mapping):  # ipywidgets 7: {name: {"content": bytes, ...}}
        entries = [{"name": name, **meta} for name, meta in value.items()]
    else:  # ipywidgets 8: a tuple of {"name", "content": memoryview, ...}
        entries = list(value or ())
    out = []
    for entry in entries:
        name = str(entry.get("name") or "uploaded file")
        try:
            text = bytes(entry.get("content") or b"").decode("utf-8")
        except UnicodeDecodeError:
            raise PECourseError(f"{name}: not a text file in UTF-8; save it from your "
                                "spreadsheet as CSV (UTF-8)") from None
        out.append((name, text))
    return out


def message_html(text: str, *, error: bool = False) -> str:
    """A status line, or (``error``) a message saying what to fix, announced at once."""
    if error:
        return (f'<div class="pe-error" role="alert"><strong>Something to fix:</strong>'
                f'<pre style="white-space: pre-wrap">{escape(text)}</pre></div>')
    return f'<div class="pe-status" role="status">{escape(text)}</div>'


def value_at(data: Mapping[str, Any], path: str) -> Any:
    """The value at a dotted path of plan-shaped data (``compensation.hourly_rate``)."""
    head, _, tail = path.partition(".")
    return data.get(head) if not tail else (data.get(head) or {}).get(tail)


def as_text(value: Any) -> str:
    """A value as a text box shows it: blank for none, ``25`` rather than ``25.0``."""
    return "" if value is None else f"{value:g}" if isinstance(value, float) else str(value)


def collect(values: Mapping[str, Any], start: Mapping[str, Any] | None = None
            ) -> dict[str, Any]:
    """Answers by dotted path in the plan's layout; answers left blank (None) are left out."""
    data: dict[str, Any] = dict(start or {})
    for path, value in values.items():
        head, _, tail = path.partition(".")
        if tail:
            section = data.setdefault(head, {})
            if value is not None:
                section[tail] = value
        elif value is not None:
            data[head] = value
    return data


def problems_html(problems: Sequence[Any], question_of: Callable[[str], str],
                  goal: str) -> str:
    """Each problem with the form's own question (so no one needs the file's field names)
    and its field, announced at once: ``goal`` says what fixing them allows."""
    rows = []
    for problem in problems:
        try:
            question = question_of(problem.where)
        except KeyError:
            question = problem.where or "The form"
        rows.append(f"<li><strong>{escape(question)}</strong> "
                    f"(<code>{escape(problem.where)}</code>): {escape(problem.message)}</li>")
    noun = "answer needs" if len(rows) == 1 else "answers need"
    return (f'<div class="pe-error" role="alert"><p><strong>{len(rows)} {noun} fixing '
            f"before {goal}:</strong></p><ul>{''.join(rows)}</ul></div>")


def safely(show_error: Callable[[str], None], action: Callable[[], None]) -> None:
    """Run a button's action; any failure becomes a message in the widget."""
    try:
        action()
    except PECourseError as exc:
        show_error(str(exc))
    except OSError as exc:
        show_error(f"Could not save the file: {exc.strerror or exc}")
    except Exception as exc:  # noqa: BLE001 - a learner must never see a traceback
        show_error(f"Something went wrong ({type(exc).__name__}: {exc}).")


def chapters_to_link(linked: Collection[str] | None) -> frozenset[str] | None:
    """The statements whose chapter may be linked: all (None) or the ids given.

    Which chapters the book has is known only when the site is built: it turns links to
    missing chapters into plain text (links carry ``data-pe-chapter``).
    """
    if linked is None:
        return None
    for statement_id in linked:
        get_statement(statement_id)  # an unknown id is a mistake: say so now
    return frozenset(linked)


class ToolForm(w.VBox):
    """A tool's form: its questions, a button that runs it, a message line, the results,
    and a file name box with a save button (a download in the browser).

    A subclass builds its questions and its run button, then calls ``__init__``; it
    implements ``saved_text()`` (the text to keep, or ``PECourseError`` saying why not)
    and ``static_html()`` (what the static page shows instead of the form).
    """

    default_name = "result.txt"
    mime = "text/plain"
    saved_action = "Saved to"
    plain_title = "Tool (interactive form)"  # the text/plain stand-in for the form
    made_noun = "result"  # "The <noun> was not saved: fix the answers first"

    def __init__(self, questions: list[w.Widget], run_button: w.Button, *,
                 file_label: str, save_label: str, save_tooltip: str, css_class: str,
                 before_saving: Sequence[w.Widget] = (), chapter_base: str = "../",
                 linked: Collection[str] | None = None):
        self.chapter_base = chapter_base
        self.linked = chapters_to_link(linked)
        self.message = w.HTML()
        self.results = w.HTML()
        self.filename = w.Text(value=self.default_name, description=file_label, **TYPED,
                               style=STYLE, layout=w.Layout(width="auto", max_width="32rem"))
        self.save_button = w.Button(description=save_label, tooltip=save_tooltip)
        self.save_status = w.HTML()
        self.save_button.on_click(lambda _b: self.save())
        super().__init__(questions + [run_button, self.message, self.results,
                                      *before_saving, w.HBox([self.filename, self.save_button]),
                                      self.save_status],
                         layout=w.Layout(max_width="52rem"))
        self.add_class("pe-tool")
        self.add_class(css_class)
        # In the browser a saved file would stay inside the page: offer a download instead.
        self.in_browser = in_browser()

    def saved_text(self) -> str:
        """The text that ``save`` keeps (each form says what it is)."""
        raise NotImplementedError

    def static_html(self) -> str:
        """The readable page version of the form (each form says what it asks)."""
        raise NotImplementedError

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs) or {}
        bundle["text/plain"] = self.plain_title
        bundle["text/html"] = self.static_html()
        return bundle

    def made(self, result):
        """``result`` of the form's run, or a ``PECourseError`` saying it was not saved
        (the run has already shown what to fix, above the results)."""
        if result is None:
            raise PECourseError(f"The {self.made_noun} was not saved: fix the answers "
                                "first (see the message above).")
        return result

    def save(self) -> Path | None:
        """Save ``saved_text()`` under the typed file name; in the browser nothing is
        written and the text is offered as a download. Returns the saved path, if any."""
        saved: list[Path] = []

        def run() -> None:
            text = self.saved_text()
            name = self.filename.value.strip()
            if not name:
                raise PECourseError("Type a file name first, for example " + self.default_name)
            path = None if self.in_browser else write_text_atomic(name, text)
            self.save_status.value = self._saved_html(path, name, text)
            saved.extend([path] if path else [])

        safely(self._show_save_error, run)
        return saved[0] if saved else None

    def _saved_html(self, path: Path | None, filename: str, text: str) -> str:
        """What the form says after saving: where the file went, and a download link."""
        name = Path(filename).name
        if path is None:  # in the browser: the download is the way to keep it
            return ('<div class="pe-status" role="status">Ready: '
                    + download_link_html(filename, text, self.mime, f"download {name}")
                    + ". It goes to your browser's downloads folder; nothing is sent anywhere."
                    "</div>")
        return (f'<div class="pe-status" role="status">{escape(self.saved_action)} '
                f"{escape(str(path))}. "
                + download_link_html(filename, text, self.mime, f"Download a copy ({name})")
                + "</div>")

    def _show_error(self, text: str) -> None:
        self.message.value = message_html(text, error=True)

    def _show_save_error(self, text: str) -> None:
        self.save_status.value = message_html(text, error=True)
