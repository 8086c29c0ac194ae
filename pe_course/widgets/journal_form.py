"""The reflection journal as a form: a reflection question quoted, a box to write in,
"Save entry", and what the learner has written on that question so far.

A thin view over ``pe_course.journal``, which checks, saves (never losing a word) and
exports. The journal's file is shown in a labelled box the learner can change; the status
line always says where the journal is and whether the last save worked. When a save
fails, the message says why and the typed text stays in its box. In the in-browser
course the file is on the browser's own stored drive, so the form says it is kept in
this browser only and offers the whole journal as a download.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import ipywidgets as w

from pe_course.errors import PECourseError
from pe_course.journal import (
    Entry,
    Journal,
    JournalError,
    UnreadableJournalError,
    add_entry,
    default_path,
    read_journal,
)
from pe_course.render.journal import (
    DOWNLOAD_NAME,
    entries_html,
    journal_markdown,
    question_html,
)
from pe_course.statements import QUESTIONS, get_question
from pe_course.widgets.forms import (
    STYLE,
    TYPED,
    WRAP_CSS,
    download_link_html,
    in_browser,
    message_html,
    safely,
)

_WIDE = {"width": "auto", "max_width": "48rem"}


class JournalForm(w.VBox):
    """The journal's file, a question (fixed, or chosen from the four), a prompt and an
    entry to write, "Save entry", a status line, and the entries so far."""

    def __init__(self, question: str | None = None, chapter: str | None = None,
                 path: str | Path | None = None):
        if question is not None:
            get_question(question)  # an unknown id is a mistake: say so now, with the ids
        self.fixed_question, self.chapter = question, chapter
        self.in_browser = in_browser()
        where = ("<strong>kept in this browser only</strong>: it stays in this browser on "
                 "this computer, and clearing the browser's site data deletes it, so "
                 "download a copy to keep" if self.in_browser else
                 "a file on your own computer")
        intro = w.HTML(WRAP_CSS + (
            f"<p>Write what you think, for yourself. Your journal is {where}. Nothing is "
            "sent anywhere. Press <strong>Save entry</strong> to add what you wrote.</p>"))
        self.path_box = w.Text(value=str(default_path() if path is None else path),
                               description="Your journal file:", **TYPED, style=STYLE,
                               layout=w.Layout(**_WIDE))
        self.question_box = None if question else w.Dropdown(
            options=[(q.title, q.id) for q in QUESTIONS], description="Reflection question:",
            style=STYLE, layout=w.Layout(**_WIDE))
        self.quote = w.HTML()
        self.prompt_box = w.Text(value="", description="The prompt you are answering "
                                 "(optional):", **TYPED, style=STYLE, layout=w.Layout(**_WIDE))
        self.text_box = w.Textarea(value="", description="Your entry:", rows=8, **TYPED,
                                   style=STYLE, layout=w.Layout(**_WIDE))
        self.save_button = w.Button(description="Save entry", button_style="primary",
                                    tooltip="Add this entry to your journal")
        self.save_button.on_click(lambda _b: self.save())
        self.status, self.entries, self.download = w.HTML(), w.HTML(), w.HTML()
        self.path_box.observe(lambda _c: self.refresh(), names="value")
        controls = [self.path_box, *([self.question_box] if self.question_box else []),
                    self.quote, self.prompt_box, self.text_box, self.save_button]
        super().__init__([intro, *controls, self.status, self.entries, self.download],
                         layout=w.Layout(max_width="52rem"))
        if self.question_box is not None:
            self.question_box.observe(lambda _c: self.refresh(), names="value")
        self.add_class("pe-tool")
        self.add_class("pe-journal-form")
        self.refresh()

    @property
    def question(self) -> str:
        """The id of the question being answered."""
        return self.fixed_question or self.question_box.value

    @property
    def path(self) -> Path:
        """The journal file the learner has chosen (the box, as typed)."""
        return Path(self.path_box.value.strip()).expanduser()

    def refresh(self, saved_at: str = "") -> Journal | None:
        """Show the question, its entries so far and the download; the status line says
        where the journal is (and that an entry was saved at ``saved_at``, HH:MM), or what
        is wrong with its file."""
        question = get_question(self.question)
        self.quote.value = question_html(question, heading_level=4)
        try:
            journal = read_journal(self.path)
        except PECourseError as exc:
            self.entries.value = self.download.value = ""
            self.status.value = (message_html(f"Your journal is {self.path}, but it cannot be "
                                              "used as it is.")
                                 + message_html(f"{exc}\nTo start a new journal, type another "
                                                "file name above.", error=True))
            return None
        count = len(journal.entries)
        kept = " (kept in this browser only)" if self.in_browser else ""
        where = (f"Saved in {journal.path}{kept} at {saved_at}" if saved_at else
                 f"Your journal is {journal.path}{kept}")
        self.status.value = message_html(f"{where}: {count} {'entry' if count == 1 else 'entries'}"
                                         " so far. Nothing is sent anywhere.")
        mine = journal.for_question(question.id)
        self.entries.value = (
            f'<div class="pe-journal-entries"><h4>What you have written on this question '
            f"({len(mine)})</h4>{entries_html(mine, heading_level=5)}</div>" if mine else
            "<p>You have not written on this question yet.</p>")
        self.download.value = "" if not count else "<p>" + download_link_html(
            DOWNLOAD_NAME, journal_markdown(journal), "text/markdown",
            "Download your whole journal (Markdown)") + "</p>"
        return journal

    def save(self) -> Entry | None:
        """Add the typed entry to the journal. If that fails, the message says why and
        what was typed stays in the boxes: nothing is lost."""
        saved: list[Entry] = []

        def run() -> None:
            try:
                saved.append(add_entry(self.path, self.question, self.text_box.value,
                                       prompt=self.prompt_box.value, chapter=self.chapter))
            except UnreadableJournalError as exc:
                raise JournalError(f"{exc}\nTo start a new journal, type another file name "
                                   "above.") from None

        safely(self._show_save_problem, run)
        if not saved:
            return None
        at = datetime.fromisoformat(saved[0].time).astimezone().strftime("%H:%M")
        self.text_box.value = self.prompt_box.value = ""  # saved: ready for the next one
        self.refresh(saved_at=at)
        return saved[0]

    def _show_save_problem(self, text: str) -> None:
        self.status.value = (
            message_html(f"Not saved. Your journal is {self.path}.")
            + message_html(f"{text}\nWhat you typed is still in the box: nothing is lost.",
                           error=True))

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs) or {}
        bundle["text/plain"] = "Reflection journal (interactive form)"
        bundle["text/html"] = journal_static_html(self.fixed_question)
        return bundle


def journal_static_html(question: str | None = None) -> str:
    """Where the form cannot run (the static page): where the journal boxes are, what the
    form does in Jupyter, and the question (or the four) quoted, each under an h3: the
    chapter shows this under a section's h2, and a heading never skips a level."""
    questions = [get_question(question)] if question else QUESTIONS
    return ('<div class="pe-tool-static pe-journal-form" data-pe-live="journal">'
            "<p><strong>Your reflection journal.</strong> On the course website, the boxes "
            "to write your journal in are part of the page itself: what you write there is "
            "kept in your browser only, and nothing is sent anywhere. <em>Try it live</em> "
            "runs this form in your browser, and keeps its journal in this browser only. "
            "In Jupyter, this form saves each entry to a file on "
            "your own computer (at first <code>journal.json</code> in a folder called "
            "<code>pe-course</code> in your home folder), and the <code>pe-course "
            "journal</code> command lists and exports it.</p>"
            + "".join(question_html(q, heading_level=3) for q in questions) + "</div>")


def journal(question: str | None = None, chapter: str | None = None,
            path: str | Path | None = None) -> JournalForm:
    """The journal form for one reflection question (or a choice of the four), saving to
    ``path`` (default: ``pe_course.journal.default_path()``); ``chapter`` is the page."""
    return JournalForm(question, chapter, path)


__all__ = ["DOWNLOAD_NAME", "JournalForm", "journal", "journal_static_html"]
