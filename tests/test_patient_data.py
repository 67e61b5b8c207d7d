"""No patient data in any message: bad files that carry a patient's name, member ID, birth date
and address, through validate, parse and ingest; nothing they print about a file repeats it.

The parse output of a file legitimately holds its data; for parse, only the findings, the error
and standard error are checked. The files are in tests/data/patient_data (tests/patient_data.py).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from edi.cli import main
from edi.inbound.document import Document
from edi.x12.errors import UnreadableInput
from tests import patient_data
from tests.patient_data import FOLDER, bad_files, large_files, leaks

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
