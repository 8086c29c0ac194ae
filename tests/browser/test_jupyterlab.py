"""Chapters opened in JupyterLab, as a team member would, and a scenario played by keyboard.

A real JupyterLab server (this environment's, with jupytext and ipywidgets' widget
manager) and a real Python kernel, on 127.0.0.1, driven by the same headless Chromium as
the other browser tests. The chapter (a MyST Markdown notebook) opens as a notebook, as
"Open With -> Notebook" does; its cells run; the first scenario player is played to an
ending with Tab, Shift+Tab, Space and Enter only. The server works on a copy of the
chapters, so nothing in the repository is rewritten by autosave.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from pe_course.statements import get_statement

from ..built_site import REPO_ROOT, skip_or_fail
from .axe import format_violations, run_axe
from .keyboard import STEP_TIMEOUT_MS, play_to_ending

pytestmark = pytest.mark.browser

# (chapter, which of its scenario players): chapter 1's first, each of chapter 2's (one
# of which is played as the patient partner), chapter 3's access scenario and each of
# chapter 4's (one of which is played as the patient partner).
PLAYERS = [("check_mark", 0), ("unconscious_bias", 0), ("unconscious_bias", 1),
           ("unconscious_bias", 2), ("lack_of_support", 1), ("vulnerability", 0),
           ("vulnerability", 1), ("vulnerability", 2)]
START_TIMEOUT_S = 90
KERNEL_TIMEOUT_MS = 120_000


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def jupyterlab(tmp_path_factory):
    """A JupyterLab server on a copy of book/ and exercises/: yields (base URL, token)."""
    try:
        import jupyterlab  # noqa: F401
        import jupytext  # noqa: F401
    except ImportError as missing:
        skip_or_fail(f"JupyterLab or jupytext is not installed ({missing.name}): "
                     "pip install -e '.[test]'")
    root = tmp_path_factory.mktemp("jupyterlab")
    for folder in ("book", "exercises"):
        shutil.copytree(REPO_ROOT / folder, root / folder,
                        ignore=shutil.ignore_patterns("__pycache__", ".*"))
    # What "Open With -> Notebook" does for one file, for every Markdown file: jupytext's
    # documented way to make text notebooks open as notebooks by default.
    settings = root / ".lab" / "settings"
    plugin = settings / "@jupyterlab" / "docmanager-extension" / "plugin.jupyterlab-settings"
    plugin.parent.mkdir(parents=True)
    plugin.write_text(json.dumps({"defaultViewers": {"markdown": "Jupytext Notebook",
                                                     "myst": "Jupytext Notebook"}}))
    news = settings / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
    news.parent.mkdir(parents=True)
    news.write_text(json.dumps({"fetchNews": "false"}))
    token = secrets.token_hex(16)
    port = _free_port()
    log = (root / ".lab" / "server.log").open("w")
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(root / ".lab" / "config"),
           "JUPYTER_RUNTIME_DIR": str(root / ".lab" / "runtime")}
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ServerApp.ip=127.0.0.1",
         f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
         f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
         f"--LabApp.user_settings_dir={settings}",
         f"--LabApp.workspaces_dir={root / '.lab' / 'workspaces'}",
         # nothing that would look for news, updates or extensions on the internet
         "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
         "--LabApp.extension_manager=readonly",
         *(["--ServerApp.allow_root=True"] if os.geteuid() == 0 else [])],
        cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            try:
                with urllib.request.urlopen(f"{base}api/status?token={token}", timeout=2):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    log.flush()
                    tail = (root / ".lab" / "server.log").read_text()[-2000:]
                    pytest.fail(f"JupyterLab did not start on {base}:\n{tail}", pytrace=False)
                time.sleep(0.5)
        yield base, token
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def _wait_for_kernel(base: str, token: str, page, chapter: str) -> None:
    """Until the notebook's kernel runs and the page is connected to it.

    Shift+Enter before that silently runs nothing (the cell keeps its empty prompt), so
    wait as a person would for the status bar to say the kernel is idle.
    """
    deadline = time.monotonic() + KERNEL_TIMEOUT_MS / 1000
    while True:
        with urllib.request.urlopen(f"{base}api/sessions?token={token}", timeout=5) as answer:
            sessions = json.load(answer)
        states = [s.get("kernel", {}).get("execution_state") for s in sessions
                  if s.get("path", "").endswith(chapter.rsplit("/", 1)[-1])]
        if "idle" in states:
            break
        if time.monotonic() > deadline:
            pytest.fail(f"the kernel for {chapter} never became idle: {sessions}",
                        pytrace=False)
        time.sleep(0.5)
    page.locator(".jp-StatusBar-Widget", has_text="Idle").first.wait_for(
        timeout=KERNEL_TIMEOUT_MS)
    page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']").first.wait_for(
        timeout=KERNEL_TIMEOUT_MS)


@pytest.mark.parametrize(("statement", "nth"), PLAYERS, ids=[f"{s}-{n}" for s, n in PLAYERS])
def test_chapter_opens_in_jupyterlab_and_plays_by_keyboard(statement, nth, jupyterlab, page,
                                                           artifacts_dir):
    base, token = jupyterlab
    chapter = get_statement(statement).chapter + ".md"  # e.g. book/check_mark.md
    page.set_default_timeout(STEP_TIMEOUT_MS)
    # A workspace of its own, reset: only this chapter is open (JupyterLab would otherwise
    # restore the notebooks an earlier test opened).
    page.goto(f"{base}lab/workspaces/{statement}-{nth}/tree/{chapter}?reset&token={token}",
              wait_until="load")
    notebook = page.locator(".jp-NotebookPanel .jp-Notebook")
    notebook.wait_for(timeout=KERNEL_TIMEOUT_MS)
    _wait_for_kernel(base, token, page, chapter)

    # Run the cells from the top with Shift+Enter, as the README tells a new user, up to
    # and including the nth scenario player's cell.
    notebook.locator(".jp-Cell").first.click()
    page.keyboard.press("Escape")  # command mode
    cells = notebook.locator(".jp-Cell")
    seen = 0
    for _ in range(cells.count()):
        current = notebook.locator(".jp-Cell.jp-mod-active")
        is_player = "jp-CodeCell" in (current.get_attribute("class") or "") and \
            "play(" in current.locator(".jp-InputArea").inner_text()
        page.keyboard.press("Shift+Enter")
        if is_player:
            seen += 1
            if seen > nth:
                break
    else:
        pytest.fail(f"{chapter} has {seen} cells that call play(); expected more than {nth}",
                    pytrace=False)

    players = page.locator(".jp-Notebook .pe-player")
    try:
        players.nth(nth).locator("input[type=radio]").first.wait_for(timeout=KERNEL_TIMEOUT_MS)
    except Exception:
        page.screenshot(path=str(artifacts_dir / "jupyterlab-no-player.png"))
        raise
    errors = page.locator(".jp-OutputArea-output[data-mime-type*='error']")
    assert errors.count() == 0, errors.first.inner_text()

    # A keyboard user has reached the first scenario's choices (Tab order through a
    # long notebook is JupyterLab's own); from here on it is keys only.
    player = players.nth(nth)
    title = player.locator(".pe-player-title").inner_text()
    player.locator("input[type=radio]").first.focus()
    played = play_to_ending(page.keyboard, page, index=nth, label=title, pick="first")

    player.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts_dir / f"jupyterlab-{statement}-{nth}-ending.png"))
    violations = run_axe(page, ".jp-Notebook .pe-player")
    report = format_violations(violations, f"JupyterLab, {chapter} (scenario player {nth})")
    (artifacts_dir / f"axe-jupyterlab-player-{statement}-{nth}.txt").write_text(
        report + "\n", encoding="utf-8")
    assert not violations, report
    assert played.summary
