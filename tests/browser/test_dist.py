"""The site in a bag: the zip ``make dist`` makes opens from disk, by double-click, with no
network: its "how to open this" page, a chapter with its scenarios as text, and a present
page played to a decision."""

from __future__ import annotations

import zipfile

import pytest

from pe_course.dist import make_dist

from .axe import format_violations, run_axe

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def unzipped(site_dir, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("dist")
    target = make_dist(site_dir, tmp / "out", "test")
    with zipfile.ZipFile(target) as archive:
        archive.extractall(tmp / "unzipped")
    return tmp / "unzipped" / "pe-course-site-test"


@pytest.fixture
def from_disk(file_page):
    return file_page


def test_the_zip_opens_from_disk(unzipped, from_disk):
    page = from_disk
    how = unzipped / "HOW-TO-OPEN.html"
    page.goto(how.as_uri())
    violations = run_axe(page)
    assert not violations, format_violations(violations, "HOW-TO-OPEN.html")
    page.get_by_role("link", name="Open the course").click()
    page.wait_for_url("**/site/book/intro.html")  # index.html sends a reader on
    page.wait_for_load_state("load")
    page.goto((unzipped / "site" / "book" / "check_mark.html").as_uri())
    summary = page.locator("details.pe-consequence summary").first
    summary.click()
    assert page.locator("details.pe-consequence[open] .pe-feedback").first.is_visible()
    link = page.locator('.pe-present-link a[href="../present/grant-deadline.html"]')
    assert link.inner_text().startswith("Present to a room")
    link.click()
    page.wait_for_selector("#pe-screen-h")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("b")
    page.keyboard.press("r")
    assert page.locator(".pe-reveal").is_visible()
    page.get_by_role("link", name="Back to the course").click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/site/book/check_mark.html")
