"""Speed of the team tools. Prints figures against the targets; asserts nothing.

    .venv/bin/python benchmarks/bench_tools.py

Targets (issue 4): audit of one plan under 5 ms; assessment of 1,000 respondents under 1 s.
"""

from __future__ import annotations

import random
import statistics
import time

from pe_course import assessment, audit


def _median_ms(action, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def bench_audit(runs: int = 2000) -> None:
    raw = audit.plan_to_dict(audit.example_plan())
    plan = audit.parse_plan(raw)
    validate_and_audit = _median_ms(lambda: audit.audit(raw), runs)
    audit_only = _median_ms(lambda: audit.audit(plan), runs)
    text = audit.example_plan_text()
    from_yaml = _median_ms(lambda: audit.audit(audit.plan_from_yaml(text)), max(runs // 10, 20))
    print(f"audit, one plan (median of {runs} runs; target < 5 ms):")
    print(f"  validate + audit a dict      {validate_and_audit:8.3f} ms")
    print(f"  audit an already valid Plan  {audit_only:8.3f} ms")
    print(f"  parse YAML + validate + audit{from_yaml:8.3f} ms")


def bench_assessment(people: int = 1000, runs: int = 5) -> None:
    items = assessment.load_items()
    rng = random.Random(4)
    lines = ["respondent,item,answer"]
    for n in range(people):
        lines += [f"p{n},{item.id},{rng.randint(1, 5)}" for item in items]
    text = "\n".join(lines) + "\n"
    assessment.team_profile(assessment.parse_answers(text, items=items), items)  # warm up
    parse = _median_ms(lambda: assessment.parse_answers(text, items=items), runs)
    answers = assessment.parse_answers(text, items=items)
    profile = _median_ms(lambda: assessment.team_profile(answers, items), runs)
    total = _median_ms(lambda: assessment.team_profile(
        assessment.parse_answers(text, items=items), items), runs)
    print(f"assessment, {people:,} respondents x {len(items)} items = {people * len(items):,} "
          f"rows (median of {runs} runs; target < 1 s):")
    print(f"  parse + validate CSV         {parse:8.1f} ms")
    print(f"  team profile                 {profile:8.1f} ms")
    print(f"  total                        {total:8.1f} ms")


if __name__ == "__main__":
    bench_audit()
    print()
    bench_assessment()
