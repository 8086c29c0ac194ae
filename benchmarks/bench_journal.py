"""Time the reflection journal on a 1,000-entry journal: adding one entry (a whole atomic,
locked save: read, check, write, flush, fsync, replace; target: under 50 ms) and exporting
it, read included, to Markdown and to HTML (target: under 200 ms each). Prints figures.

    .venv/bin/python benchmarks/bench_journal.py [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from pe_course.journal import (
    FORMAT,
    VERSION,
    add_entry,
    read_journal,
)
from pe_course.render.journal import journal_html, journal_markdown
from pe_course.statements import QUESTION_IDS

ENTRIES = 1_000
ADD_TARGET_MS, EXPORT_TARGET_MS = 50, 200
# About 600 characters, with text that must be escaped in HTML.
TEXT = ("We asked the partners what they needed before the meeting <and> listened. "
        "Next time we will send the agenda a week ahead & ask again.\n\n") * 4


def journal_file(folder: Path) -> Path:
    """A 1,000-entry journal, written directly (the file add_entry would have made)."""
    start = datetime(2024, 1, 1, tzinfo=UTC)
    entries = [{"question": QUESTION_IDS[i % len(QUESTION_IDS)], "text": f"{i}. {TEXT}",
                "time": (start + timedelta(minutes=i)).strftime("%Y-%m-%dT%H:%M:%SZ"),
                **({"prompt": "What will you do differently?", "chapter": "vulnerability"}
                   if i % 3 == 0 else {})} for i in range(ENTRIES)]
    path = folder / "journal.json"
    path.write_text(json.dumps({"format": FORMAT, "version": VERSION, "entries": entries},
                               ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path


def timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def verdict(seconds: float, target_ms: float) -> str:
    return "met" if seconds * 1e3 < target_ms else "NOT met"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of each (median printed)")
    runs = max(1, parser.parse_args().runs)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        original = journal_file(folder)
        adds, markdown, html = [], [], []
        for run in range(runs):
            path = folder / f"run-{run}.json"
            shutil.copyfile(original, path)  # every run adds to a 1,000-entry journal
            adds.append(timed(lambda p=path: add_entry(p, "feedback", TEXT)))
            assert len(read_journal(path).entries) == ENTRIES + 1
            markdown.append(timed(lambda p=path: journal_markdown(read_journal(p))))
            html.append(timed(lambda p=path: journal_html(read_journal(p))))
        size = original.stat().st_size / 1024
    print(f"journal of {ENTRIES:,} entries ({size:,.0f} KiB), median of {runs} runs:")
    for label, values, target in (("add one entry", adds, ADD_TARGET_MS),
                                  ("export to Markdown (read included)", markdown,
                                   EXPORT_TARGET_MS),
                                  ("export to HTML (read included)", html, EXPORT_TARGET_MS)):
        median = statistics.median(values)
        print(f"  {label}: median {median * 1e3:.1f} ms (best {min(values) * 1e3:.1f} ms; "
              f"target < {target} ms: {verdict(median, target)})")


if __name__ == "__main__":
    main()
