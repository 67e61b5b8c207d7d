"""Conformance over the shared corpus, through the real CLI: every file is read without a
traceback; files of the supported kinds give JSON with their transaction sets; broken files
give an error finding or exit 2. Skips when ../shared/corpus is absent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from edi.cli import main
from tests.conftest import CORPUS, corpus_dir, corpus_files

GOOD_KINDS = ["835", "837P", "837I", "999", "997", "TA1", "277CA", "277"]
GOOD = [p for kind in GOOD_KINDS for p in corpus_files(kind)]
BAD = corpus_files("bad")
OTHER = corpus_files("other")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"traceback for {args}: {result.exception!r}")
    return result.exit_code, result.stdout, result.stderr


def sets_of(doc: dict[str, object]) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for interchange in doc["interchanges"]:  # type: ignore[attr-defined]
        for group in interchange["groups"]:
            out.extend(group["transaction_sets"])
        out.extend(interchange.get("acknowledgments", []))
    return out


def test_corpus_is_present() -> None:
    corpus_dir()
    assert len(GOOD) > 90 and BAD and OTHER


@pytest.mark.parametrize("path", GOOD, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_supported_files_parse_to_json_with_their_sets(path: Path) -> None:
    code, out, _ = run("parse", str(path))
    assert code in (0, 1), out[-500:]
    doc = json.loads(out)
    sets = sets_of(doc)
    assert sets, "no transaction sets in the output"
    wanted = {"837P": "837P", "837I": "837I", "277CA": "277"}.get(
        path.parent.name, path.parent.name
    )
    assert wanted in {s["transaction"] for s in sets}


@pytest.mark.parametrize("path", BAD, ids=lambda p: p.name)
def test_bad_files_yield_an_error_or_exit_2(path: Path) -> None:
    code, out, err = run("validate", "--json", str(path))
    assert code in (1, 2)
    if code == 2:
        assert err.strip() and "Traceback" not in err
    else:
        findings = [json.loads(line) for line in out.splitlines() if line.strip()]
        assert any(f["severity"] == "error" for f in findings)


@pytest.mark.parametrize("path", OTHER, ids=lambda p: p.name)
def test_other_files_exit_1_or_2_with_a_readable_message(path: Path) -> None:
    code, out, err = run("validate", str(path))
    assert code in (1, 2)
    assert "error" in (out + err)


EXPECTED = {
    "albmarin__badX12__error_validation.edi": {
        "IK502-3",
        "AK905-4",
        "AK905-5",
        "TA105-001",
        "TA105-021",
        "IK403-7",
        "IK403-8",
    },
    "azoner__pyx12__explicit_missing.txt": {"IK502-2", "AK905-3", "TA105-023"},
    "azoner__pyx12__fail_no_IEA.txt": {"TA105-023", "IK502-4"},
    "imsweb__x12-parser__x12_bad_first_line.txt": {"TA105-022"},
    "imsweb__x12-parser__x12_no_isa_line.txt": {"TA105-024"},
    "albmarin__badX12__unknown_segment_error.edi": {"IK304-6"},
    "Kartik-Hirijaganer__X12-Parser-Encoder__batch_with_one_bad_transaction.x12": {"IK502-1"},
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_files_give_the_errors_their_notes_name(name: str) -> None:
    path = corpus_dir() / "bad" / name
    _, out, _ = run("validate", "--json", str(path))
    found = {f"{f['source']}-{f['code']}" for f in map(json.loads, out.splitlines())}
    assert EXPECTED[name] <= found, found


def test_missing_elements_are_named_where_the_notes_say() -> None:
    """imsweb x12_missing_elements: NM102 empty in 1000B, CLM05 empty in 2300 (its notes)."""
    path = corpus_dir() / "bad" / "imsweb__x12-parser__x12_missing_elements.txt"
    _, out, _ = run("validate", "--json", str(path))
    found = {
        (
            f["code"],
            f["location"].get("loop"),
            f["location"].get("segment_id"),
            f["location"].get("element"),
        )
        for f in map(json.loads, out.splitlines())
        if f["source"] == "IK403"
    }
    assert {("1", "1000B", "NM1", 2), ("1", "2300", "CLM", 5)} <= found, found


def test_not_x12_at_all_exits_2() -> None:
    code, _, err = run("parse", str(corpus_dir() / "bad" / "albmarin__badX12__bad_file.edi"))
    assert code == 2 and "not an X12 file" in err


def test_corpus_path_is_beside_the_project() -> None:
    assert CORPUS.parent.name == "shared"
