"""The reflection journal: a learner's answers to the reflection questions, in one JSON
file on their own computer; nothing is sent anywhere. No word is lost: a save is written
to a temporary file in the same folder, flushed to the disk, then put in place, so a
crash or a full disk leaves the old journal as it was; a file that cannot be read is
never overwritten (``move_aside`` keeps it); reading, adding and saving happen under a
lock. An entry: ``question`` (an id), ``text``, ``time`` (UTC, to the second), and maybe
``prompt`` and ``chapter`` (a page name such as ``vulnerability``). The Markdown and HTML
exports are in ``pe_course.render.journal``."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from pe_course.errors import PECourseError
from pe_course.statements import QUESTION_IDS

try:  # not on Windows; the browser's Python may have the module but no working flock
    import fcntl
except ImportError:  # pragma: no cover - depends on the platform
    fcntl = None  # type: ignore[assignment]

FORMAT, VERSION = "pe-course-journal", 1
ENV_VAR = "PE_COURSE_JOURNAL"
MAX_TEXT, MAX_PROMPT, MAX_CHAPTER = 20_000, 2_000, 100
LOCK_TIMEOUT = 10.0  # seconds to wait for another program's save before saying so
# A flock is let go when its program ends, so it is never left stuck. Where flock is missing
# or does nothing (the browser) the lock is a file made only if absent (``.saving``).
USE_FLOCK = fcntl is not None and hasattr(fcntl, "flock") and sys.platform != "emscripten"
_FIELDS, _OPTIONAL = ("question", "prompt", "text", "time", "chapter"), ("prompt", "chapter")
_RULES = {"question": (QUESTION_IDS.__contains__, f"one of {', '.join(QUESTION_IDS)}"),
          "time": (re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ").fullmatch,
                   "a UTC time like 2024-05-01T14:03:09Z")}
_SURROGATE = re.compile("[\ud800-\udfff]")  # half a character: UTF-8 cannot hold it
_REASONS = {errno.ENOSPC: "the disk is full", errno.EACCES: "permission denied",
            errno.EPERM: "permission denied", errno.EROFS: "the drive is read-only",
            errno.EISDIR: "it is a folder"}


class JournalError(PECourseError):
    """The journal could not be read or saved; the message names the file and the problem."""


class UnreadableJournalError(JournalError):
    """The file is there but is not a journal this version can read: it is never overwritten."""


@dataclass(frozen=True)
class Entry:
    """One reflection: which question, what was written, when (UTC) and from which page."""

    question: str
    text: str
    time: str
    prompt: str | None = None
    chapter: str | None = None


@dataclass(frozen=True)
class Journal:
    """A journal file's path and its entries, in the order they were added."""

    path: Path
    entries: tuple[Entry, ...] = ()

    def for_question(self, question_id: str) -> list[Entry]:
        """This question's entries, oldest first."""
        return sorted((e for e in self.entries if e.question == question_id), key=lambda e: e.time)


def default_path() -> Path:
    """``$PE_COURSE_JOURNAL``, else ``~/pe-course/journal.json`` (outside the course's files);
    in the in-browser course (Pyodide: ``sys.platform == "emscripten"``), whose working
    folder is the browser's stored drive, ``pe-course-journal.json``: in this browser only."""
    if chosen := os.environ.get(ENV_VAR, "").strip():
        return Path(chosen).expanduser()
    if sys.platform == "emscripten":
        return Path.cwd() / "pe-course-journal.json"
    return Path.home() / "pe-course" / "journal.json"


def read_journal(path: str | Path) -> Journal:
    """The journal at ``path`` (no file yet: empty). ``UnreadableJournalError`` says what is
    wrong: not JSON (line, column), which field of which entry, an unknown format/version."""
    path = Path(path).expanduser()
    with _saying(f"Could not read the journal {path}"):
        data = path.read_bytes() if path.exists() else None
    if data is None:
        return Journal(path)

    def bad(what: str) -> UnreadableJournalError:
        return UnreadableJournalError(f"{path} cannot be read as a journal: {what}. The "
                                      "file has not been changed.")
    try:
        raw = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise bad(f"it is not text (byte {exc.start + 1} is not UTF-8)") from None
    except json.JSONDecodeError as exc:
        raise bad(f"it is not valid JSON (line {exc.lineno}, column {exc.colno}: "
                  f"{exc.msg})") from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise bad(f'it is not a pe-course journal (expected "format": "{FORMAT}")')
    if type(raw.get("version")) is not int or raw["version"] != VERSION:
        raise bad(f"it is version {raw.get('version')!r}; this version of the course reads "
                  f"version {VERSION} (a newer version of the course may have written it)")
    if set(raw) != {"format", "version", "entries"} or not isinstance(raw["entries"], list):
        raise bad('expected exactly the fields "format", "version" and "entries" (a list)')
    for number, item in enumerate(raw["entries"], 1):
        if not isinstance(item, dict) or set(item) - set(_FIELDS):
            raise bad(f"entry {number}: expected an object with only the fields "
                      f"{', '.join(_FIELDS)}")
        for key in _FIELDS:
            value, (fits, expected) = item.get(key), _RULES.get(key, (str.strip, "text"))
            if not (value is None and key in _OPTIONAL or isinstance(value, str) and fits(value)):
                got = "nothing" if key not in item else repr(value)
                raise bad(f"entry {number}, field {key!r}: expected {expected}, got {got}")
    return Journal(path, tuple(Entry(**item) for item in raw["entries"]))


def add_entry(path: str | Path, question: str, text: str, *, prompt: str | None = None,
              chapter: str | None = None, now: datetime | None = None) -> Entry:
    """Add one entry to the journal at ``path`` (made, with its folders, if need be); ``now``
    (naive: UTC) is for tests. After any failure the file is exactly as it was."""
    if question not in QUESTION_IDS:
        raise JournalError(f"There is no reflection question {question!r}; use one of: "
                           f"{', '.join(QUESTION_IDS)}.")
    if not isinstance(text, str) or not text.strip():
        raise JournalError("The entry is empty: write something first.")
    for name, value, limit in (("entry", text, MAX_TEXT), ("prompt", prompt or "", MAX_PROMPT),
                               ("chapter name", chapter or "", MAX_CHAPTER)):
        if len(value) > limit:
            raise JournalError(f"The {name} is {len(value):,} characters long; the journal "
                               f"takes up to {limit:,}.")
        if _SURROGATE.search(value):
            raise JournalError(f"The {name} has a broken character that cannot be saved.")
    moment = now or datetime.now(UTC)
    moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    entry = Entry(question, text, moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
                  (prompt or "").strip() or None, (chapter or "").strip() or None)
    path = Path(path).expanduser()
    if path.is_dir():
        raise JournalError(f"{path} is a folder; give a file name for the journal.")
    with _saying(f"Could not make the folder {path.parent} for the journal"):
        path.parent.mkdir(parents=True, exist_ok=True)
    with _locked(path):
        old = read_journal(path)  # one that cannot be read is refused, never overwritten
        entries = [{k: v for k in _FIELDS if (v := getattr(e, k)) is not None}
                   for e in (*old.entries, entry)]
        data = json.dumps({"format": FORMAT, "version": VERSION, "entries": entries},
                          ensure_ascii=False, indent=1) + "\n"
        with _saying(f"Could not save the journal {path}", " The journal was not changed."):
            _write_atomic(path, data.encode("utf-8"))
    return entry


def _write_atomic(path: Path, data: bytes) -> None:
    """``data`` at ``path`` whole or not at all (mkstemp's file is private to its owner)."""
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    with contextlib.suppress(OSError):  # make the rename itself last, where folders open
        folder = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)


def move_aside(path: str | Path) -> Path:
    """Rename the journal to ``<name>.unreadable-<UTC time>.json`` beside it (never over a
    file) and return that path: it is kept word for word, and a new journal can start."""
    path = Path(path).expanduser()
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    with _locked(path), _saying(f"Could not move {path} aside"):
        for extra in ("", *(f"-{n}" for n in range(2, 1000))):
            target = path.with_name(f"{path.stem}.unreadable-{stamp}{extra}.json")
            try:  # claim the name first, so nothing that is there is ever overwritten
                os.close(os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
            except FileExistsError:
                continue
            try:
                os.replace(path, target)
            except OSError:
                target.unlink(missing_ok=True)
                raise
            return target
    raise JournalError(f"Could not move {path} aside: too many files with its name.")


@contextlib.contextmanager
def _saying(what: str, after: str = "") -> Iterator[None]:
    """Turn an ``OSError`` into a ``JournalError``: ``what``, the reason in plain words."""
    try:
        yield
    except OSError as exc:
        reason = _REASONS.get(exc.errno, exc.strerror or str(exc))
        raise JournalError(f"{what}: {reason}.{after}") from None


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold the journal's lock, so that reading, adding and saving are one step."""
    lock = path.with_name(path.name + (".lock" if USE_FLOCK else ".saving"))
    flags = os.O_RDWR | os.O_CREAT | (0 if USE_FLOCK else os.O_EXCL)
    fd = _wait(path, lock, lambda: os.open(lock, flags, 0o600))
    try:
        if USE_FLOCK:
            _wait(path, lock, lambda: fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB))
        yield
    finally:
        os.close(fd)  # which also lets go of a flock
        if not USE_FLOCK:
            with contextlib.suppress(OSError):
                os.unlink(lock)


def _wait(path: Path, lock: Path, attempt: Callable[[], int | None]) -> int | None:
    """``attempt()`` again while another program holds the lock; never broken, it times out."""
    deadline = time.monotonic() + LOCK_TIMEOUT
    while True:
        with _saying(f"Could not lock the journal {path} ({lock})"):
            try:
                return attempt()
            except (FileExistsError, BlockingIOError):
                if time.monotonic() > deadline:  # a lock left by a crash is named, never broken
                    raise JournalError(
                        f"The journal {path} is busy: another program has been saving to it "
                        f"for {LOCK_TIMEOUT:g} seconds. Nothing was changed. If no program "
                        f"is using it, delete {lock}.") from None
        time.sleep(0.005)
