"""Every chapter opens with a plain-language summary, at US grade 8 or below.

Patient-facing material is commonly asked to read at or below grade 8 (see the sources'
README). The summary is the ``{admonition} In short`` right under a page's title; its
Flesch-Kincaid grade is measured with textstat (pinned below 0.7.4, whose syllable
counts come from pyphen's bundled dictionaries rather than a run-time download).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import textstat
import yaml

ROOT = Path(__file__).resolve().parents[1]
MAX_GRADE = 8.0
# Pages that are lists, not chapters: no summary expected.
NO_SUMMARY = {"book/references"}
SUMMARY = re.compile(r"\A\s*#[^\n]*\n+```\{admonition\} In short\n(?::[^\n]*\n)*(.*?)\n```",
                     re.S)


def _toc_pages() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    pages = [toc["root"]]
    for part in toc.get("parts", []):
        pages += [chapter["file"] for chapter in part.get("chapters", [])]
    return pages


def _body(path: Path) -> str:
    """The page without its jupytext front matter."""
    text = path.read_text(encoding="utf-8")
    if text.startswith("---\n"):
        text = text.split("\n---\n", 1)[1]
    return text


def summary_of(path: Path) -> str | None:
    match = SUMMARY.match(_body(path))
    return match.group(1).strip() if match else None


def test_grade_measure_tells_plain_from_dense_text():
    plain = "Ask early. Be honest about what can change. Listen, and show what you changed."
    dense = ("Institutional stakeholders' insufficiently operationalised accountability "
             "mechanisms systematically marginalise experiential knowledge, notwithstanding "
             "organisational commitments to participatory governance and co-production.")
    assert textstat.flesch_kincaid_grade(plain) <= MAX_GRADE
    assert textstat.flesch_kincaid_grade(dense) > MAX_GRADE


@pytest.mark.parametrize("page", [p for p in _toc_pages() if p not in NO_SUMMARY])
def test_chapter_opens_with_a_plain_language_summary(page):
    path = ROOT / f"{page}.md"
    summary = summary_of(path)
    assert summary, (f"{page}.md: expected an '```{{admonition}} In short' block right "
                     "under the title")
    grade = textstat.flesch_kincaid_grade(summary)
    assert grade <= MAX_GRADE, (f"{page}.md: the 'In short' summary reads at grade {grade}; "
                                f"expected {MAX_GRADE:g} or below (shorter sentences, "
                                "shorter words)")
