"""The glossary: at least 30 plain-language terms, and the chapters link their first uses
to it with ``{term}`` (every link names a term the glossary defines)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

BOOK = Path(__file__).resolve().parents[1] / "book"
TERM_ROLE = re.compile(r"\{term\}`([^`<]+?)(?:\s*<([^`>]+)>)?`")
# pages that follow the chapter template
CHAPTERS = ("intro", "check_mark", "unconscious_bias", "lack_of_support", "vulnerability")


def glossary_terms(text: str) -> list[str]:
    block = text.split("```{glossary}", 1)[1].split("\n```", 1)[0]
    return [line.strip() for line in block.splitlines()
            if line and not line.startswith((" ", ":"))]


def term_links(text: str) -> list[str]:
    return [(target or shown).strip() for shown, target in TERM_ROLE.findall(text)]


def test_the_glossary_defines_at_least_thirty_terms():
    terms = glossary_terms((BOOK / "glossary.md").read_text(encoding="utf-8"))
    assert len(terms) >= 30, terms
    assert len({t.lower() for t in terms}) == len(terms), "a term is defined twice"


@pytest.mark.parametrize("page", sorted(p.name for p in BOOK.glob("*.md")))
def test_every_term_link_names_a_defined_term(page):
    defined = {t.lower() for t in glossary_terms((BOOK / "glossary.md").read_text("utf-8"))}
    links = term_links((BOOK / page).read_text(encoding="utf-8"))
    unknown = sorted({link for link in links if link.lower() not in defined})
    assert not unknown, f"{page} links terms the glossary lacks: {unknown}"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapters_link_their_key_terms_to_the_glossary(chapter):
    links = term_links((BOOK / f"{chapter}.md").read_text(encoding="utf-8"))
    assert len(set(links)) >= 5, f"{chapter}.md links only {sorted(set(links))}"


def test_the_checkers_can_fail():
    assert glossary_terms("```{glossary}\nA\n  def\nB\n  def\n```\n") == ["A", "B"]
    assert term_links("see {term}`tokens <Tokenism>` and {term}`ableism`") == \
        ["Tokenism", "ableism"]
