"""Run axe-core (npm package ``axe-core``, injected into the page) and report violations.

The rule set is WCAG 2.0, 2.1 and 2.2 at levels A and AA; tests fail on any violation
rather than weaken it. axe-core itself makes no network requests.
"""

from __future__ import annotations

from typing import Any

import pytest

from ..built_site import REPO_ROOT

AXE_SCRIPT = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": WCAG_TAGS},
    "resultTypes": ["violations"],
}

_RUN = """async ([selector, options]) => {
    const results = await window.axe.run(selector === null ? document : selector, options);
    return results.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl, tags: v.tags,
        nodes: v.nodes.map(n => ({target: n.target, html: n.html,
                                  failureSummary: n.failureSummary})),
    }));
}"""


def run_axe(page_or_frame: Any, context_selector: str | None = None) -> list[dict]:
    """Inject axe-core into a Playwright page or frame and return its WCAG A/AA violations.

    ``context_selector`` limits the check to the elements matching a CSS selector.
    """
    if not AXE_SCRIPT.is_file():
        pytest.fail(f"axe-core is missing ({AXE_SCRIPT}): run `npm ci` in {REPO_ROOT}",
                    pytrace=False)
    if not page_or_frame.evaluate("() => typeof window.axe !== 'undefined'"):
        page_or_frame.add_script_tag(content=AXE_SCRIPT.read_text(encoding="utf-8"))
    return page_or_frame.evaluate(_RUN, [context_selector, AXE_OPTIONS])


def _snippet(html: str, limit: int = 240) -> str:
    html = " ".join(html.split())
    return html if len(html) <= limit else html[: limit - 1] + "…"


def format_violations(violations: list[dict], page_url: str) -> str:
    """A readable report: page, then each rule with its impact, help and offending nodes."""
    if not violations:
        return f"{page_url}: no violations"
    lines = [f"{page_url}: {len(violations)} rule(s) violated"]
    for violation in violations:
        lines.append(f"  [{violation['id']}] impact={violation.get('impact') or 'n/a'}: "
                     f"{violation['help']} ({violation.get('helpUrl', '')})")
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    - element: {target}")
            lines.append(f"      html: {_snippet(node.get('html', ''))}")
            summary = node.get("failureSummary") or ""
            if summary:
                lines.append(f"      why: {_snippet(summary, 400)}")
        lines.append(f"    page: {page_url}")
    return "\n".join(lines)
