"""Citations on the built site read as author and year, never as keys.

Learners are mostly not academics: "(Arnstein, 1969)" tells them whose work a sentence
rests on, "[CanadianIoHResearch14]" or "[Arn69]" tells them nothing. The book cites with
sphinxcontrib-bibtex's ``{cite}`` and the style ``pe_author_year`` (``_config.yml``,
registered by ``pe_course/sphinx/a11y.py``). The checker is tested on hand-made citations
first, so it is known to be able to fail.

Skips without a built site; fails instead when ``PE_COURSE_REQUIRE_BROWSER=1`` (CI). Point
``PE_COURSE_SITE_DIR`` at another build.
"""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

from pe_course.statements import get_statement

from .built_site import book_pages, resolve_site_dir

CHAPTER_1 = get_statement("check_mark").chapter + ".html"
# What sphinxcontrib-bibtex writes for each in-text citation.
CITATION = re.compile(r'<span class="bibtex-citation"[^>]*>(.*?)</span>', re.DOTALL)
TAG = re.compile(r"<[^>]+>")
# A key or a label in brackets: one "word", no space: [CanadianIoHResearch14], [Arn69], [1].
KEY = re.compile(r"^\[[^\s,;()]+\]$")
_YEAR = r"(?:\d{4}[a-z]?|n\.d\.)"
# (Arnstein, 1969), (Carman et al., 2013; Stefanik-Guizlo et al., 2024), (Pilon, n.d.);
# or, written into a sentence, Arnstein (1969).
AUTHOR_YEAR = re.compile(
    rf"^\([^;()\[\]]+, {_YEAR}(?:; [^;()\[\]]+, {_YEAR})*\)$"
    rf"|^[^;()\[\]]+ \({_YEAR}\)(?:(?:, | and )[^;()\[\]]+ \({_YEAR}\))*$")


def citations(html: str) -> list[str]:
    """The text of every in-text citation on a page, as a reader sees it."""
    return [" ".join(unescape(TAG.sub("", c)).split()) for c in CITATION.findall(html)]


def unreadable(texts: list[str]) -> list[str]:
    """The citations that show a bare key, or are not "(Author, year)"."""
    return [t for t in texts if KEY.match(t) or not AUTHOR_YEAR.match(t)]


def test_the_checker_finds_keys_and_accepts_author_year():
    html = ('<p>One <span class="bibtex-citation" id="id1">[<a href="r.html#id2" '
            'title="A ladder">CanadianIoHResearch14</a>]</span>, two <span '
            'class="bibtex-citation" id="id3">(<a href="r.html#id4">Arnstein, 1969</a>)'
            '</span>, three <span class="bibtex-citation" id="id5">(<a>Carman <em>et al.'
            '</em>, 2013</a>; <a>Pilon, n.d.</a>)</span>.</p>')
    found = citations(html)
    assert found == ["[CanadianIoHResearch14]", "(Arnstein, 1969)",
                     "(Carman et al., 2013; Pilon, n.d.)"]
    assert unreadable(found) == ["[CanadianIoHResearch14]"]
    assert unreadable(["[Arn69]", "[1]", "[Arnstein, 1969]", "Arnstein (1969)"]) == [
        "[Arn69]", "[1]", "[Arnstein, 1969]"]


@pytest.fixture(scope="module")
def site_dir() -> Path:
    return resolve_site_dir()


@pytest.mark.site
def test_chapter_1_cites_by_author_and_year(site_dir):
    page = site_dir / CHAPTER_1
    assert page.is_file(), f"{CHAPTER_1} is not in the built site {site_dir}"
    found = citations(page.read_text(encoding="utf-8"))
    assert len(found) >= 5, f"{CHAPTER_1}: only {len(found)} citation(s) found: {found}"
    bad = unreadable(found)
    assert not bad, f"{CHAPTER_1}: citations that do not read as (Author, year): {bad}"


@pytest.mark.site
def test_no_page_cites_by_key(site_dir):
    problems = []
    for rel in book_pages(site_dir):
        bad = unreadable(citations((site_dir / rel).read_text(encoding="utf-8")))
        if bad:
            problems.append(f"{rel}: {sorted(set(bad))}")
    assert not problems, "\n".join(problems)
