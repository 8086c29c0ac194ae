"""Printing a chapter page from the browser gives something usable: no navigation or
buttons, every closed section open, and each step's consequences after all its choices
(so a group can still choose first); the page is put back after printing."""

from __future__ import annotations

import io

import pytest

from pe_course.scenarios import load_scenario

pytestmark = pytest.mark.browser

CHAPTER = "book/check_mark.html"


def _open(page, url: str) -> None:
    response = page.goto(url, wait_until="load")
    assert response is not None and response.ok, url
    page.wait_for_load_state("networkidle")


def test_a_printed_chapter_opens_everything_and_hides_the_controls(site_url, page):
    scenario = load_scenario("grant-deadline")
    step = scenario.first_step
    _open(page, f"{site_url}/{CHAPTER}")
    assert page.locator("details:not([open])").count() > 0
    page.emulate_media(media="print")
    page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    assert page.locator("details:not([open])").count() == 0
    for hidden in (".bd-sidebar-primary", ".pe-live-button", ".prev-next-area",
                   ".pe-present-link"):
        assert all(not el.is_visible() for el in page.locator(hidden).all()), hidden
    section = page.locator(f"#{scenario.id}-{step.id}")
    after = section.locator(".pe-choices + .pe-print-consequences")
    assert after.count() == 1, "the consequences come after the list of choices"
    text = " ".join(after.inner_text().split())
    for letter, choice in zip("ABCD", step.choices, strict=False):
        assert f"If you choose {letter}" in text
        assert " ".join(choice.feedback.split()) in text
    # inside the list, only the choices themselves show
    assert not section.locator(".pe-choices .pe-consequence").first.is_visible()
    page.evaluate("() => window.dispatchEvent(new Event('afterprint'))")
    assert page.locator(".pe-print-consequences").count() == 0
    assert page.locator(".pe-choices details.pe-consequence[open]").count() == 0


def test_the_pdf_of_a_chapter_has_the_consequences_and_no_buttons(site_url, page):
    from pypdf import PdfReader

    scenario = load_scenario("research-day")
    _open(page, f"{site_url}/{CHAPTER}")
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in pdf.pages)
    assert "What happens after each choice" in text
    assert "Present to a room" not in text
    first = scenario.first_step.choices[0].feedback.split()
    assert " ".join(first[:8]) in text
