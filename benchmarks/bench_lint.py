"""Lint and path enumeration over every shipped scenario (target: under 2 s). Prints figures.

    .venv/bin/python benchmarks/bench_lint.py

One run = load every shipped scenario from its file, lint it (which plays every path) and
score every path again through ``all_scorecards``; the median of 5 runs is printed, with
each scenario's path count.
"""

from __future__ import annotations

import statistics
import time

from pe_course.lint import lint_file
from pe_course.scenarios import SCENARIO_DIR
from pe_course.scoring import all_scorecards


def one_run() -> tuple[float, dict[str, int]]:
    t0 = time.perf_counter()
    counts = {}
    for path in sorted(SCENARIO_DIR.glob("*.yaml")):
        scenario, findings = lint_file(path)
        if scenario is None or findings:
            raise SystemExit(f"{path.name} is not lint-clean: {findings[:3]}")
        counts[scenario.id] = len(all_scorecards(scenario))
    return time.perf_counter() - t0, counts


def main() -> None:
    runs = [one_run() for _ in range(5)]
    times = sorted(t for t, _ in runs)
    counts = runs[0][1]
    print(f"lint + every path of {len(counts)} scenarios ({sum(counts.values())} paths: "
          + ", ".join(f"{k} {v}" for k, v in counts.items()) + f"): median "
          f"{statistics.median(times):.2f} s (runs: {', '.join(f'{t:.2f}' for t in times)}; "
          "target < 2 s)")


if __name__ == "__main__":
    main()
