"""A report as one standalone, printable HTML page: what the tools' "Download as a
printable page" buttons and ``--format html`` give.

Everything is in the one file (the styles are inline, there are no scripts, fonts or
images to fetch), so it opens and prints the same with no internet. The body is HTML the
caller has already escaped; the title is escaped here.
"""

from __future__ import annotations

from html import escape

PAGE_CSS = (
    "body {font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; "
    "line-height: 1.5; color: #111; background: #fff; max-width: 48rem; margin: 2rem auto; "
    "padding: 0 1rem;} "
    "h1 {font-size: 1.6rem;} h2 {font-size: 1.3rem; margin-top: 1.6em;} "
    "h3, h4, h5 {font-size: 1.05rem;} "
    "table {border-collapse: collapse; width: 100%; margin: 0.8em 0;} "
    "th, td {border: 1px solid #999; padding: 0.3em 0.5em; text-align: left; "
    "vertical-align: top;} "
    "caption {text-align: left; font-weight: 600; padding-bottom: 0.3em;} "
    "dt {font-weight: 600; margin-top: 0.5em;} dd {margin: 0 0 0 1.2em;} "
    ".pe-text {white-space: pre-wrap;} .pe-not-set {font-style: italic; color: #555;} "
    "footer {margin-top: 2em; font-size: 0.9em; color: #444; border-top: 1px solid #999;} "
    "@media print {@page {margin: 2cm;} body {margin: 0; max-width: none; font-size: 11pt;} "
    "a {color: inherit; text-decoration: none;} h1, h2, h3, h4 {break-after: avoid;} "
    "tr, dd, section.pe-keep-together {break-inside: avoid;} "
    ".pe-no-print {display: none;}}")

FOOTER = ("Made with the pe-course team tools. Nothing in this page was sent anywhere: "
          "it was made on your own device.")


def printable_page(title: str, body_html: str) -> str:
    """A complete HTML page with ``body_html`` under an ``<h1>`` of ``title``."""
    return ("<!DOCTYPE html>\n"
            '<html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(title)}</title><style>{PAGE_CSS}</style></head>"
            f"<body><main><h1>{escape(title)}</h1>{body_html}</main>"
            f"<footer><p>{escape(FOOTER)}</p></footer></body></html>\n")


__all__ = ["FOOTER", "PAGE_CSS", "printable_page"]
