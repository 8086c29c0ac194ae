"""Time building the present pages of every shipped scenario (target: all in under 5 s)
and measure each page's size (target: each under 150 KB); also the handouts' printable
pages and, with --pdf, their PDFs (Chromium needed). Prints figures.

The build time is a fresh process's: loading the scenarios, playing every path through
pe_course.scoring for the embedded tree, and writing the files.

    .venv/bin/python benchmarks/bench_present.py [--runs 5] [--pdf]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BUILD_TARGET_S = 5.0
SIZE_TARGET_KB = 150  # kilobytes of 1,000 bytes
BUILD = """
import sys
from pe_course.kit import write_present_pages
from pe_course.scenarios import list_scenarios
write_present_pages(sys.argv[1], list_scenarios())
"""
HANDOUTS = """
import sys
from pe_course.kit import write_handouts
write_handouts(sys.argv[1])
"""
PDFS = """
import sys
from pe_course.kit import write_pdfs
write_pdfs(sys.argv[1])
"""


def timed_process(code: str, folder: Path) -> float:
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", code, str(folder)], check=True)
    return time.perf_counter() - t0


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of each (median printed)")
    parser.add_argument("--pdf", action="store_true", help="also time printing the PDFs")
    args = parser.parse_args()
    runs = max(1, args.runs)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        builds = [timed_process(BUILD, folder / f"present-{i}") for i in range(runs)]
        pages = sorted((folder / "present-0").glob("*.html"))
        sizes = {p.stem: p.stat().st_size / 1000 for p in pages}
        handouts = [timed_process(HANDOUTS, folder / f"handouts-{i}") for i in range(runs)]
        pdfs = ([timed_process(PDFS, folder / f"handouts-{i}") for i in range(runs)]
                if args.pdf else [])
    median = statistics.median(builds)
    print(f"present pages: {len(pages)} scenarios, median of {runs} runs (a fresh process "
          "each, imports included):")
    print(f"  build all: median {median:.2f} s (best {min(builds):.2f} s); target under "
          f"{BUILD_TARGET_S:.0f} s: {verdict(median < BUILD_TARGET_S)}")
    largest = max(sizes, key=sizes.get)
    print(f"  size: largest {largest} {sizes[largest]:.1f} KB, smallest "
          f"{min(sizes.values()):.1f} KB, total {sum(sizes.values()):.1f} KB; target each "
          f"under {SIZE_TARGET_KB} KB: {verdict(max(sizes.values()) < SIZE_TARGET_KB)}")
    for name, size in sizes.items():
        print(f"    {name}: {size:.1f} KB")
    print(f"handouts' printable pages: median {statistics.median(handouts):.2f} s")
    if pdfs:
        print(f"handouts' PDFs (one each, for A4 and US Letter; Chromium started once): median "
              f"{statistics.median(pdfs):.2f} s")


if __name__ == "__main__":
    main()
