"""The scenario player: a thin ipywidgets view over ``pe_course.scoring``.

``play(scenario_id)`` returns a ``ScenarioPlayer``. In Jupyter (and in the in-browser
JupyterLite) it is a live widget; its ``_repr_mimebundle_`` also carries a ``text/html``
readable version of the whole scenario, which is what the static site shows (the book
drops the widget mimetype for the HTML builder; see ``_config.yml``).

The player decides nothing itself: every click goes to ``scoring.choose`` and the
widget re-renders the returned ``Progress``.
"""

from __future__ import annotations

from html import escape

import ipywidgets as w

from pe_course.errors import PECourseError
from pe_course.render.player import (
    choice_labels,
    feedback_html,
    header_html,
    note_html,
    prompt_html,
)
from pe_course.render.scenario import scenario_html
from pe_course.render.scorecard import meters_html, scorecard_html
from pe_course.scenarios import Scenario, load_scenario
from pe_course.scoring import Progress, choose, score, start

# A focus ring as clear as the site's own (3 px) on the player's controls, in Jupyter too.
_FOCUS_CSS = ("<style>.pe-player button:focus-visible, .pe-player input:focus-visible, "
              ".pe-player .pe-feedback:focus {outline: 3px solid #c2410c; "
              "outline-offset: 2px;}</style>")


class ScenarioPlayer(w.VBox):
    """Plays one scenario: prompt, labelled choices, confirm, feedback, meters, ending."""

    def __init__(self, scenario: Scenario | None = None, *, error: str | None = None):
        self.scenario = scenario
        self.progress: Progress | None = None
        self.title = w.HTML()
        self.note = w.HTML()
        self.meters = w.HTML()
        self.feedback = w.HTML()
        self.prompt = w.HTML()
        self.choices = self._new_choices([])
        # The radio buttons change every step inside this box, so the player's own list of
        # parts stays the same and the browser keeps "Confirm choice" (and its focus).
        self.choice_box = w.VBox([self.choices], layout=w.Layout(width="100%"))
        # Never disabled: a disabled button drops the keyboard focus to the page once it
        # is pressed, and says nothing about why it cannot be used. Pressed with no choice
        # made, it says so instead.
        self.confirm = w.Button(description="Confirm choice", button_style="primary",
                                tooltip="Confirm the selected choice")
        self.again = w.Button(description="Play again", tooltip="Start this scenario again")
        self.summary = w.HTML()
        self.message = w.HTML()
        self.confirm.on_click(self._on_confirm)
        self.again.on_click(self._on_again)
        super().__init__(layout=w.Layout(max_width="52rem"))
        self.add_class("pe-player")
        if scenario is None:
            self._show_error(error or "No scenario to play.")
            self.children = [self.message]
            return
        self.title.value = _FOCUS_CSS + header_html(scenario)
        self.note.value = note_html(scenario)
        self.restart()

    def _new_choices(self, options: list[tuple[str, str]]) -> w.RadioButtons:
        choices = w.RadioButtons(options=options, value=None, description="Your choice:",
                                 style={"description_width": "initial"},
                                 layout=w.Layout(width="100%"))
        choices.observe(self._on_select, names="value")
        return choices

    # -- state ----------------------------------------------------------------------

    def restart(self) -> None:
        """Back to the first step with the starting trust and energy."""
        self.progress = start(self.scenario)
        self.feedback.value = ""
        self.summary.value = ""
        self.message.value = ""
        self._render()

    def select(self, choice_id: str) -> None:
        """Select a choice by id (what a click on a radio button does)."""
        self.choices.value = choice_id

    def confirm_choice(self) -> None:
        """Confirm the selected choice (what the Confirm button does)."""
        self._on_confirm(self.confirm)

    # -- events ---------------------------------------------------------------------

    def _on_select(self, change: dict) -> None:
        if change["new"] is not None:
            self.message.value = ""  # a "choose first" reminder has been answered

    def _on_confirm(self, _button: w.Button) -> None:
        try:
            if self.choices.value is None:
                self.message.value = ('<p class="pe-reminder" role="status">Pick one of the '
                                      "choices first, then confirm.</p>")
                return
            before = self.progress.state
            self.progress = choose(self.scenario, self.progress, self.choices.value)
            self.message.value = ""
            self.feedback.value = feedback_html(self.scenario, self.progress)
            self._render(before=(before.trust, before.energy))
        except PECourseError as exc:
            self._show_error(str(exc))

    def _on_again(self, _button: w.Button) -> None:
        self.restart()

    def _show_error(self, text: str) -> None:
        self.message.value = (f'<div class="pe-error" role="alert"><strong>Something went '
                              f"wrong:</strong> {escape(text)}</div>")

    # -- rendering ------------------------------------------------------------------

    def _render(self, before: tuple[int, int] | None = None) -> None:
        progress = self.progress
        self.meters.value = meters_html(progress.state.trust, progress.state.energy, before)
        if progress.finished:
            card = score(self.scenario, progress)
            self.summary.value = scorecard_html(card, self.scenario)
            self.children = [self.title, self.note, self.meters, self.feedback, self.summary,
                             self.again, self.message]
            return
        self.prompt.value = prompt_html(self.scenario, progress)
        # A new set of radio buttons for every step, not new options in the old one: the
        # browser's copy of the old widget may still hold the last step's position, and
        # picking the same position again then sends nothing: the choice never arrives.
        old = self.choices
        self.choices = self._new_choices(choice_labels(self.scenario, progress))
        self.choice_box.children = [self.choices]
        self.children = [self.title, self.note, self.meters, self.feedback, self.prompt,
                         self.choice_box, self.confirm, self.message]
        old.close()  # after it has left the page

    # -- static site --------------------------------------------------------------------

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs)
        if self.scenario is not None:
            bundle["text/html"] = scenario_html(self.scenario)
            bundle["text/plain"] = f"Scenario player: {self.scenario.title}"
        else:
            bundle["text/html"] = self.message.value
        return bundle


def play(scenario_id: str) -> ScenarioPlayer:
    """Return a player for a shipped scenario id (or a scenario file path).

    A bad id or a broken file never raises: the player shows the message instead.
    """
    try:
        return ScenarioPlayer(load_scenario(scenario_id))
    except PECourseError as exc:
        return ScenarioPlayer(None, error=str(exc))


__all__ = ["ScenarioPlayer", "play"]
