"""The pe-course command line: list, show, validate, play; output and exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pe_course.cli import main
from pe_course.scenarios import list_scenarios

from .conftest import DATA

GOOD = str(DATA / "good.yaml")
BAD = str(DATA / "bad" / "many_problems.yaml")


def test_list_text_and_json(capsys):
    assert main(["scenarios", "list"]) == 0
    out = capsys.readouterr().out
    for s in list_scenarios():
        assert s.id in out and s.title in out
    assert main(["scenarios", "list", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [d["id"] for d in data] == [s.id for s in list_scenarios()]


def test_show_prints_every_step_and_feedback(capsys):
    assert main(["scenarios", "show", GOOD]) == 0
    out = capsys.readouterr().out
    for text in ["# A test meeting", "## Step 1", "## Step 3", "A. Listen and act on it.",
                 "   Ghosting after hard questions.", "trust -30, energy -20",
                 "For your team: time 0, money 0, effort 0",
                 "Then the story goes to step 3", "Leaves engagement (when any other path)"]:
        assert text in out, text


def test_show_html(capsys):
    assert main(["scenarios", "show", GOOD, "--format", "html"]) == 0
    out = capsys.readouterr().out
    assert '<section class="pe-step"' in out
    assert '<details class="pe-consequence"><summary>What happens if you choose A</summary>' in out


def test_show_unknown_id_exits_2(capsys):
    assert main(["scenarios", "show", "nope"]) == 2
    assert "no scenario with id 'nope'" in capsys.readouterr().err


def test_validate_good_file(capsys):
    assert main(["scenarios", "validate", GOOD]) == 0
    assert "ok (test-meeting, 3 steps, 3 endings)" in capsys.readouterr().out


def test_validate_bad_file_lists_every_problem(capsys):
    assert main(["scenarios", "validate", GOOD, BAD]) == 2
    captured = capsys.readouterr()
    assert "good.yaml: ok" in captured.out
    err = captured.err
    assert BAD in err
    lines = [line for line in err.splitlines() if line.startswith("  - ")]
    assert len(lines) >= 10, err
    assert any("unknown next step 'nowhere'" in line for line in lines)
    assert any("choice 'a'.feedback: missing" in line for line in lines)


def test_play_path(capsys):
    assert main(["scenarios", "play", GOOD, "listen", "credit", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["ending"] == "stays"
    assert data["states"] == [{"trust": 70, "energy": 55}, {"trust": 80, "energy": 60}]
    assert main(["scenarios", "play", GOOD, "listen", "ghost"]) == 2
    assert "no choice 'ghost'" in capsys.readouterr().err


def test_console_script_exit_codes(tmp_path):
    """The installed `pe-course` command, as a user runs it."""
    exe = Path(sys.executable).parent / "pe-course"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "pe_course.cli"]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    ok = subprocess.run([*cmd, "scenarios", "validate", GOOD], capture_output=True, text=True,
                        env=env)
    assert ok.returncode == 0, ok.stderr
    bad = subprocess.run([*cmd, "scenarios", "validate", BAD], capture_output=True, text=True,
                         env=env)
    assert bad.returncode == 2
    assert "Traceback" not in bad.stderr and "unreachable" in bad.stderr
    usage = subprocess.run([*cmd, "scenarios"], capture_output=True, text=True, env=env)
    assert usage.returncode == 2 and "usage:" in usage.stderr


@pytest.mark.parametrize("args", [["--version"]])
def test_version(args, capsys):
    with pytest.raises(SystemExit) as info:
        main(args)
    assert info.value.code == 0
    assert "pe-course" in capsys.readouterr().out
