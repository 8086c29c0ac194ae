"""The reflection journal: entries kept word for word, atomic saves that leave the old
journal intact on any failure, unreadable journals never overwritten, two writers at once
losing nothing, learner text escaped everywhere, and the command and the form on top."""

from __future__ import annotations

import errno
import io
import json
import os
import subprocess
import sys
import textwrap
import time
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from pe_course import journal as core
from pe_course.cli import main
from pe_course.journal import (
    FORMAT,
    Entry,
    JournalError,
    UnreadableJournalError,
    add_entry,
    default_path,
    move_aside,
    read_journal,
)
from pe_course.render.journal import SOURCE, journal_html, journal_markdown
from pe_course.statements import QUESTION_IDS, QUESTIONS, get_question
from pe_course.widgets import JournalForm, journal

ROOT = Path(__file__).resolve().parents[1]
NOON = datetime(2024, 5, 1, 12, 0, 0, tzinfo=UTC)
ATTACKS = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '" onmouseover="x']


@pytest.fixture(params=["flock", "lock file"])
def lock_kind(request, monkeypatch):
    """Run a test with each kind of lock (flock, and the browser's lock file)."""
    if request.param == "flock" and not core.USE_FLOCK:
        pytest.skip("no working flock here")
    monkeypatch.setattr(core, "USE_FLOCK", request.param == "flock")
    return request.param


def leftovers(folder: Path) -> list[str]:
    """Files in ``folder`` that a save should never leave behind (temporary files and the
    lock file of the browser's kind); flock's empty ``.lock`` file may stay."""
    return sorted(p.name for p in folder.iterdir()
                  if p.name.endswith((".tmp", ".saving")) or p.name.startswith("."))


def a_journal(tmp_path: Path) -> Path:
    path = tmp_path / "journal.json"
    add_entry(path, "feedback", "First thought.\n\nSecond paragraph.", now=NOON)
    return path


# ---------------------------------------------------------------------------------------
# Adding and reading


def test_round_trip_keeps_every_word(tmp_path):
    path = tmp_path / "deep" / "folder" / "journal.json"  # folders are made
    text = "  Ünïcode, “quotes”, emoji 🙂 and\nnew lines.  \n"
    first = add_entry(path, "sharing_power", text, prompt=" What did you give up? ",
                      chapter="vulnerability", now=NOON)
    second = add_entry(path, "feedback", "Short.", now=datetime(2024, 5, 2, 9, 30, 5))
    assert first == Entry("sharing_power", text, "2024-05-01T12:00:00Z",
                          "What did you give up?", "vulnerability")
    assert second.time == "2024-05-02T09:30:05Z"  # no time zone: taken as UTC
    journal_ = read_journal(path)
    assert journal_.entries == (first, second) and journal_.path == path
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert raw["format"] == FORMAT and raw["version"] == 1
    assert raw["entries"][1] == {"question": "feedback", "text": "Short.",
                                 "time": "2024-05-02T09:30:05Z"}
    assert leftovers(path.parent) == []


def test_times_are_utc_to_the_second(tmp_path):
    toronto = timezone(timedelta(hours=-4))
    entry = add_entry(tmp_path / "j.json", "feedback", "x",
                      now=datetime(2024, 5, 1, 8, 0, 0, 999_999, tzinfo=toronto))
    assert entry.time == "2024-05-01T12:00:00Z"
    before = datetime.now(UTC).replace(microsecond=0)
    stamped = datetime.fromisoformat(add_entry(tmp_path / "j.json", "feedback", "y").time)
    assert before <= stamped <= datetime.now(UTC)


def test_a_missing_journal_is_empty_and_nothing_is_created(tmp_path):
    assert read_journal(tmp_path / "nope.json").entries == ()
    assert list(tmp_path.iterdir()) == []


def test_an_unknown_question_names_the_valid_ones(tmp_path):
    with pytest.raises(JournalError) as info:
        add_entry(tmp_path / "j.json", "feedbak", "Some text")
    message = str(info.value)
    assert "'feedbak'" in message
    for question_id in QUESTION_IDS:
        assert question_id in message
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("text", "kwargs", "expected"), [
    ("", {}, "The entry is empty"),
    ("  \n\t ", {}, "The entry is empty"),
    ("x" * 20_001, {}, "The entry is 20,001 characters long; the journal takes up to 20,000"),
    ("ok", {"prompt": "p" * 2_001}, "The prompt is 2,001 characters long"),
    ("ok", {"chapter": "c" * 101}, "The chapter name is 101 characters long"),
    ("broken \udcff byte", {}, "broken character"),
])
def test_bad_entries_are_refused_and_the_journal_is_untouched(tmp_path, text, kwargs,
                                                               expected):
    path = a_journal(tmp_path)
    before = path.read_bytes()
    with pytest.raises(JournalError, match=expected):
        add_entry(path, "feedback", text, **kwargs)
    assert path.read_bytes() == before
    assert add_entry(path, "feedback", "x" * 20_000).text == "x" * 20_000  # the limit is fine


# ---------------------------------------------------------------------------------------
# Never losing a word: atomic saves


class _FailingFile:
    """The temporary file, failing at one step (half the data written, then a full disk)."""

    def __init__(self, real, step: str):
        self.real, self.step = real, step

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.real.close()

    def write(self, data: bytes) -> int:
        if self.step == "write":
            self.real.write(data[: len(data) // 2])
            self.real.flush()
            raise OSError(errno.ENOSPC, "No space left on device")
        return self.real.write(data)

    def flush(self) -> None:
        if self.step == "flush":
            raise OSError(errno.EIO, "Input/output error")
        self.real.flush()

    def fileno(self) -> int:
        return self.real.fileno()


def _break(monkeypatch, step: str, error: BaseException) -> list[str]:
    """Make one step of the save fail with ``error``; returns a list that records it."""
    failed: list[str] = []

    def fail(*_args, **_kwargs):
        failed.append(step)
        raise error

    if step in ("write", "flush"):
        real_fdopen = os.fdopen

        def fdopen(fd, mode="r", *args, **kwargs):
            failed.append(step)
            return _FailingFile(real_fdopen(fd, mode, *args, **kwargs), step)

        monkeypatch.setattr(core.os, "fdopen", fdopen)
    elif step == "mkstemp":
        monkeypatch.setattr(core.tempfile, "mkstemp", fail)
    else:
        monkeypatch.setattr(core.os, step, fail)
    return failed


@pytest.mark.parametrize(("step", "error", "reason"), [
    ("mkstemp", OSError(errno.ENOSPC, "No space left on device"), "the disk is full"),
    ("write", None, "the disk is full"),
    ("flush", None, "Input/output error"),
    ("fsync", OSError(errno.EIO, "Input/output error"), "Input/output error"),
    ("replace", PermissionError(errno.EACCES, "Permission denied"), "permission denied"),
])
def test_a_failed_save_leaves_the_old_journal_byte_for_byte(tmp_path, monkeypatch, lock_kind,
                                                            step, error, reason):
    path = a_journal(tmp_path)
    before = path.read_bytes()
    failed = _break(monkeypatch, step, error)
    with pytest.raises(JournalError) as info:
        add_entry(path, "feedback", "This one cannot be saved.")
    assert failed, "the step that was meant to fail never ran"
    assert str(info.value) == (f"Could not save the journal {path}: {reason}. "
                               "The journal was not changed.")
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert [e.text for e in read_journal(path).entries] == ["First thought.\n\nSecond paragraph."]
    assert leftovers(tmp_path) == []


def test_an_interrupted_save_also_cleans_up(tmp_path, monkeypatch):
    path = a_journal(tmp_path)
    before = path.read_bytes()
    _break(monkeypatch, "fsync", KeyboardInterrupt())
    with pytest.raises(KeyboardInterrupt):
        add_entry(path, "feedback", "Interrupted.")
    monkeypatch.undo()
    assert path.read_bytes() == before and leftovers(tmp_path) == []


def test_a_folder_cannot_be_a_journal(tmp_path):
    with pytest.raises(JournalError, match="is a folder; give a file name"):
        add_entry(tmp_path, "feedback", "text")
    with pytest.raises(JournalError, match="it is a folder"):
        read_journal(tmp_path)


# ---------------------------------------------------------------------------------------
# Journals that cannot be read


CORRUPT = {
    "not JSON": (b'{"format": "pe-course-journal",\n  "version": 1,\n  "entries": [}\n',
                 "it is not valid JSON (line 3, column 15"),
    "not text": (b"\xff\xfe{}", "it is not text (byte 1 is not UTF-8)"),
    "empty": (b"", "it is not valid JSON (line 1, column 1"),
    "another format": (b'{"format": "notes", "version": 1, "entries": []}',
                       'not a pe-course journal (expected "format": "pe-course-journal")'),
    "newer version": (b'{"format": "pe-course-journal", "version": 2, "entries": []}',
                      "it is version 2; this version of the course reads version 1"),
    "entries not a list": (b'{"format": "pe-course-journal", "version": 1, "entries": {}}',
                           '"entries" (a list)'),
    "wrong type": (json.dumps({"format": FORMAT, "version": 1, "entries": [
        {"question": "feedback", "text": "ok", "time": "2024-05-01T12:00:00Z"},
        {"question": "feedback", "text": 5, "time": "2024-05-01T12:00:00Z"}]}).encode(),
        "entry 2, field 'text': expected text, got 5"),
    "missing field": (json.dumps({"format": FORMAT, "version": 1, "entries": [
        {"question": "feedback", "text": "ok"}]}).encode(),
        "entry 1, field 'time': expected a UTC time like 2024-05-01T14:03:09Z, got nothing"),
    "unknown question": (json.dumps({"format": FORMAT, "version": 1, "entries": [
        {"question": "courage", "text": "ok", "time": "2024-05-01T12:00:00Z"}]}).encode(),
        "entry 1, field 'question': expected one of feedback, thoughtful_questions"),
    "unknown field": (json.dumps({"format": FORMAT, "version": 1, "entries": [
        {"question": "feedback", "text": "ok", "time": "2024-05-01T12:00:00Z",
         "mood": "calm"}]}).encode(), "entry 1: expected an object with only the fields"),
}


@pytest.mark.parametrize("kind", sorted(CORRUPT))
def test_an_unreadable_journal_is_named_and_never_overwritten(tmp_path, capsys, kind):
    content, problem = CORRUPT[kind]
    path = tmp_path / "journal.json"
    path.write_bytes(content)
    with pytest.raises(UnreadableJournalError) as info:
        read_journal(path)
    assert str(info.value).startswith(f"{path} cannot be read as a journal: ")
    assert problem in str(info.value)
    with pytest.raises(UnreadableJournalError):
        add_entry(path, "feedback", "Refused.")
    assert path.read_bytes() == content

    code = main(["journal", "add", "--journal", str(path), "--question", "feedback",
                 "--text", "Refused too."])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith(f"error: {path} cannot be read as a journal: ") and problem in err
    assert "was not changed" in err or "has not been changed" in err
    assert "--new" in err  # says how to start again without losing this file
    assert path.read_bytes() == content
    assert leftovers(tmp_path) == []


def test_new_moves_the_unreadable_journal_aside_and_starts_again(tmp_path, capsys):
    path = tmp_path / "journal.json"
    content = CORRUPT["wrong type"][0]
    path.write_bytes(content)
    code = main(["journal", "add", "--journal", str(path), "--question", "safer_spaces",
                 "--text", "A fresh start.", "--new"])
    out = capsys.readouterr().out
    assert code == 0
    aside = [p for p in tmp_path.iterdir() if ".unreadable-" in p.name]
    assert len(aside) == 1 and str(aside[0]) in out
    assert aside[0].read_bytes() == content  # kept word for word
    assert [(e.question, e.text) for e in read_journal(path).entries] == [
        ("safer_spaces", "A fresh start.")]
    assert str(path) in out


def test_move_aside_never_overwrites(tmp_path, monkeypatch):
    class Frozen(datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime(2024, 5, 1, 14, 3, 9, tzinfo=UTC)

    monkeypatch.setattr(core, "datetime", Frozen)
    path = tmp_path / "journal.json"
    names = []
    for content in (b"first", b"second", b"third"):
        path.write_bytes(content)
        names.append(move_aside(path).name)
    assert names == ["journal.unreadable-20240501T140309Z.json",
                     "journal.unreadable-20240501T140309Z-2.json",
                     "journal.unreadable-20240501T140309Z-3.json"]
    assert [(tmp_path / n).read_bytes() for n in names] == [b"first", b"second", b"third"]
    assert not path.exists()
    with pytest.raises(JournalError, match="Could not move"):
        move_aside(path)


# ---------------------------------------------------------------------------------------
# Two writers at once


WRITER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    import pe_course.journal as core
    path, name, kind, go = sys.argv[1:5]
    core.USE_FLOCK = core.USE_FLOCK and kind == "flock"
    while not Path(go).exists():
        time.sleep(0.001)
    for i in range(30):
        core.add_entry(path, "feedback", f"{name} {i}")
""")


def test_two_writers_at_once_lose_nothing(tmp_path, lock_kind):
    path, go = tmp_path / "journal.json", tmp_path / "go"
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(path), name, lock_kind,
                                 str(go)], cwd=ROOT, stderr=subprocess.PIPE, text=True)
               for name in ("A", "B")]
    time.sleep(0.3)  # both started and waiting: then both begin at once
    go.touch()
    for writer in writers:
        _out, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err
    texts = sorted(e.text for e in read_journal(path).entries)
    assert len(texts) == 60
    assert texts == sorted(f"{name} {i}" for name in "AB" for i in range(30))
    assert leftovers(tmp_path) == []


def test_a_busy_journal_is_reported_and_its_lock_never_broken(tmp_path, monkeypatch,
                                                               lock_kind):
    path = a_journal(tmp_path)
    before = path.read_bytes()
    monkeypatch.setattr(core, "LOCK_TIMEOUT", 0.2)
    if lock_kind == "flock":
        import fcntl

        lock = tmp_path / "journal.json.lock"
        holder = os.open(lock, os.O_RDWR | os.O_CREAT)
        fcntl.flock(holder, fcntl.LOCK_EX)  # another program, saving
    else:
        lock = tmp_path / "journal.json.saving"
        lock.write_text("4242\n")  # left by another program, or by a crash
    try:
        with pytest.raises(JournalError) as info:
            add_entry(path, "feedback", "Waiting.")
    finally:
        if lock_kind == "flock":
            os.close(holder)
    assert str(info.value).startswith(f"The journal {path} is busy")
    assert f"delete {lock}" in str(info.value)
    assert path.read_bytes() == before and lock.exists()
    if lock_kind != "flock":
        lock.unlink()
    assert add_entry(path, "feedback", "Now it works.").text == "Now it works."


# ---------------------------------------------------------------------------------------
# Exports


def test_markdown_export_by_question_in_time_order(tmp_path):
    path = tmp_path / "j.json"
    add_entry(path, "sharing_power", "Later on power.", now=NOON + timedelta(hours=2))
    add_entry(path, "feedback", "About feedback.\n", prompt="What changed?",
              chapter="check_mark", now=NOON + timedelta(hours=1))
    add_entry(path, "sharing_power", "Earlier on power.", now=NOON)
    text = journal_markdown(read_journal(path))
    feedback, power = get_question("feedback"), get_question("sharing_power")
    assert text.startswith("# My reflection journal\n")
    assert f"## 1. {feedback.title}\n\n> “{feedback.question}”\n>\n> — {SOURCE}\n" in text
    assert f"## 4. {power.title}" in text
    assert "thoughtful_questions" not in text and get_question("safer_spaces").title not in text
    assert ("### 2024-05-01 13:00 UTC (from the page “check_mark”)\n\n"
            "*Prompt:* What changed?\n\nAbout feedback.\n") in text
    assert (text.index(feedback.title) < text.index(power.title)
            < text.index("Earlier on power.") < text.index("Later on power."))
    assert "Fig. 1 of the patient partners' commentary" in SOURCE
    assert journal_markdown(read_journal(tmp_path / "none.json")).endswith("No entries yet.\n")


def test_html_export_escapes_all_learner_text(tmp_path):
    path = tmp_path / "j.json"
    for attack in ATTACKS:
        add_entry(path, "feedback", f"Before {attack} after\nline two", prompt=attack,
                  chapter=attack, now=NOON)
    html = journal_html(read_journal(path))
    assert html.startswith("<!DOCTYPE html>") and html.count("<article") == 3
    for attack in ATTACKS:
        assert attack not in html
    for raw in ("<script", "<img", 'onmouseover="', "onerror=alert(1)>"):
        assert raw not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'data-chapter="&quot; onmouseover=&quot;x"' in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "after<br>line two" in html
    assert f"<blockquote><p>{get_question('feedback').question}</p></blockquote>" in html


# ---------------------------------------------------------------------------------------
# The command


def test_cli_add_list_and_export(tmp_path, capsys, monkeypatch):
    path = tmp_path / "j.json"
    assert main(["journal", "list", "--journal", str(path)]) == 0
    assert "has no entries yet" in capsys.readouterr().out
    assert main(["journal", "add", "--journal", str(path), "--question", "safer_spaces",
                 "--text", "We met somewhere neutral.", "--chapter", "vulnerability",
                 "--prompt", "Where did you meet?"]) == 0
    out = capsys.readouterr().out
    assert str(path) in out and get_question("safer_spaces").title in out
    monkeypatch.setattr(sys, "stdin", io.StringIO("From standard input.\n"))
    assert main(["journal", "add", "--journal", str(path), "--question", "feedback",
                 "--text", "-"]) == 0
    capsys.readouterr()

    assert main(["journal", "list", "--journal", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Your journal: {path} (2 entries)\n")
    assert "\n1. Creating safer, more inclusive spaces (" in out
    assert "   Prompt: Where did you meet?\n   We met somewhere neutral.\n" in out
    assert "\n2. Accepting and integrating feedback (" in out and "   From standard input." in out

    assert main(["journal", "export", "--journal", str(path)]) == 0
    assert capsys.readouterr().out == journal_markdown(read_journal(path))
    assert main(["journal", "export", "--format", "html", "--journal", str(path)]) == 0
    assert capsys.readouterr().out == journal_html(read_journal(path))


def test_cli_bad_input_exits_2_with_a_message(tmp_path, capsys):
    path = tmp_path / "j.json"
    assert main(["journal", "add", "--journal", str(path), "--question", "nope",
                 "--text", "x"]) == 2
    err = capsys.readouterr().err
    assert "There is no reflection question 'nope'" in err and "sharing_power" in err
    assert main(["journal", "add", "--journal", str(path), "--question", "feedback",
                 "--text", "   "]) == 2
    assert "The entry is empty" in capsys.readouterr().err
    assert not path.exists()
    path.write_text("[1, 2")
    for action in (["list"], ["export"], ["export", "--format", "html"]):
        assert main(["journal", *action, "--journal", str(path)]) == 2
        assert f"{path} cannot be read as a journal" in capsys.readouterr().err


def test_the_command_uses_pe_course_journal(tmp_path, monkeypatch, capsys):
    path = tmp_path / "from-env.json"
    monkeypatch.setenv("PE_COURSE_JOURNAL", str(path))
    assert main(["journal", "add", "--question", "feedback", "--text", "Env."]) == 0
    assert str(path) in capsys.readouterr().out
    assert [e.text for e in read_journal(path).entries] == ["Env."]


def test_default_path(monkeypatch, tmp_path):
    monkeypatch.setenv("PE_COURSE_JOURNAL", str(tmp_path / "mine.json"))
    assert default_path() == tmp_path / "mine.json"
    monkeypatch.setenv("PE_COURSE_JOURNAL", "~/notes/j.json")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert default_path() == tmp_path / "notes" / "j.json"
    monkeypatch.delenv("PE_COURSE_JOURNAL")
    assert default_path() == tmp_path / "pe-course" / "journal.json"  # outside the course
    monkeypatch.chdir(tmp_path / "..")
    monkeypatch.setattr(core.sys, "platform", "emscripten")
    assert default_path() == Path.cwd() / "pe-course-journal.json"  # the browser's drive


# ---------------------------------------------------------------------------------------
# The form


def test_the_form_saves_and_says_where(tmp_path):
    path = tmp_path / "j.json"
    form = journal("thoughtful_questions", chapter="vulnerability", path=path)
    assert isinstance(form, JournalForm) and form.question_box is None
    assert get_question("thoughtful_questions").question in form.quote.value
    assert 'role="status"' in form.status.value and str(path) in form.status.value
    for control in (form.path_box, form.prompt_box, form.text_box):
        assert control.description  # every box has a visible label
        assert control.continuous_update is False  # sent when left, not at every key
    form.prompt_box.value = "What would you ask?"
    form.text_box.value = "I would ask what they want to share."
    entry = form.save()
    assert entry is not None and entry.chapter == "vulnerability"
    assert read_journal(path).entries == (entry,)
    status = form.status.value
    assert 'role="status"' in status and f"Saved in {path} at " in status
    assert "1 entry so far" in status
    assert form.text_box.value == "" and "I would ask what they want to share." in \
        form.entries.value
    assert "reflection-journal.md" in form.download.value


@pytest.mark.parametrize("problem", ["folder", "unreadable"])
def test_a_failing_save_keeps_the_typed_text(tmp_path, problem):
    path = tmp_path / "j.json"
    if problem == "folder":
        path.mkdir()
    else:
        path.write_text('{"format": "pe-course-journal", "version": 9, "entries": []}')
    before = None if problem == "folder" else path.read_bytes()
    form = journal("feedback", path=path)
    assert "cannot be used" in form.status.value  # said at once, before any typing
    form.text_box.value = "Words I must not lose."
    form.prompt_box.value = "My prompt."
    assert form.save() is None
    status = form.status.value
    assert 'role="alert"' in status and "Not saved" in status
    assert ("is a folder" if problem == "folder" else "cannot be read as a journal") in status
    assert "nothing is lost" in status
    assert form.text_box.value == "Words I must not lose." and form.prompt_box.value == "My prompt."
    if before is not None:
        assert path.read_bytes() == before
    form.path_box.value = str(tmp_path / "other.json")  # a new file: the words are saved
    assert form.save().text == "Words I must not lose."


def test_the_form_escapes_learner_text(tmp_path):
    path = tmp_path / "j.json"
    form = journal("feedback", chapter=ATTACKS[2], path=path)
    for attack in ATTACKS:
        form.prompt_box.value = attack
        form.text_box.value = f"Text {attack}"
        assert form.save() is not None
    shown = form.entries.value + form.status.value
    for attack in ATTACKS:
        assert attack not in shown
    assert "<script" not in shown and "<img" not in shown and 'onmouseover="' not in shown
    assert "&lt;script&gt;" in shown
    bad_path = tmp_path / "<img src=x onerror=alert(1)>"
    bad_path.mkdir()
    form.path_box.value = str(bad_path)
    form.text_box.value = "x"
    form.save()
    assert "<img" not in form.status.value


def test_the_form_offers_the_four_questions_when_none_is_given(tmp_path):
    form = journal(path=tmp_path / "j.json")
    assert [label for label, _ in form.question_box.options] == [q.title for q in QUESTIONS]
    form.question_box.value = "sharing_power"
    assert get_question("sharing_power").question in form.quote.value
    form.text_box.value = "On power."
    assert form.save().question == "sharing_power"
    with pytest.raises(KeyError, match="feedback"):
        journal("nope")


def test_the_static_page_explains_where_the_journal_is(tmp_path):
    html = journal("safer_spaces", path=tmp_path / "j.json")._repr_mimebundle_()["text/html"]
    assert "part of the page itself" in html and "kept in your browser only" in html
    assert "In Jupyter, this form saves each entry to a file" in html
    assert get_question("safer_spaces").question in html and SOURCE in html.replace(
        "&#x27;", "'")
    assert str(tmp_path) not in html  # nobody's own file name goes into the book


def test_in_the_browser_the_form_says_kept_in_this_browser_only(tmp_path, monkeypatch):
    monkeypatch.setattr("pe_course.widgets.journal_form.in_browser", lambda: True)
    form = journal("feedback", path=tmp_path / "j.json")
    assert "kept in this browser only" in form.children[0].value
    assert "kept in this browser only" in form.status.value
