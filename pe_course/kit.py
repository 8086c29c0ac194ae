"""The facilitator kit written to a folder: present pages, printable handouts, their PDFs.

The site build writes the present pages (``present/<scenario id>.html``) and the handouts'
HTML (``handouts/<name>.html``); ``pe-course handouts`` (run by ``make site``) writes them
too and prints every handout to PDF, in A4 (``handouts/a4/``) and US Letter
(``handouts/letter/``), with headless Chromium driven by Playwright. The PDFs need
Chromium; without it, a ``KitError`` says what to install, and the HTML handouts still
print from any browser.

Every file is written whole or not at all (``pe_course.saving``), readable by everyone.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path

from pe_course.errors import PECourseError
from pe_course.render.handouts import Handout, all_handouts
from pe_course.render.present import present_html
from pe_course.saving import write_atomic
from pe_course.scenario_model import Scenario

__all__ = ["CHROMIUM_ARGS", "PAPER_SIZES", "KitError", "chromium_path", "write_handouts",
           "write_pdfs", "write_present_pages"]

CHROMIUM_ENV = "PE_COURSE_CHROMIUM"
DEFAULT_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync",
                 # a handout needs nothing from the network: make sure it gets nothing
                 "--host-resolver-rules=MAP * ~NOTFOUND"]
PAPER_SIZES = {"a4": "A4", "letter": "Letter"}  # folder -> Playwright's paper format
INSTALL_HINT = ("install Debian's Chromium (sudo apt-get install chromium) or set "
                f"{CHROMIUM_ENV} to a Chromium or Chrome program")


class KitError(PECourseError):
    """The kit could not be written (e.g. no Chromium for the PDFs); says what to do."""


def _write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_atomic(path, data, public=True)


def write_present_pages(folder: str | Path, scenarios: Iterable[Scenario],
                        book_url: Callable[[Scenario], str | None] = lambda s: None
                        ) -> list[Path]:
    """``folder/<id>.html`` for every scenario; ``book_url(s)``: its chapter, or None."""
    folder = Path(folder)
    return [_write(folder / f"{s.id}.html", present_html(s, book_url=book_url(s)))
            for s in scenarios]


def write_handouts(folder: str | Path, handouts: Iterable[Handout] | None = None
                   ) -> list[Path]:
    """``folder/<name>.html`` for every handout (all of the kit's by default)."""
    folder = Path(folder)
    return [_write(folder / f"{h.name}.html", h.html)
            for h in (all_handouts() if handouts is None else handouts)]


def chromium_path() -> str:
    """The Chromium to print with: ``$PE_COURSE_CHROMIUM``, Debian's, or one on the PATH."""
    explicit = os.environ.get(CHROMIUM_ENV)
    if explicit:
        if not Path(explicit).is_file():
            raise KitError(f"{CHROMIUM_ENV} is {explicit!r}, which is not a file: "
                           f"{INSTALL_HINT}")
        return explicit
    if Path(DEFAULT_CHROMIUM).is_file():
        return DEFAULT_CHROMIUM
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        raise KitError(f"The handout PDFs need Chromium, and none was found: {INSTALL_HINT}. "
                       "The printable HTML handouts were written and print from any browser.")
    return found


def write_pdfs(folder: str | Path, handouts: Iterable[Handout] | None = None) -> list[Path]:
    """Print ``folder/<name>.html`` of each handout to ``folder/a4/<name>.pdf`` and
    ``folder/letter/<name>.pdf``; the HTML must have been written (``write_handouts``)."""
    folder = Path(folder).resolve()
    handouts = list(all_handouts() if handouts is None else handouts)
    missing = [h.name for h in handouts if not (folder / f"{h.name}.html").is_file()]
    if missing:
        raise KitError(f"{folder}: no printable page for {', '.join(missing)}; write the "
                       "handouts first (pe-course handouts)")
    executable = chromium_path()
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise KitError("The handout PDFs need the Python package playwright (pip install "
                       "playwright); it drives Chromium. Never run `playwright install`: "
                       f"{INSTALL_HINT}.") from None
    written: list[Path] = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable,
                                                 args=CHROMIUM_ARGS)
            try:
                page = browser.new_page()
                for handout in handouts:
                    page.goto((folder / f"{handout.name}.html").as_uri())
                    for sub, paper in PAPER_SIZES.items():
                        pdf = page.pdf(format=paper, print_background=True)
                        written.append(_write(folder / sub / f"{handout.name}.pdf", pdf))
            finally:
                browser.close()
    except PlaywrightError as exc:
        raise KitError(f"Chromium at {executable} could not print the handouts: "
                       f"{str(exc).splitlines()[0]}") from exc
    return written
