"""Time score_path on a 10-step scenario (target: under 1 ms). Prints figures.

    .venv/bin/python benchmarks/bench_scoring.py
"""

from __future__ import annotations

import statistics
import time

from pe_course.scenarios import list_scenarios, parse_scenario
from pe_course.scoring import all_paths, score_path


def ten_step_scenario():
    steps = []
    for i in range(10):
        nxt = f"s{i + 1}" if i < 9 else "end"
        steps.append({"id": f"s{i}", "prompt": f"Step {i}", "choices": [
            {"id": "good", "label": "g", "feedback": "f", "next": nxt,
             "effects": {"trust": 5, "energy": -2}, "repairs": ["check_mark"],
             "reflect": ["feedback"]},
            {"id": "bad", "label": "b", "feedback": "f", "next": nxt,
             "effects": {"trust": -9, "energy": -6}, "risks": ["check_mark", "vulnerability"],
             "reflect": ["safer_spaces"]},
            {"id": "meh", "label": "m", "feedback": "f", "next": nxt}]})
    raw = {"id": "bench", "version": 1, "title": "Bench", "statements": ["check_mark"],
           "start": {"trust": 50, "energy": 50}, "steps": steps,
           "endings": [{"id": "ok", "title": "ok", "text": "ok", "when": {"trust_at_least": 50}},
                       {"id": "no", "title": "no", "text": "no"}]}
    return parse_scenario(raw)


def per_call(fn, repeat: int = 7, number: int = 2000) -> list[float]:
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        for _ in range(number):
            fn()
        runs.append((time.perf_counter() - t0) / number)
    return runs


def main() -> None:
    scenario = ten_step_scenario()
    path = ["good", "bad", "meh"] * 3 + ["good"]
    runs = per_call(lambda: score_path(scenario, path))
    print(f"score_path, 10-step scenario: median {statistics.median(runs) * 1e6:.1f} µs "
          f"per path (best {min(runs) * 1e6:.1f} µs; target < 1000 µs)")
    for s in list_scenarios():
        paths = all_paths(s)
        runs = per_call(lambda s=s, paths=paths: [score_path(s, p) for p in paths], number=50)
        print(f"score every path of {s.id} ({len(paths)} paths, {len(s.steps)} steps): "
              f"median {statistics.median(runs) * 1e3:.2f} ms")


if __name__ == "__main__":
    main()
