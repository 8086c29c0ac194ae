"""The reflection journal as Markdown and as HTML, by reflection question, oldest entry
first; the learner's words as written. Every piece of learner text in HTML is escaped,
inside attributes too. ``journal_boxes_html`` is the journal on the static website: a
chapter's prompts with a box each, kept in the browser by ``pe_journal.js``, whose export
writes the same Markdown as ``journal_markdown``."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from html import escape  # quote=True by default: safe inside attributes too

from pe_course.journal import Entry, Journal
from pe_course.statements import QUESTIONS, Question

SOURCE = "Fig. 1 of the patient partners' commentary on patient engagement gone wrong"
STORAGE_PREFIX = "pe-journal:"  # localStorage keys: pe-journal:<page>:<question>:<number>
DOWNLOAD_NAME = "reflection-journal.md"


def _when(entry: Entry) -> str:
    return f"{entry.time[:10]} {entry.time[11:16]} UTC"


def journal_markdown(journal: Journal) -> str:
    """The journal as Markdown by question, oldest entry first; the words as written."""
    lines = ["# My reflection journal", ""]
    for question in QUESTIONS:
        if entries := journal.for_question(question.id):
            lines += [f"## {question.number}. {question.title}", "",
                      f"> “{question.question}”", ">", f"> — {SOURCE}", ""]
        for entry in entries:
            where = f" (from the page “{entry.chapter}”)" if entry.chapter else ""
            lines += [f"### {_when(entry)}{where}", ""]
            lines += [f"*Prompt:* {entry.prompt}", ""] if entry.prompt else []
            lines += [entry.text.strip("\n"), ""]
    return "\n".join(lines + ([] if journal.entries else ["No entries yet.", ""]))


def entries_html(entries: Sequence[Entry], heading_level: int = 3) -> str:
    """Entries as HTML; every piece of the learner's text is escaped, attributes too."""
    h, parts = f"h{heading_level}", []
    for e in entries:
        chapter = f' data-chapter="{escape(e.chapter)}"' if e.chapter else ""
        where = f" (from the page “{escape(e.chapter)}”)" if e.chapter else ""
        prompt = (f'<p class="pe-journal-prompt"><em>Prompt:</em> {escape(e.prompt)}</p>'
                  if e.prompt else "")
        paragraphs = "".join(f"<p>{'<br>'.join(escape(line) for line in p.splitlines())}</p>"
                             for p in re.split(r"\n\s*\n", e.text.strip()) if p.strip())
        parts.append(f'<article class="pe-journal-entry"{chapter}><{h}><time datetime='
                     f'"{escape(e.time)}">{escape(_when(e))}</time>{where}</{h}>{prompt}'
                     f"{paragraphs}</article>")
    return "".join(parts)


def question_html(question: Question, heading_level: int = 2) -> str:
    """A reflection question's title and its words, quoted and attributed."""
    return (f"<h{heading_level}>{question.number}. {escape(question.title)}</h{heading_level}>"
            f'<figure class="pe-journal-question"><blockquote><p>{escape(question.question)}'
            f"</p></blockquote><figcaption>— {escape(SOURCE)}</figcaption></figure>")


def journal_html(journal: Journal) -> str:
    """The journal as a web page of its own, by reflection question, oldest entry first."""
    body = "".join(f'<section id="pe-journal-{q.id}">{question_html(q)}{entries_html(es)}</section>'
                   for q in QUESTIONS if (es := journal.for_question(q.id)))
    return ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>My reflection '
            'journal</title></head><body><main class="pe-journal"><h1>My reflection journal'
            f"</h1>{body or '<p>No entries yet.</p>'}</main></body></html>\n")


def box_id(page: str, question_id: str, number: int) -> str:
    """The HTML id of a journal box: page name, question and number, stable across builds."""
    return f"pe-journal-{re.sub(r'[^A-Za-z0-9_-]+', '-', page).strip('-')}-{question_id}-{number}"


def storage_key(page: str, question_id: str, number: int) -> str:
    """Where the browser keeps a box's text (``localStorage``)."""
    return f"{STORAGE_PREFIX}{page}:{question_id}:{number}"


def _questions_json() -> str:
    """What the browser's export needs to write its headings, as in ``journal_markdown``."""
    return json.dumps({"source": SOURCE, "questions": [
        {"id": q.id, "number": q.number, "title": q.title, "question": q.question}
        for q in QUESTIONS]}, ensure_ascii=False)


NOSCRIPT = ("The boxes to write your answers in need JavaScript, which is turned off: "
            "with it on, what you write is kept in this browser only. The questions above "
            "are still yours to think through, or to answer on paper.")
NOTE = ("What you write is kept in this browser only, on this device: nothing is sent "
        "anywhere. “Export my journal” downloads your answers from every page of the course "
        f"as one Markdown file ({DOWNLOAD_NAME}); “Clear this page's answers” deletes only "
        "what you wrote on this page.")


def journal_boxes_html(question: Question, prompts: Sequence[str], page: str,
                       start: int = 1) -> str:
    """A chapter's reflection prompts for one question, each with a labelled box.

    Without JavaScript the prompts are a readable list and a note says the boxes need it;
    ``pe_journal.js`` shows the boxes and the buttons, fills the boxes from the browser's
    storage and keeps what is typed there. Boxes are numbered from ``start`` (a second
    block for the same question on a page goes on from the first).
    """
    items = []
    for number, prompt in enumerate(prompts, start):
        ident = box_id(page, question.id, number)
        items.append(
            f'<li class="pe-journal-item"><label class="pe-journal-prompt" for="{ident}">'
            f'{escape(prompt)}</label><textarea class="pe-journal-box" id="{ident}" '
            f'rows="4" data-pe-key="{escape(storage_key(page, question.id, number))}" '
            f'data-pe-number="{number}" hidden></textarea></li>')
    return (f'<div class="pe-journal" data-pe-journal="{question.id}" '
            f'data-pe-page="{escape(page)}" '
            f'data-pe-journal-questions="{escape(_questions_json())}">'
            f'<ol class="pe-journal-prompts">{"".join(items)}</ol>'
            f'<noscript><p class="pe-journal-noscript">{escape(NOSCRIPT)}</p></noscript>'
            f'<p class="pe-journal-note" hidden>{escape(NOTE)}</p>'
            '<div class="pe-journal-actions" hidden>'
            '<button type="button" class="pe-journal-button pe-journal-export">Export my '
            'journal</button>'
            '<button type="button" class="pe-journal-button pe-journal-clear">Clear this '
            "page's answers</button></div>"
            '<p class="pe-journal-status" role="status" aria-live="polite"></p></div>')


__all__ = ["DOWNLOAD_NAME", "SOURCE", "STORAGE_PREFIX", "box_id", "entries_html",
           "journal_boxes_html", "journal_html", "journal_markdown", "question_html",
           "storage_key"]
