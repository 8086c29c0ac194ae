"""The site in a bag: a ready-built, versioned zip of the course for a venue with no internet.

``make_dist(site, out)`` checks that the built site has what a facilitator needs (the book,
a present page for every shipped scenario, every handout's page and PDF), then writes
``pe-course-site-<version>.zip``: one folder holding the site and a one-page "how to open
this" (``HOW-TO-OPEN.html`` and ``.txt``). Nothing in it needs Python, Node or a build.
"""

from __future__ import annotations

import os
import zipfile
from html import escape
from pathlib import Path

from pe_course.errors import PECourseError

__all__ = ["DistError", "HOW_TO_OPEN", "how_to_open_html", "make_dist", "missing_parts"]


class DistError(PECourseError):
    """The built site is not complete enough to ship; names what is missing."""


HOW_TO_OPEN = """\
pe-course {version}: the course, ready to use with no internet

WHAT IS HERE
  site/            the whole course website
  HOW-TO-OPEN.*    this page

OPEN IT BY DOUBLE-CLICK (no installing, no internet)
  1. Unzip this file (right-click, "Extract all" on Windows; double-click on a Mac).
  2. Open the folder site, then double-click index.html. It opens in your web browser.
  Every chapter, every scenario as text, the knowledge checks and the journal boxes work.

PRESENT A SCENARIO TO A ROOM
  Open site/present/ and double-click a scenario's page (for example
  grant-deadline.html). Press F for full screen and ? for the keys: the right arrow or
  Space goes on, A to D pick a choice, V counts the room's vote, R reveals what happens.
  A presentation clicker works too (it sends Page Down and Page Up).

PRINT THE HANDOUTS
  site/handouts/ has every handout as a page to print from the browser, and as a PDF
  that prints on A4 and US Letter paper alike: scenario cards, the reflection worksheet,
  voting cards A to D, the team action plan sheet and the evaluation form.

THE LIVE PLAYERS ("Try it live")
  They run Python inside the browser, which browsers only allow from a web server, not
  from a double-clicked file. On a laptop with the course's Python package installed:
      pe-course serve site --host 0.0.0.0
  then open the address it prints; people on the same Wi-Fi can open it too. Any
  static web server works the same way. Nothing is fetched from the internet, and
  nothing anyone types is sent anywhere.
"""


def how_to_open_html(version: str) -> str:
    """The same page as HTML (headings and lists), self-contained."""
    blocks = HOW_TO_OPEN.format(version=version).strip().split("\n\n")
    title, sections = blocks[0], blocks[1:]
    body = []
    for block in sections:
        head, *lines = block.split("\n")
        text = " ".join(line.strip() for line in lines)
        if head == "WHAT IS HERE":
            items = "".join(f"<li><code>{escape(line.split()[0])}</code>: "
                            f"{escape(' '.join(line.split()[1:]))}</li>" for line in lines)
            body.append(f"<h2>What is here</h2><ul>{items}</ul>")
            continue
        if "pe-course serve" in text:
            before, after = text.split("pe-course serve site --host 0.0.0.0")
            body.append(f"<h2>{escape(head.capitalize())}</h2><p>{escape(before)}</p>"
                        "<pre><code>pe-course serve site --host 0.0.0.0</code></pre>"
                        f"<p>{escape(after.strip())}</p>")
            continue
        body.append(f"<h2>{escape(head.capitalize())}</h2><p>{escape(text)}</p>")
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(title)}</title><style>body{{font-family:system-ui,sans-serif;"
            "max-width:44rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#111}"
            "pre{background:#f3f3f3;padding:0.5rem}</style></head><body><main>"
            f"<h1>{escape(title)}</h1>{''.join(body)}"
            '<p><a href="site/index.html">Open the course</a> · '
            '<a href="site/present/">The present pages</a> · '
            '<a href="site/handouts/">The handouts</a></p></main></body></html>\n')


def missing_parts(site: Path) -> list[str]:
    """What a facilitator needs that the built site lacks (empty: complete)."""
    from pe_course.render.handouts import all_handouts
    from pe_course.scenarios import list_scenarios

    wanted = ["index.html"]
    wanted += [f"present/{s.id}.html" for s in list_scenarios()]
    for handout in all_handouts():
        wanted.append(f"handouts/{handout.name}.html")
        wanted.append(f"handouts/{handout.name}.pdf")
    return [name for name in wanted if not (site / name).is_file()]


def make_dist(site: str | Path, out: str | Path, version: str) -> Path:
    """Zip the built ``site`` as ``out/pe-course-site-<version>.zip``; returns its path."""
    site = Path(site)
    if not (site / "index.html").is_file():
        raise DistError(f"{site}: no built site here (no index.html); build it first "
                        "with `make site`")
    missing = missing_parts(site)
    if missing:
        shown = ", ".join(missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5
                                          else "")
        raise DistError(f"{site}: the built site lacks {shown}; build it with `make site` "
                        "(the PDFs need Chromium)")
    if not version or any(c in version for c in "/\\ "):
        raise DistError(f"version {version!r}: expected a version such as 0.1.0, without "
                        "spaces or slashes")
    name = f"pe-course-site-{version}"
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"{name}.zip"
    partial = out / f".{name}.zip.partial"
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{name}/HOW-TO-OPEN.txt", HOW_TO_OPEN.format(version=version))
        archive.writestr(f"{name}/HOW-TO-OPEN.html", how_to_open_html(version))
        for path in sorted(site.rglob("*")):
            if path.is_file() and not path.name.startswith(".") and ".doctrees" not in path.parts:
                archive.write(path, f"{name}/site/{path.relative_to(site).as_posix()}")
    os.replace(partial, target)
    return target
