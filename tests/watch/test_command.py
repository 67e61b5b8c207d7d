"""``x12flow watch`` itself: the inbox must exist, log lines, and --once when the ledger cannot
be reached."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from edi.cli import main
from edi.inbound.ingest import IngestResult
from edi.ledger import Ledger, LedgerUnavailable
from edi.watch import ingesting
from edi.watch.inbox import WORK
from edi.x12 import clock
from tests.watch.scenario import MEMBER_IDS, SAMPLES, deliver, settled_files


def watch_once(inbox: Path, tmp_path: Path, *extra: str) -> Result:
    db = f"sqlite:///{tmp_path / 'ledger.db'}"
    args = ["watch", "--once", "--inbox", str(inbox), "--db", db, "--settle", "0", *extra]
    return CliRunner().invoke(main, args)


def log_lines(result: Result) -> list[dict[str, Any]]:
    return [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]


def test_an_inbox_that_does_not_exist_is_an_error(tmp_path: Path) -> None:
    missing = tmp_path / "does" / "not" / "exist"
    result = watch_once(missing, tmp_path)
    assert result.exit_code == 2
    assert f"the inbox folder {missing} does not exist" in result.stderr
    assert "--create-inbox" in result.stderr
    assert not missing.exists() and not (tmp_path / "ledger.db").exists()


def test_create_inbox_makes_the_folder(tmp_path: Path) -> None:
    missing = tmp_path / "new" / "inbox"
    result = watch_once(missing, tmp_path, "--create-inbox")
    assert result.exit_code == 0, result.stderr
    assert missing.is_dir() and (missing / "processed").is_dir()


def test_each_file_logs_time_worker_and_transactions_without_patient_data(
    tmp_path: Path,
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for sample in SAMPLES:
        deliver(sample, inbox)
    before = dt.datetime.fromtimestamp(clock.wall(), dt.UTC).replace(microsecond=0)
    result = watch_once(inbox, tmp_path, "--worker", "cron-1")
    after = dt.datetime.fromtimestamp(clock.wall(), dt.UTC)
    assert result.exit_code == 0, result.stderr
    entries = log_lines(result)
    files = [e for e in entries if e["event"] == "file"]
    assert sorted(e["file"] for e in files) == sorted(p.name for p in SAMPLES)
    for entry in entries:
        assert entry["worker"] == "cron-1"
        assert entry["time"].endswith("Z")  # UTC, the machine's clock, not business time
        assert before <= dt.datetime.fromisoformat(entry["time"]) <= after
    assert sorted(t for e in files for t in e["transactions"]) == ["277CA", "835", "999", "TA1"]
    assert all(e["outcome"] == "processed" for e in files)
    assert not any(m in result.stderr for m in MEMBER_IDS)
    assert entries[-1]["event"] == "stopped" and entries[-1]["processed"] == len(SAMPLES)
    assert list((inbox / WORK).iterdir()) == []


def test_once_stops_when_the_ledger_cannot_be_reached(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unreachable(ledger: Ledger, path: Path, *args: Any, **kwargs: Any) -> IngestResult:
        raise LedgerUnavailable("the ledger cannot be reached: OperationalError: refused")

    monkeypatch.setattr(ingesting, "ingest_file", unreachable)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    deliver(SAMPLES[0], inbox)
    result = watch_once(inbox, tmp_path)
    assert result.exit_code == 2
    assert "x12flow: the ledger cannot be reached" in result.stderr
    [entry] = [e for e in log_lines(result) if e["event"] == "file"]
    assert entry["outcome"] == "deferred" and "left in the inbox" in entry["message"]
    assert entry["transactions"] == []  # not read: every file entry still has the list
    assert (inbox / SAMPLES[0].name).exists()  # waiting for the next run, untouched
    assert settled_files(inbox) == {"processed": [], "rejected": []}


def test_the_configuration_names_the_ledger(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("X12FLOW_DATABASE_URL", raising=False)
    monkeypatch.delenv("X12FLOW_CONFIG", raising=False)
    configured = tmp_path / "configured.db"
    config = tmp_path / "watch.toml"
    config.write_text(f'[database]\nurl = "sqlite:///{configured}"\n')
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    deliver(SAMPLES[0], inbox)
    args = ["watch", "--once", "--inbox", str(inbox), "--config", str(config), "--settle", "0"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.stderr
    assert configured.is_file() and not (tmp_path / "x12flow.db").exists()
    assert settled_files(inbox)["processed"] == [SAMPLES[0].name]
