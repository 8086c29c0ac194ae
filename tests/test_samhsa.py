"""SAMHSA's six principles of a trauma-informed approach are named exactly as SAMHSA
names them (AUTHORING.md rule 5: frameworks as their authors wrote them), in SAMHSA's
order, wherever the course lists them: chapter 4, the glossary and the meeting plan's
data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

BOOK = Path(__file__).resolve().parents[1] / "book"

# SAMHSA (2014), as the project's source list gives them (sources/README.md).
PRINCIPLES = ("safety", "trustworthiness and transparency", "peer support",
              "collaboration and mutuality", "empowerment, voice and choice",
              "cultural, historical and gender issues")

NUMBERED = re.compile(r"^\s*(\d)\. (.+?)[;.]?$", re.MULTILINE)


def numbered_lists(text: str) -> list[list[str]]:
    """Every run of lines "1. ...", "2. ..." in a page, lower-cased, in order."""
    runs: list[list[str]] = []
    for number, item in NUMBERED.findall(text):
        if number == "1":
            runs.append([])
        if runs:
            runs[-1].append(item.strip().lower())
    return runs


@pytest.mark.parametrize("page", ["vulnerability.md", "glossary.md"])
def test_the_six_principles_are_listed_exactly_and_in_order(page):
    runs = numbered_lists((BOOK / page).read_text(encoding="utf-8"))
    assert list(PRINCIPLES) in runs, f"{page}: no list of SAMHSA's six principles as named"


def test_the_meeting_plan_uses_the_same_six_names():
    from pe_course.meeting_plan import load_principles

    names = [p.name.lower() for p in load_principles()]
    assert names == list(PRINCIPLES)


def test_the_checker_can_fail():
    assert numbered_lists("1. Safety\n2. Peer support;\n") == [["safety", "peer support"]]
    assert list(PRINCIPLES) not in numbered_lists("1. Safety\n2. Trust\n")
