"""Writing a file whole or not at all (``pe_course.saving``)."""

from __future__ import annotations

import stat

import pytest

from pe_course import saving
from pe_course.saving import write_atomic


def test_text_and_bytes_are_written_whole(tmp_path):
    assert write_atomic(tmp_path / "a.txt", "é\r\n") == tmp_path / "a.txt"
    assert (tmp_path / "a.txt").read_bytes() == "é\r\n".encode()
    write_atomic(tmp_path / "b.pdf", b"%PDF-1.7\0")
    assert (tmp_path / "b.pdf").read_bytes() == b"%PDF-1.7\0"


def test_public_files_are_readable_by_everyone(tmp_path):
    write_atomic(tmp_path / "private.txt", "x")
    write_atomic(tmp_path / "page.html", "x", public=True)
    assert stat.S_IMODE((tmp_path / "page.html").stat().st_mode) == 0o644
    assert not stat.S_IMODE((tmp_path / "private.txt").stat().st_mode) & 0o044


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "page.html"
    target.write_text("old")

    def fail(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(saving.os, "replace", fail)
    with pytest.raises(OSError, match="No space"):
        write_atomic(target, "new", public=True)
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["page.html"]
