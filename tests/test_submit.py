"""``x12flow submit``: the nightly batch sends each claim file once."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from edi.cli import main


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"traceback: {result.exception!r}")
    return result.exit_code, result.output


@pytest.fixture
def drop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "outbox" / "claims"
    folder.mkdir(parents=True)
    for kind, count in (("837p", 12), ("837i", 4)):
        code, out = invoke("sample", kind, "--count", str(count), "--seed", "11")
        assert code == 0
        (folder / f"{kind}.jsonl").write_text(out)
    return folder


def outbound_files(root: Path) -> list[str]:
    return sorted(p.name for p in (root / "outbox").glob("837*.x12"))


def test_two_runs_over_the_same_drop_write_one_batch(drop: Path) -> None:
    code, out = invoke("submit")
    assert code == 0, out
    assert "16 claim(s) sent in 2 file(s)" in out
    first = outbound_files(drop.parent.parent)
    assert len(first) == 2
    assert not list(drop.glob("*.jsonl"))  # moved aside
    code, out = invoke("submit")
    assert code == 0 and "nothing to submit" in out
    assert outbound_files(drop.parent.parent) == first
    code, out = invoke("claims", "--json")
    assert len(json.loads(out)) == 16


def test_the_same_file_dropped_again_is_not_sent_twice(drop: Path) -> None:
    keep = drop.parent / "copy.jsonl"
    shutil.copy(drop / "837p.jsonl", keep)
    assert invoke("submit")[0] == 0
    shutil.copy(keep, drop / "again.jsonl")
    code, out = invoke("submit")
    assert code == 0
    assert "again.jsonl: already submitted earlier; not sent again" in out
    assert "0 claim(s) sent in 0 file(s)" in out
    assert len(outbound_files(drop.parent.parent)) == 2


def test_refused_claims_are_reported_and_the_rest_sent(drop: Path) -> None:
    (drop / "broken.json").write_text(
        json.dumps({"patient_control_number": "BAD1", "place_of_service": "11"})
    )
    code, out = invoke("submit")
    assert code == 1
    assert "16 claim(s) sent" in out and "1 refused" in out
    report = next((drop.parent).glob("refused-*.json"))
    problems = json.loads(report.read_text())["problems"]
    assert problems and all(p["claim"] == "BAD1" for p in problems)
    where = str(Path("outbox") / "claims" / "broken.json")
    assert {(p["file"], p["where"]) for p in problems} == {(where, "the document")}


def test_a_crash_between_commit_and_move_sends_nothing_twice(
    drop: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def crash(path: Path, folder: Path) -> Path:
        raise KeyboardInterrupt  # killed right after the ledger commit

    with monkeypatch.context() as patched:
        patched.setattr("edi.outbound.submit._move", crash)
        invoke("submit")
    assert len(outbound_files(drop.parent.parent)) == 2
    assert sorted(p.name for p in drop.glob("*.jsonl")) == ["837i.jsonl", "837p.jsonl"]
    code, out = invoke("submit")
    assert code == 0 and "0 claim(s) sent" in out
    assert len(outbound_files(drop.parent.parent)) == 2
    assert not list(drop.glob("*.jsonl"))
