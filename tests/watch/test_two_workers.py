"""Two watchers on one inbox sharing a PostgreSQL ledger: each file is ingested exactly once.

Skips with a message when X12FLOW_TEST_POSTGRES_URL is not set (.ci/run sets it when a server
answers on 127.0.0.1:5432)."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from tests.watch.scenario import build
from tests.watch.test_crash_safety import (
    ROOT,
    clean_run,
    drop,
    ledger_state,
    wait_until_drained,
)


def test_two_workers_share_one_inbox_and_one_ledger(
    tmp_path: Path, postgres_schema_url: str
) -> None:
    url = postgres_schema_url
    _, replies = build(tmp_path / "pg", batches=30, url=url)
    sqlite_db, same_replies = build(tmp_path / "lite", batches=30)
    assert [p.read_bytes() for p in replies] == [p.read_bytes() for p in same_replies]
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    logs = [tmp_path / "a.log", tmp_path / "b.log"]
    streams = [log.open("wb") for log in logs]
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "edi",
                "watch",
                "--inbox",
                str(inbox),
                "--db",
                url,
                "--settle",
                "0.1",
                "--worker",
                name,
            ],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=stream,
        )
        for name, stream in zip(("a", "b"), streams, strict=True)
    ]
    try:
        time.sleep(1.0)
        for path in replies:
            drop(path, inbox)
        wait_until_drained(inbox)
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
        codes = [worker.wait(timeout=30) for worker in workers]
        for stream in streams:
            stream.close()
    assert codes == [0, 0]
    entries = [
        json.loads(line)
        for log in logs
        for line in log.read_text().splitlines()
        if line.startswith("{")
    ]
    files = Counter(e["file"] for e in entries if e.get("event") == "file")
    assert sorted(files) == sorted(p.name for p in replies)
    assert set(files.values()) == {1}  # each file handled by exactly one worker, once
    assert {e["outcome"] for e in entries if e.get("event") == "file"} == {"processed"}
    assert len({e["file"] for e in entries if e.get("event") == "file"}) == len(replies)
    assert ledger_state(url) == ledger_state(clean_run(sqlite_db, same_replies, tmp_path / "clean"))
