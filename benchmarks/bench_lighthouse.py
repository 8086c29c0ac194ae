"""Lighthouse on every chapter page, phone settings: performance and accessibility. Prints;
asserts nothing.

    PYTHONPATH=$PWD .venv/bin/python benchmarks/bench_lighthouse.py [--site _build/html]
        [--runs 3] [--pages intro check_mark ...]

Serves the built site with ``pe-course serve`` (gzip-compressed, as a static host
serves it) on a free port of 127.0.0.1 and runs Lighthouse (``node_modules/.bin/lighthouse``,
pinned in package.json; ``npm ci`` installs it) with Debian's Chromium, headless, on every
page of the book: each page ``_toc.yml`` lists, and the site's top ``index.html``.
Lighthouse's default form factor is a phone (Moto G Power, slow 4G, 4x CPU slowdown,
simulated). Figures per page, the median of ``--runs`` runs each: performance score,
Largest Contentful Paint, First Contentful Paint, Total Blocking Time, Cumulative Layout
Shift and the accessibility score; then the targets of issue 16 (performance >= 95,
LCP <= 2.5 s, accessibility 100) met or not, and the worst page. Below the table, per
page, what Lighthouse says would save the most (from the median run): its opportunities
with their estimated savings, and any failed audit.

Timing on a busy machine is noisy: Lighthouse simulates the phone's network and CPU from
the observed trace, so the scores move less than raw timings do, but compare runs made
on the same quiet machine.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
CHROME_FLAGS = ("--headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
                "--disable-background-networking --disable-component-update --disable-sync")
CATEGORIES = "performance,accessibility"
TARGET_PERFORMANCE = 95
TARGET_LCP_MS = 2500
TARGET_ACCESSIBILITY = 100
SHOWN_FINDINGS = 5  # per page


def toc_pages(root: Path = ROOT) -> list[str]:
    """The site-relative HTML page of every file in ``_toc.yml`` (root first), then the
    site's top ``index.html``."""
    def files(entry: object) -> list[str]:
        if isinstance(entry, dict):
            return [f for key, value in entry.items() for f in
                    ([value] if key in ("root", "file") and isinstance(value, str)
                     else files(value))]
        if isinstance(entry, list):
            return [f for item in entry for f in files(item)]
        return []

    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    pages = [re.sub(r"\.(md|ipynb|rst)$", "", name) + ".html" for name in files(toc)]
    return pages + ["index.html"]


def start_server(site: Path) -> tuple[subprocess.Popen, str]:
    """``pe-course serve`` on a free port; the process and the site's URL."""
    command = [str(Path(sys.executable).parent / "pe-course"), "serve", str(site),
               "--port", "0"]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    line = server.stdout.readline()
    found = re.search(r"(http://\S+/)", line)
    if not found:
        server.terminate()
        raise SystemExit(f"pe-course serve did not start: {line!r}")
    url = found.group(1)
    for _ in range(50):
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return server, url
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise SystemExit(f"pe-course serve does not answer at {url}")


def run_lighthouse(url: str, out: Path, chromium: str) -> dict:
    """One Lighthouse run (phone, performance and accessibility); its JSON report."""
    env = {**os.environ, "CHROME_PATH": chromium}
    result = subprocess.run(
        [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
         f"--only-categories={CATEGORIES}", f"--chrome-flags={CHROME_FLAGS}"],
        env=env, capture_output=True, text=True)
    if result.returncode != 0 or not out.is_file():
        raise RuntimeError(f"lighthouse failed on {url}: {result.stderr.strip()[-2000:]}")
    return json.loads(out.read_text(encoding="utf-8"))


def figures(report: dict) -> dict:
    """The figures this benchmark prints, from one Lighthouse report."""
    audits = report["audits"]
    categories = report["categories"]

    def score(name: str) -> float:
        value = categories[name]["score"]
        return float("nan") if value is None else value * 100

    def value(audit: str) -> float:
        return audits[audit].get("numericValue", float("nan"))

    return {"performance": score("performance"), "lcp": value("largest-contentful-paint"),
            "fcp": value("first-contentful-paint"), "tbt": value("total-blocking-time"),
            "cls": value("cumulative-layout-shift"),
            "accessibility": score("accessibility"),
            "warning": report.get("runtimeError", {}).get("message", "")}


def findings(report: dict, site_url: str) -> list[str]:
    """What would save the most: opportunities (estimated savings, the largest items),
    the LCP element, and every failed audit, shortest first."""
    audits = report["audits"]
    lines = []
    opportunities = []
    for audit in audits.values():
        details = audit.get("details") or {}
        saving = (details.get("overallSavingsMs") or 0) if details.get("type") == "opportunity" \
            else 0
        saved_bytes = details.get("overallSavingsBytes") or 0
        if audit.get("score") is not None and audit["score"] < 0.9 and (saving or saved_bytes):
            items = sorted(details.get("items", []), key=lambda i: -(i.get("wastedMs") or
                                                                    i.get("wastedBytes") or 0))
            urls = ", ".join(_short(i.get("url", ""), site_url) for i in items[:3]
                             if i.get("url"))
            opportunities.append((saving, saved_bytes,
                                  f"{audit['title']}: ~{saving / 1000:.2f} s, "
                                  f"{saved_bytes / 1000:.0f} KB" + (f" ({urls})" if urls else "")))
    lines += [text for *_, text in sorted(opportunities, key=lambda o: (-o[0], -o[1]))]
    element = (audits.get("largest-contentful-paint-element", {}).get("details") or {})
    for item in element.get("items", []):
        node = (item.get("items") or [{}])[0].get("node") if item.get("type") == "table" \
            else item.get("node")
        if node:
            lines.append(f"LCP element: {node.get('nodeLabel', '')[:60]!r} "
                         f"({node.get('selector', '')[-60:]})")
            break
    groups = {ref["id"]: name for name, category in report["categories"].items()
              for ref in category["auditRefs"]}
    failed = [audit for audit in audits.values()
              if audit.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings")
              and audit.get("score") is not None and audit["score"] < 0.9
              and groups.get(audit["id"]) and not audit["id"].endswith(("-paint", "-time"))
              and audit["id"] not in ("cumulative-layout-shift", "speed-index",
                                      "interactive", "max-potential-fid",
                                      "largest-contentful-paint-element")
              and not (audit.get("details") or {}).get("type") == "opportunity"]
    for audit in failed:
        shown = audit.get("displayValue") or ""
        lines.append(f"failed [{groups[audit['id']]}] {audit['title']}"
                     + (f": {shown}" if shown else ""))
    return lines


def _short(url: str, site_url: str) -> str:
    return url.replace(site_url, "/").split("?")[0]


def _median_run(runs: list[dict]) -> int:
    """Index of the run whose performance score is the median (as Lighthouse advises)."""
    order = sorted(range(len(runs)), key=lambda i: runs[i]["figures"]["performance"])
    return order[len(order) // 2]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=ROOT / "_build" / "html")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--chromium", default=CHROMIUM)
    parser.add_argument("--pages", nargs="+", metavar="NAME",
                        help="only these pages (a part of the name: intro, check_mark, "
                             "index.html); default every page of _toc.yml and index.html")
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="keep the JSON reports in this folder (default: a temporary one)")
    args = parser.parse_args(argv)
    site = args.site.resolve()
    pages = toc_pages()
    if args.pages:
        pages = [p for p in pages if any(name in p for name in args.pages)]
    missing = [p for p in pages if not (site / p).is_file()]
    if missing or not pages:
        print(f"pages missing from {site}: {missing or 'none chosen'}; build the site "
              "first (make site)", file=sys.stderr)
        return 2
    if not LIGHTHOUSE.is_file():
        print(f"no {LIGHTHOUSE}: run npm ci", file=sys.stderr)
        return 2

    server, url = start_server(site)
    results: dict[str, list[dict]] = {}
    try:
        with tempfile.TemporaryDirectory(prefix="pe-lighthouse-") as temp:
            out_dir = args.keep or Path(temp)
            out_dir.mkdir(parents=True, exist_ok=True)
            for page in pages:
                runs = results[page] = []
                for number in range(1, args.runs + 1):
                    out = out_dir / f"{page.replace('/', '_')}-{number}.json"
                    report = run_lighthouse(url + page, out, args.chromium)
                    runs.append({"figures": figures(report),
                                 "findings": findings(report, url)})
                    f = runs[-1]["figures"]
                    print(f"{page} run {number}: performance {f['performance']:.0f}, "
                          f"LCP {f['lcp'] / 1000:.2f} s, accessibility "
                          f"{f['accessibility']:.0f}"
                          + (f" (Lighthouse: {f['warning']})" if f["warning"] else ""),
                          flush=True)
    finally:
        server.terminate()
        server.wait()

    print(f"\nLighthouse {_version()}, mobile (its default), median of {args.runs} run(s), "
          f"served gzip-compressed by pe-course serve:")
    header = (f"{'page':28} {'perf':>5} {'LCP s':>6} {'FCP s':>6} {'TBT ms':>7} "
              f"{'CLS':>6} {'a11y':>5}  targets")
    print(header)
    summary = {}
    for page, runs in results.items():
        med = {key: statistics.median(r["figures"][key] for r in runs)
               for key in ("performance", "lcp", "fcp", "tbt", "cls", "accessibility")}
        summary[page] = med
        misses = [name for name, ok in (
            (f"perf < {TARGET_PERFORMANCE}", med["performance"] >= TARGET_PERFORMANCE),
            (f"LCP > {TARGET_LCP_MS / 1000} s", med["lcp"] <= TARGET_LCP_MS),
            (f"a11y < {TARGET_ACCESSIBILITY}", med["accessibility"] >= TARGET_ACCESSIBILITY),
        ) if not ok]
        verdict = "met" if not misses else "NOT met: " + ", ".join(misses)
        print(f"{page:28} {med['performance']:5.0f} {med['lcp'] / 1000:6.2f} "
              f"{med['fcp'] / 1000:6.2f} {med['tbt']:7.0f} {med['cls']:6.3f} "
              f"{med['accessibility']:5.0f}  {verdict}")
    met = [p for p, m in summary.items() if m["performance"] >= TARGET_PERFORMANCE
           and m["lcp"] <= TARGET_LCP_MS and m["accessibility"] >= TARGET_ACCESSIBILITY]
    worst = min(summary, key=lambda p: (summary[p]["performance"], -summary[p]["lcp"]))
    print(f"targets (performance >= {TARGET_PERFORMANCE}, LCP <= {TARGET_LCP_MS / 1000} s, "
          f"accessibility {TARGET_ACCESSIBILITY}): met on {len(met)} of {len(summary)} pages"
          f"{'' if len(met) < len(summary) else ' (all)'}")
    print(f"worst page: {worst} (performance {summary[worst]['performance']:.0f}, "
          f"LCP {summary[worst]['lcp'] / 1000:.2f} s)")

    print("\nwhat would save the most (median run; Lighthouse's estimates):")
    for page, runs in results.items():
        lines = runs[_median_run(runs)]["findings"]
        print(f"  {page}: " + ("nothing flagged" if not lines else ""))
        for line in lines[:SHOWN_FINDINGS + 3]:
            print(f"    - {line}")
    return 0


def _version() -> str:
    try:
        return subprocess.run([str(LIGHTHOUSE), "--version"], capture_output=True,
                              text=True).stdout.strip()
    except OSError:
        return "?"


if __name__ == "__main__":
    sys.exit(main())
