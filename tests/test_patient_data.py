"""No patient data in any message: bad files that carry a patient's name, member ID, birth date
and address, through validate, parse and ingest; nothing they print about a file repeats it.

The parse output of a file legitimately holds its data; for parse, only the findings, the error
and standard error are checked. The ledger's commands (worklist, work, match, dismiss, claim, and
the watcher's log when items open) print none of it; ``find`` shows it on its own output, the
user's screen, and nowhere else (standard error, logging). The files are in
tests/data/patient_data (tests/patient_data.py).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from edi.cli import main
from edi.inbound.document import Document
from edi.x12.errors import UnreadableInput
from tests import patient_data
from tests.ledger.scenario import sample_claims, submit_claims
from tests.ledger.x12text import envelope, remittance
from tests.patient_data import (
    FIRST_NAME,
    FOLDER,
    LAST_NAME,
    MEMBER_ID,
    bad_files,
    large_files,
    leaks,
    patient_claim,
    remittance_lines,
)

SENT = datetime(2026, 11, 2, 9, 30)
SMALL = sorted(bad_files())
LARGE = sorted(large_files())


@pytest.fixture(scope="module")
def large_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("large")
    for name, data in large_files().items():
        (folder / name).write_bytes(data)
    return folder


def path_of(name: str, large_folder: Path) -> Path:
    return (large_folder if name in LARGE else FOLDER) / name


def run(*args: str) -> Result:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output + result.stderr
    assert "internal error" not in result.stderr
    return result


def findings_in(value: Any) -> Iterator[Any]:
    """Every ``findings`` list and ``error`` message anywhere in a parse document."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("findings", "error"):
                yield item
            else:
                yield from findings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from findings_in(item)


def test_the_files_on_disk_are_the_generators() -> None:
    on_disk = {p.name: p.read_bytes() for p in FOLDER.glob("*.x12")}
    assert on_disk == bad_files(), "run python -m tests.patient_data to write them again"


@pytest.mark.parametrize("name", SMALL + LARGE)
def test_every_file_carries_the_patient(name: str) -> None:
    data = {**bad_files(), **large_files()}[name]
    assert leaks(data.decode()), "a battery file without patient data proves nothing"


@pytest.mark.parametrize("name", SMALL + LARGE)
def test_validate_says_nothing_of_the_patient(name: str, large_folder: Path) -> None:
    path = str(path_of(name, large_folder))
    text = run("validate", path)
    as_json = run("validate", "--json", path)
    assert text.exit_code in (1, 2) and as_json.exit_code == text.exit_code
    assert text.stdout + text.stderr, "a bad file gives findings or an error"
    assert leaks(text.stdout + text.stderr) == []
    assert leaks(as_json.stdout + as_json.stderr) == []
    for line in as_json.stdout.splitlines():
        json.loads(line)


@pytest.mark.parametrize("name", SMALL + LARGE)
def test_parse_findings_say_nothing_of_the_patient(name: str, large_folder: Path) -> None:
    path = str(path_of(name, large_folder))
    result = run("parse", path)
    assert leaks(result.stderr) == []
    document = json.loads(result.stdout) if result.stdout.strip() else {}
    shown = json.dumps(list(findings_in(document)))
    assert leaks(shown) == []
    text = run("parse", "--format", "text", path)
    finding_lines = [line for line in text.stdout.splitlines() if line.startswith(path)]
    assert leaks("\n".join(finding_lines) + text.stderr) == []


@pytest.mark.parametrize("name", SMALL + LARGE)
def test_ingest_says_nothing_of_the_patient(name: str, large_folder: Path, tmp_path: Path) -> None:
    path = str(path_of(name, large_folder))
    db = f"sqlite:///{tmp_path / 'ledger.db'}"
    text = run("ingest", "--db", db, path)
    assert text.stdout + text.stderr
    assert leaks(text.stdout + text.stderr) == []
    again = run("ingest", "--db", f"sqlite:///{tmp_path / 'other.db'}", "--json", path)
    assert leaks(again.stdout + again.stderr) == []


def test_a_file_that_is_not_x12_is_described_not_quoted() -> None:
    with pytest.raises(UnreadableInput) as caught:
        Document(FOLDER / "not_x12.x12").validate()
    assert caught.value.message == (
        "not an X12 file: it does not start with ISA, GS or ST (it starts with 4 letters)"
    )


def test_another_element_separator_is_named_not_the_segment() -> None:
    found = Document(FOLDER / "body_separator.x12").validate()
    wrong = [f for f in found if "element separator" in f.message]
    assert [(f.code, f.location.segment, f.location.segment_id) for f in wrong] == [
        ("1", 15, "NM1"),
        ("1", 16, "N3"),
        ("1", 17, "N4"),
        ("1", 18, "DMG"),
    ]
    assert (
        wrong[0].message
        == "segment 15 (NM1) uses '|' as element separator but the ISA declared '*'"
    )


def test_segments_after_iea_are_named_by_their_id() -> None:
    found = Document(FOLDER / "after_iea.x12").validate()
    assert [f.message for f in found] == [
        f"segment {seg_id!r} stands outside any transaction set"
        for seg_id in ("NM1", "N3", "N4", "DMG")
    ]


def test_a_value_where_a_code_belongs_is_described() -> None:
    found = Document(FOLDER / "malformed_subscriber.x12").validate()
    messages = {f.message for f in found}
    assert "NM1 with NM101 (13 letters) is not expected in this transaction set" in messages
    assert "unrecognized segment ID (13 letters)" in messages
    assert "HL with HL03 (12 letters and digits) is not expected in this transaction set" in (
        messages
    )


def test_the_generated_files_are_the_ones_on_disk(tmp_path: Path) -> None:
    written = patient_data.write(tmp_path)
    assert sorted(p.name for p in written) == SMALL
    assert all(p.read_bytes() == (FOLDER / p.name).read_bytes() for p in written)


# -- the ledger's commands: worklist, work, match, dismiss, find, claim, and the watcher -------
@pytest.fixture
def worked_ledger(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> tuple[str, list[str]]:
    """A ledger with this patient's claim, denied by an 835 the watcher ingests (its log on
    standard error), and two payments for claims the ledger does not know, each naming the
    patient: the ledger's URL and the watcher's log lines."""
    caplog.set_level(logging.DEBUG)
    db = f"sqlite:///{tmp_path / 'ledger.db'}"
    claim, other = sample_claims(2, seed=211)
    submit_claims(db, [patient_claim(claim), other], SENT, tmp_path)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    lines = [
        *remittance_lines(claim.patient_control_number, "4", "0", "CO*16*150.00"),
        *remittance_lines("NOT-OURS-1", "1", "150.00", "CO*45*0.00"),
        *remittance_lines("NOT-OURS-2", "1", "150.00", "CO*45*0.00"),
    ]
    body = remittance(
        lines, total="300.00", trace="EFT-P", paid_on=date(2026, 11, 20), payer="ACME HEALTH"
    )
    (inbox / "remit.835").write_text(envelope("835", body), encoding="ascii")
    watched = run("watch", "--inbox", str(inbox), "--once", "--settle", "0", "--db", db)
    assert watched.exit_code == 0, watched.output
    log = watched.stderr.splitlines()
    assert any('"worklist items opened":3' in line for line in log), log
    return db, log


def _ledger_run(*args: str) -> Result:
    result = run(*args)
    assert leaks(result.stderr) == [], args
    return result


def test_the_worklist_commands_say_nothing_of_the_patient(
    worked_ledger: tuple[str, list[str]], caplog: pytest.LogCaptureFixture
) -> None:
    db, log = worked_ledger
    assert leaks("\n".join(log)) == []
    for fmt in ("text", "json", "csv"):
        listed = _ledger_run("worklist", "--format", fmt, "--db", db)
        assert listed.exit_code == 0 and leaks(listed.stdout) == []
    items = json.loads(run("worklist", "--format", "json", "--db", db).stdout)
    denied = next(i for i in items if i["claim"])
    strays = [i for i in items if i["claim"] is None]
    assert (len(items), len(strays)) == (3, 2)
    outputs = [
        _ledger_run(
            "work", str(denied["id"]), "--status", "in_progress", "--user", "dana", "--db", db
        ),
        _ledger_run("work", str(denied["id"]), "--write-off", "1.555", "--db", db),  # not cents
        _ledger_run("work", "999", "--note", "x", "--db", db),  # no such item
        _ledger_run("match", str(strays[0]["id"]), denied["claim"], "--user", "dana", "--db", db),
        _ledger_run("match", str(strays[1]["id"]), "NO-SUCH-CLAIM", "--db", db),
        _ledger_run("dismiss", str(strays[1]["id"]), "--note", "not ours", "--db", db),
        _ledger_run("dismiss", str(strays[1]["id"]), "--note", "again", "--db", db),
        _ledger_run("claim", denied["claim"], "--db", db),
        _ledger_run("claim", denied["claim"], "--json", "--db", db),
        _ledger_run("worklist", "--status", "resolved", "--format", "json", "--db", db),
    ]
    assert [r.exit_code for r in outputs] == [0, 2, 1, 0, 1, 0, 1, 0, 0, 0]
    for result in outputs:
        assert leaks(result.stdout) == [], result.stdout
    assert leaks(caplog.text) == []


def test_find_shows_the_patient_on_its_own_output_only(
    worked_ledger: tuple[str, list[str]], caplog: pytest.LogCaptureFixture
) -> None:
    db, _log = worked_ledger
    found = _ledger_run("find", "--name", f"{LAST_NAME[:6]},{FIRST_NAME[:3]}", "--db", db)
    assert found.exit_code == 0
    assert leaks(found.stdout) == ["QUINTANILLA", FIRST_NAME, "98765432", "1961-04-23"]
    by_id = _ledger_run("find", "--member-id", MEMBER_ID, "--format", "json", "--db", db)
    assert by_id.exit_code == 0 and leaks(by_id.stdout)  # the user's screen
    for keys in (
        ("--name", f"{LAST_NAME}X"),
        ("--member-id", f"{MEMBER_ID}9"),
        ("--name", LAST_NAME, "--member-id", "OTHER"),
    ):
        none = _ledger_run("find", *keys, "--db", db)
        assert (none.exit_code, none.stdout) == (1, "0 claim(s)\n")  # the keys not repeated
    assert leaks(caplog.text) == []
