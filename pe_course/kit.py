"""The facilitator kit written to a folder: present pages, printable handouts, their PDFs.

The site build writes the present pages (``present/<scenario id>.html``) and the handouts'
HTML (``handouts/<name>.html``); ``pe-course handouts`` (run by ``make site``) writes them
too and prints every handout to one PDF, ``handouts/<name>.pdf``, that prints on A4 and
on US Letter alike (``PDF_PAGE``), with headless Chromium driven by Playwright. The PDFs
need Chromium; without it, a ``KitError`` says what to install, and the HTML handouts
still print from any browser.

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

__all__ = ["CHROMIUM_ARGS", "PDF_PAGE", "KitError", "chromium_path", "write_handouts",
           "write_pdfs", "write_present_pages"]

CHROMIUM_ENV = "PE_COURSE_CHROMIUM"
DEFAULT_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync",
                 # a handout needs nothing from the network: make sure it gets nothing
                 "--host-resolver-rules=MAP * ~NOTFOUND"]
# The PDFs' page: A4's width by US Letter's height (width, height). Every sheet fits
# 182 mm by 251 mm (pe_course.render.handouts), the smaller of the two papers, and @page
# adds 14 mm margins: that fits in this page, which is no bigger than either paper in
# either direction. So one PDF prints at full size, centred, on A4 and on US Letter, and
# no viewer needs to shrink it.
PDF_PAGE = ("210mm", "279.4mm")
# The size is given to Chromium as CSS (@page size, added only for printing the PDF: the
# HTML handouts keep no paper size, so a browser prints them on the paper in its printer).
# Chromium sizes a PDF page in steps of 0.96 pt: from this CSS it makes 594.96 x 792.0 pt
# (209.9 mm x 279.4 mm), within both papers; the 0.1 mm comes off the right margin. The
# same sizes given to page.pdf(width=..., height=...) came out at 595.92 x 792.96 pt, a
# hair wider than A4 and taller than US Letter (Playwright takes 1 mm as 3.78 px, slightly
# over, and Chromium rounds up). tests/test_handouts.py checks the PDFs' size.
PDF_PAGE_CSS = f"@page {{ size: {PDF_PAGE[0]} {PDF_PAGE[1]}; }}"
# Where the PDFs were before, one folder per paper. The book build does not empty
# _build/html/handouts/, so write_pdfs deletes the PDFs left in these (and each folder
# once empty): a rebuilt site keeps no stale copies.
OLD_PDF_DIRS = ("a4", "letter")
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
    """Print ``folder/<name>.html`` of each handout to ``folder/<name>.pdf``, on a
    ``PDF_PAGE`` page that prints on A4 and US Letter alike; the HTML must have been
    written (``write_handouts``). Once all are printed, the PDFs left in the old
    per-paper folders (``folder/a4/``, ``folder/letter/``) are deleted."""
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
                    page.add_style_tag(content=PDF_PAGE_CSS)
                    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
                    written.append(_write(folder / f"{handout.name}.pdf", pdf))
            finally:
                browser.close()
    except PlaywrightError as exc:
        raise KitError(f"Chromium at {executable} could not print the handouts: "
                       f"{str(exc).splitlines()[0]}") from exc
    _remove_old_pdfs(folder)
    return written


def _remove_old_pdfs(folder: Path) -> None:
    """Delete the PDFs in ``folder``'s old per-paper folders, and each folder once empty
    (anything else left in it is not ours, and stays)."""
    for old in (folder / name for name in OLD_PDF_DIRS):
        if not old.is_dir() or old.is_symlink():
            continue
        for pdf in old.glob("*.pdf"):
            pdf.unlink()
        if not any(old.iterdir()):
            old.rmdir()
