"""The ``{journal}`` directive: a chapter's reflection prompts, each with a box to write in.

````md
```{journal} feedback
- When a partner disagrees with the professionals, how do we weigh what they say?
- After we use a partner's story, do we ask how it felt, and change what we do next?
```
````

The argument is a reflection question's id (``pe_course.statements.QUESTION_IDS``); the
content is a bullet list, one prompt per bullet (indented lines go on with the bullet).
The HTML is ``pe_course.render.journal.journal_boxes_html``: without JavaScript a readable
list of the prompts; ``static/pe_journal.js`` (with ``pe_journal.css``, loaded on the pages
that have a journal, and only on those) shows a box under each prompt and keeps what is
typed in the browser's ``localStorage``, never sending it anywhere. Other builders get the
prompts as a plain bullet list. An unknown id, no prompts or a line that is not part of a
bullet stops the build naming the page, the line and the valid ids.
"""

from __future__ import annotations

import re

from docutils import nodes
from docutils.statemachine import StringList
from docutils.utils.smartquotes import educateQuotes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util.docutils import SphinxDirective

from pe_course.sphinx._pages import PageSet
from pe_course.sphinx.live import live_html

# Pages that load pe_journal.js and pe_journal.css (only those pages do).
JOURNAL_PAGES = PageSet("pe_journal_pages")
_BULLET = re.compile(r"[-*+][ \t]+(?P<text>\S.*)|[-*+]$")


def parse_prompts(content: StringList) -> tuple[list[str], list[tuple[int, str]]]:
    """The prompts of a bullet list, continuation lines joined with a space; and the lines
    (index in ``content``, text) that are neither a bullet nor indented under one."""
    prompts: list[list[str]] = []
    stray: list[tuple[int, str]] = []
    for index, line in enumerate(content):
        if not line.strip():
            continue
        if bullet := _BULLET.fullmatch(line.rstrip()):
            prompts.append([bullet["text"] or ""])
        elif line[:1] in (" ", "\t") and prompts:
            prompts[-1].append(line.strip())
        else:
            stray.append((index, line))
    return [" ".join(part for part in parts if part) for parts in prompts], stray


class JournalDirective(SphinxDirective):
    """``{journal} <question id>`` with a bullet list of prompts: a box under each prompt."""

    required_arguments = 1
    has_content = True

    def _stop(self, what: str, line: int | None = None) -> ExtensionError:
        from pe_course.statements import QUESTION_IDS

        source, lineno = self.get_source_info()
        return ExtensionError(
            f"{source}:{line or lineno}: journal {self.arguments[0]!r} on page "
            f"{self.env.docname!r}: {what}; valid reflection "
            f"question ids: {', '.join(QUESTION_IDS)}")

    def _first_content_line(self) -> int:
        # MyST gives no content offset: its content starts on the line after the fence
        return self.content_offset + 1 if self.content_offset else self.lineno + 1

    def _curly(self, prompts: list[str]) -> list[str]:
        """Curly quotes and apostrophes, as Sphinx gives the page's own text (the prompts
        were a list of the page's text before they had boxes)."""
        config = self.config
        if not config.smartquotes or self.env.app.builder.name in \
                config.smartquotes_excludes.get("builders", ()):
            return prompts
        return [educateQuotes(p, language=config.language or "en") for p in prompts]

    def run(self) -> list[nodes.Node]:
        from pe_course.render.journal import journal_boxes_html
        from pe_course.statements import QUESTION_IDS, get_question

        question_id = self.arguments[0]
        if question_id not in QUESTION_IDS:
            raise self._stop("no such reflection question")
        prompts, stray = parse_prompts(self.content)
        if stray:
            index, line = stray[0]
            raise self._stop(f"{line.strip()!r} is not a bullet; write one '- ' bullet per "
                             "prompt (indent a line to go on with the bullet above)",
                             self._first_content_line() + index)
        if not prompts or not all(prompts):
            raise self._stop("no prompt given; write one '- ' bullet per prompt under the "
                             "directive" if not prompts else "a bullet with no prompt")
        # a second block for the same question on the page numbers on from the first
        start = self.env.new_serialno(f"pe-journal-{question_id}") + 1
        for _ in prompts[1:]:
            self.env.new_serialno(f"pe-journal-{question_id}")
        JOURNAL_PAGES.add(self.env, self.env.docname)
        html = journal_boxes_html(get_question(question_id), self._curly(prompts),
                                  self.env.docname, start=start)
        # builders other than HTML (text, LaTeX) get the prompts as a bullet list
        other = addnodes.only(expr="not html")
        other += nodes.bullet_list("", *(nodes.list_item("", nodes.paragraph(text=p))
                                         for p in prompts), bullet="-")
        return [live_html(html=html), other]


def register(app: Sphinx) -> None:
    JOURNAL_PAGES.connect(app, css="pe_journal.css", js="pe_journal.js")
    app.add_directive("journal", JournalDirective)
