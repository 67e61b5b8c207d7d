"""The watcher on broken files that carry a patient's data: its log lines and the .error.json
files it leaves in rejected/ give none of that data away."""

from __future__ import annotations

import os
from pathlib import Path

from click.testing import CliRunner

from edi.cli import main
from edi.x12 import clock
from tests.patient_data import bad_files, leaks


def test_watch_logs_and_error_files_hold_no_patient_data(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    files = bad_files()
    an_hour_ago = clock.wall() - 3600  # they sat in the inbox: none is still being written
    for name, data in files.items():
        (inbox / name).write_bytes(data)
        os.utime(inbox / name, (an_hour_ago, an_hour_ago))
    db = f"sqlite:///{tmp_path / 'ledger.db'}"
    args = ["watch", "--once", "--inbox", str(inbox), "--db", db, "--settle", "0"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code in (0, 1), result.stderr
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    assert leaks(result.output + result.stderr) == []
    error_files = sorted((inbox / "rejected").glob("*.error.json"))
    rejected = {p.name.removesuffix(".error.json") for p in error_files}
    processed = {p.name for p in (inbox / "processed").rglob("*.x12")}
    assert rejected | processed == set(files) and not rejected & processed
    assert "not_x12.x12" in rejected and "truncated.x12" in rejected
    for error_file in error_files:
        assert leaks(error_file.read_text(encoding="utf-8")) == [], error_file.name
