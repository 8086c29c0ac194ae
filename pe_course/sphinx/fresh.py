"""Chapters are executed again when the package changes, not only when they do.

A chapter's output comes from ``pe_course`` (a scenario file, a renderer), but Sphinx
re-reads a page only when the page changes, and myst-nb's execution cache keys on the
notebook's code alone. So after an edit to a scenario file or a renderer, a rebuild would
quietly show the old output. A digest of the package (its code and data) is an "env"
config value, so a change makes Sphinx read every page again; and when it differs from
the digest stored beside the execution cache, that cache is emptied first.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config

PACKAGE = Path(__file__).resolve().parents[1]
STAMP = "pe_course.digest"


def package_digest() -> str:
    """A digest of every file of the package (paths and contents), caches left out."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0"
                          + path.read_bytes())
    return digest.hexdigest()[:16]


def _empty_stale_cache(app: Sphinx, config: Config) -> None:
    folder = getattr(config, "nb_execution_cache_path", "") or ""
    # myst-nb's own default when the book does not name one
    cache = Path(app.srcdir, folder) if folder else Path(app.outdir).parent / ".jupyter_cache"
    stamp = cache.parent / f".{STAMP}"
    current = config.pe_course_digest
    if cache.exists() and (not stamp.is_file() or stamp.read_text() != current):
        shutil.rmtree(cache, ignore_errors=True)
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(current)


def register(app: Sphinx) -> None:
    app.add_config_value("pe_course_digest", package_digest(), "env")
    # after myst-nb has read its own configuration
    app.connect("config-inited", _empty_stale_cache, priority=900)
