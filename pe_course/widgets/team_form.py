"""The team profile for a facilitator: load several people's answer files (the CSV each
one saved from the self-assessment), drop any, and see the team profile, with the
patient partners' view beside everyone else's when roles are given; download it as
Markdown or a printable page.

The files are read in the page itself: nothing is sent anywhere. A bad file is named with
its line; the files already loaded are kept.
"""

from __future__ import annotations

from html import escape

import ipywidgets as w

from pe_course.assessment import TeamAnswers, parse_answers
from pe_course.errors import AssessmentError, PECourseError, Problem
from pe_course.render.profile import profile_html, profile_markdown, profile_page
from pe_course.team_profile import TeamProfile, team_profile
from pe_course.widgets.forms import (
    STYLE,
    WRAP_CSS,
    message_html,
    report_downloads_html,
    safely,
    uploaded_files,
)


class TeamProfileForm(w.VBox):
    """Answer files in, the team profile out."""

    def __init__(self) -> None:
        self.files: dict[str, TeamAnswers] = {}  # file name -> its answers, in load order
        self.profile: TeamProfile | None = None
        self.upload = w.FileUpload(accept=".csv", multiple=True,
                                   description="Add answer files (CSV)")
        self.upload.observe(lambda _change: self.add_uploaded(), names="value")
        self.loaded = w.HTML()
        self.drop_choice = w.Dropdown(options=[], description="File to drop:", style=STYLE)
        self.drop_button = w.Button(description="Drop this file",
                                    tooltip="Leave this file out of the team profile")
        self.drop_button.on_click(lambda _b: self.drop(self.drop_choice.value))
        self.make_button = w.Button(description="Make the team profile", button_style="primary")
        self.make_button.on_click(lambda _b: self.make())
        self.message = w.HTML()
        self.results = w.HTML()
        intro = w.HTML(WRAP_CSS + (
            "<p>Add the answer file each person saved from the self-assessment (you can "
            "add several at once), then press <strong>Make the team profile</strong>. The "
            "files are read here, on this device: nothing is sent anywhere. No group of "
            "fewer than 3 people is shown.</p>"))
        super().__init__([intro, self.upload, self.loaded,
                          w.HBox([self.drop_choice, self.drop_button]), self.make_button,
                          self.message, self.results], layout=w.Layout(max_width="52rem"))
        self.add_class("pe-tool")
        self.add_class("pe-team-profile-form")
        self._show_files()

    def add_files(self, files: list[tuple[str, str]]) -> None:
        """Add (name, CSV text) files; each bad one is named with its problems, not added."""
        errors = []
        for name, text in files:
            try:
                self.files[name] = parse_answers(text, name)
            except AssessmentError as exc:
                errors.append(str(exc))
        self._show_files()
        self.message.value = message_html("\n\n".join(errors), error=True) if errors else ""

    def add_uploaded(self) -> None:
        safely(self._show_error, lambda: self.add_files(uploaded_files(self.upload.value)))

    def drop(self, name: str | None) -> None:
        """Leave one file out."""
        self.files.pop(name or "", None)
        self._show_files()

    def combined(self) -> TeamAnswers:
        """Every loaded file's answers as one team; a person in two files is named."""
        if not self.files:
            raise PECourseError("Add at least one answer file first.")
        seen: dict[str, str] = {}
        problems = []
        for name, answers in self.files.items():
            for who in answers.respondents:
                if who in seen:
                    problems.append(Problem(name, f"respondent {who!r} is also in "
                                                  f"{seen[who]}; give each person their "
                                                  "own code, or drop one of the files"))
                seen.setdefault(who, name)
        if problems:
            raise AssessmentError("the answer files", problems)
        return TeamAnswers("the answer files", tuple(a for answers in self.files.values()
                                                     for a in answers.answers))

    def make(self) -> TeamProfile | None:
        """The team profile of the loaded files, with downloads (or what to fix)."""
        self.message.value = self.results.value = ""
        self.profile = None

        def run() -> None:
            self.profile = team_profile(self.combined())
            self.results.value = ('<div role="status" aria-live="polite">'
                                  + profile_html(self.profile) + report_downloads_html(
                                      "team-profile", {"md": profile_markdown(self.profile),
                                                       "html": profile_page(self.profile)})
                                  + "</div>")

        safely(self._show_error, run)
        return self.profile

    def _show_files(self) -> None:
        names = list(self.files)
        self.drop_choice.options = names
        self.drop_button.disabled = not names
        items = "".join(f"<li>{escape(n)} ({len(a.respondents)} "
                        f"{'person' if len(a.respondents) == 1 else 'people'})</li>"
                        for n, a in self.files.items())
        self.loaded.value = (f'<div role="status"><p>Files loaded: {len(names)}</p>'
                             + (f"<ul>{items}</ul>" if items else "") + "</div>")

    def _show_error(self, text: str) -> None:
        self.message.value = message_html(text, error=True)

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs) or {}
        bundle["text/plain"] = "Team profile from answer files (interactive)"
        bundle["text/html"] = (
            '<div class="pe-tool-static pe-team-profile-form" data-pe-live="team-profile">'
            "<p><strong>The team profile form runs in Jupyter or in your browser.</strong> "
            "A facilitator adds the answer file each person saved from the self-assessment "
            "and sees the team's profile, with the patient partners' answers beside "
            "everyone else's (it needs at least 3 people, and no group of fewer than 3 "
            "people is shown). Without the form, join the files and run "
            "<code>pe-course assess ANSWERS.csv --format html</code>.</p></div>")
        return bundle


def team_profile_form() -> TeamProfileForm:
    """The facilitator's team profile form, with no files loaded."""
    return TeamProfileForm()


__all__ = ["TeamProfileForm", "team_profile_form"]
