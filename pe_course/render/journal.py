"""The reflection journal as Markdown and as HTML, by reflection question, oldest entry
first; the learner's words as written. Every piece of learner text in HTML is escaped,
inside attributes too."""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape  # quote=True by default: safe inside attributes too

from pe_course.journal import Entry, Journal
from pe_course.statements import QUESTIONS, Question

SOURCE = "Fig. 1 of the patient partners' commentary on patient engagement gone wrong"


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


__all__ = ["SOURCE", "entries_html", "journal_html", "journal_markdown", "question_html"]
