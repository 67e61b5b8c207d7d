"""The command line: exit codes, messages, and no traceback for any input."""

from __future__ import annotations

import importlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import edi.cli
from edi.cli import TABLE, X12FlowGroup, main
from edi.samples import NAMES, sample
from tests.conftest import corpus_dir, interchange, transaction_set
from tests.fuzz.clicheck import assert_handled, run_cli

GOOD = interchange(
    transaction_set(
        "835",
        "0001",
        [
            "BPR*I*0*C*NON************20261116",
            "TRN*1*T1*1512345678",
            "N1*PR*PAYER",
            "N3*1 ST",
            "N4*CITY*NY*12345",
            "PER*BL*X*TE*8005550100",
            "N1*PE*CLINIC*XX*1234567893",
        ],
    )
)


def invoke(*args: str, stdin: bytes | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), input=stdin)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"traceback: {result.exception!r}")
    return result.exit_code, result.stdout, result.stderr


def test_clean_file_exits_0_and_prints_json(tmp_path: Path) -> None:
    path = tmp_path / "clean.835"
    path.write_text(GOOD)
    code, out, _ = invoke("parse", str(path))
    assert code == 0
    doc = json.loads(out)
    ts = doc["interchanges"][0]["groups"][0]["transaction_sets"][0]
    assert (ts["transaction"], ts["implementation"], ts["control_number"]) == (
        "835",
        "005010X221A1",
        "0001",
    )
    assert ts["findings"] == [] and doc["findings"] == []


def test_several_files_give_json_lines(tmp_path: Path) -> None:
    paths = []
    for i in range(3):
        path = tmp_path / f"f{i}.835"
        path.write_text(GOOD)
        paths.append(str(path))
    code, out, _ = invoke("parse", *paths)
    assert code == 0
    assert [json.loads(line)["file"] for line in out.splitlines()] == paths


def test_error_findings_exit_1_with_file_and_segment(tmp_path: Path) -> None:
    path = tmp_path / "bad.835"
    path.write_text(GOOD.replace("SE*9*0001", "SE*8*0001"))
    code, out, _ = invoke("validate", str(path))
    assert code == 1
    assert f"{path}:segment 11 (SE01): error IK502-4" in out


def test_validate_json_lines(tmp_path: Path) -> None:
    path = tmp_path / "bad.835"
    path.write_text(GOOD.replace("GE*1*1", "GE*1*2"))
    code, out, _ = invoke("validate", "--json", str(path))
    assert code == 1
    finding = json.loads(out.splitlines()[0])
    assert (finding["source"], finding["code"], finding["location"]["segment_id"]) == (
        "AK905",
        "4",
        "GE",
    )


def test_unreadable_and_missing_files_exit_2(tmp_path: Path) -> None:
    junk = tmp_path / "junk.txt"
    junk.write_text("hello")
    code, _, err = invoke("parse", str(junk), str(tmp_path / "absent.x12"))
    assert code == 2
    assert "junk.txt: not an X12 file" in err
    assert "absent.x12: cannot open" in err


def test_standard_input() -> None:
    code, out, _ = invoke("parse", "-", stdin=GOOD.encode())
    assert code == 0 and json.loads(out)["file"] == "<stdin>"


def test_wrong_usage_exits_2() -> None:
    assert invoke("parse")[0] == 2
    assert invoke("parse", "--format", "xml", "x")[0] == 2


def test_demo_reads_every_sample() -> None:
    code, out, _ = invoke("demo", "--samples")
    assert code == 0
    for name in NAMES:
        assert f"== {name}" in out
        assert sample(name).is_file()


@settings(max_examples=150, deadline=None)
@given(
    st.binary(max_size=400)
    | st.text(alphabet="ISAGSTE*~:^\n 0123456789", max_size=400).map(str.encode)
)
def test_no_input_produces_a_traceback(data: bytes) -> None:
    for command in (("parse",), ("parse", "--format", "text"), ("validate",)):
        assert_handled(run_cli([*command, "-"], stdin=data), data)


@settings(max_examples=60, deadline=None)
@given(cut=st.integers(min_value=0, max_value=len(GOOD)), junk=st.binary(max_size=20))
def test_truncated_or_damaged_interchanges_never_crash(cut: int, junk: bytes) -> None:
    data = GOOD.encode()[:cut] + junk
    for command in ("validate", "parse"):
        assert_handled(run_cli([command, "-"], stdin=data), data)


class _BrokenReader:
    """A transaction reader with a bug: what the fuzz tests above must be able to catch."""

    def fields(self, ts: Any, findings: Any) -> Iterator[tuple[str, Any]]:
        raise ValueError("a bug in a reader")
        yield  # a generator, like the real readers

    def summary(self, ts: Any, findings: Any) -> Iterator[str]:
        raise ValueError("a bug in a reader")
        yield


def test_the_fuzz_check_fails_on_an_internal_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("edi.inbound.document.reader_for", lambda variant: _BrokenReader())
    for command in ("parse", "validate"):
        outcome = run_cli([command, "-"], stdin=GOOD.encode())
        assert outcome.exit_code == 2  # the old check (exit code 0, 1 or 2) passes: not enough
        with pytest.raises(AssertionError, match="'internal error' in the standard error"):
            assert_handled(outcome)


def test_the_fuzz_check_fails_on_an_escaped_exception(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X12FLOW_DEBUG", "1")
    monkeypatch.setattr("edi.inbound.document.reader_for", lambda variant: _BrokenReader())
    outcome = run_cli(["validate", "-"], stdin=GOOD.encode())
    assert "ValueError: a bug in a reader" in (outcome.exception or "")
    with pytest.raises(AssertionError, match="an exception escaped the CLI"):
        assert_handled(outcome)


def _inner(test: Any) -> Any:
    """The body of a hypothesis test, to call with chosen arguments."""
    return test.hypothesis.inner_test


def test_the_fuzz_tests_fail_when_a_reader_breaks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("edi.inbound.document.reader_for", lambda variant: _BrokenReader())
    with pytest.raises(AssertionError, match="internal error"):
        _inner(test_no_input_produces_a_traceback)(GOOD.encode())
    with pytest.raises(AssertionError, match="internal error"):
        _inner(test_truncated_or_damaged_interchanges_never_crash)(cut=len(GOOD), junk=b"")


def test_the_fuzz_check_passes_a_clean_run() -> None:
    assert_handled(run_cli(["validate", "-"], stdin=GOOD.encode()))


def test_parse_output_stays_valid_json_when_a_file_breaks_half_way(tmp_path: Path) -> None:
    good = tmp_path / "good.835"
    good.write_text(GOOD)
    broken = tmp_path / "broken.835"
    broken.write_bytes(GOOD.encode().replace(b"N3*1 ST", b"N3*1 \xff\xfe"))
    code, out, err = invoke("parse", str(good), str(broken), str(tmp_path))
    assert code == 2
    documents = [json.loads(line) for line in out.splitlines()]
    assert [d.get("error") for d in documents] == [
        None,
        "unreadable bytes at byte 248: not UTF-8 text",
        "cannot open: Is a directory",
    ]
    assert "broken.835: unreadable bytes at byte 248" in err


def test_validate_json_prints_a_summary_for_a_file_without_findings(tmp_path: Path) -> None:
    path = tmp_path / "clean.835"
    path.write_text(GOOD)
    code, out, _ = invoke("validate", "--format", "json", str(path))
    assert code == 0
    assert [json.loads(line) for line in out.splitlines()] == [
        {
            "file": str(path),
            "transaction_sets": 1,
            "findings_by_severity": {"error": 0, "warning": 0, "info": 0},
            "ok": True,
        }
    ]
    assert invoke("validate", "--json", str(path)) == (code, out, _)  # the old spelling
    assert invoke("validate", str(path))[1] == ""  # text: findings only, none here


def test_validate_json_lists_findings_of_a_bad_file_as_before(tmp_path: Path) -> None:
    clean = tmp_path / "clean.835"
    clean.write_text(GOOD)
    bad = tmp_path / "bad.835"
    bad.write_text(GOOD.replace("SE*9*0001", "SE*8*0001"))
    code, out, _ = invoke("validate", "--format", "json", str(bad), str(clean))
    assert code == 1
    *findings, summary = [json.loads(line) for line in out.splitlines()]
    assert findings and all("ok" not in f and f["location"]["file"] == str(bad) for f in findings)
    assert ("IK502", "4") in {(f["source"], f["code"]) for f in findings}
    assert (summary["file"], summary["ok"]) == (str(clean), True)
    assert invoke("validate", "--json", str(bad), str(clean))[1] == out


def test_the_old_json_flag_and_another_format_do_not_mix(tmp_path: Path) -> None:
    path = tmp_path / "clean.835"
    path.write_text(GOOD)
    code, _, err = invoke("validate", "--json", "--format", "text", str(path))
    assert code == 2 and "--json means --format json" in err
    assert "--json" not in invoke("validate", "--help")[1].split("Options:")[0]


def test_parse_text_shows_amounts_like_every_text_output() -> None:
    corpus = corpus_dir()
    remittance = corpus / "835" / "Inteligenz__X12Parser__835_WithMultipleInterchanges.txt"
    _, out, _ = invoke("parse", "--format", "text", str(remittance))
    assert "payment 9,999.99: does not balance (difference 6,888.90)" in out
    status = corpus / "277CA" / "Inteligenz__X12Parser__277_Deidentified_from_nth.txt"
    _, out, _ = invoke("parse", "--format", "text", str(status))
    assert "rejected 3 / 900.00" in out and "(charge 220.00, service 2012-01-09)" in out


def test_simulate_prints_json_on_request(tmp_path: Path) -> None:
    from datetime import datetime

    from tests.ledger.scenario import sample_claims, submit_claims

    summary = submit_claims(
        f"sqlite:///{tmp_path / 'l.db'}", sample_claims(4, seed=5), datetime(2026, 11, 2), tmp_path
    )
    sent = tmp_path / f"837P-{summary.interchange:09d}.x12"
    code, out, _ = invoke("simulate", str(sent), "--out", str(tmp_path / "a"), "--format", "json")
    assert code == 0
    result = json.loads(out)
    assert set(result) == {"files", "claims", "outcomes", "decisions"}
    assert result["claims"] == 4 == sum(result["outcomes"].values())
    assert result["files"] and all(Path(f).is_file() for f in result["files"])
    assert Path(result["decisions"]).is_file()
    code, text, _ = invoke("simulate", str(sent), "--out", str(tmp_path / "b"))
    assert code == 0 and text.splitlines()[-2].startswith("4 claims: ")


# -- the group loads a command's module on first use ---------------------------------------------
def _eager_group() -> click.Group:
    """The group as it was: every command imported and added (to compare help with)."""
    commands = {name: entry.load() for name, entry in TABLE.items()}
    return click.Group(
        "x12flow",
        commands=commands,
        params=main.params,
        help=main.help,
        context_settings=main.context_settings,
    )


def test_the_command_table_holds_every_command_with_its_own_help() -> None:
    modules = sorted(
        f"edi.cli.{p.stem}"
        for p in Path(edi.cli.__file__).parent.glob("*.py")
        if p.stem != "__init__"
    )
    listed = {}
    for name in modules:
        for command in getattr(importlib.import_module(name), "COMMANDS", []):
            listed[command.name] = (name, command)
    assert sorted(listed) == sorted(TABLE)
    for name, entry in TABLE.items():
        module, command = listed[name]
        assert (entry.module, entry.load()) == (module, command)
        first_paragraph = (command.help or "").partition("\n\n")[0]
        assert entry.summary.split() == first_paragraph.split(), name


@pytest.mark.parametrize("width", [40, 60, 80, 120, 200])
def test_help_lists_what_the_loaded_commands_would(width: int) -> None:
    fresh = X12FlowGroup(
        "x12flow",
        lazy=TABLE,
        params=main.params,
        help=main.help,
        callback=main.callback,
        context_settings=main.context_settings,
    )
    lazy = CliRunner().invoke(fresh, ["--help"], prog_name="x12flow", terminal_width=width)
    assert fresh.commands == {}  # nothing loaded for the listing
    eager = CliRunner().invoke(
        _eager_group(), ["--help"], prog_name="x12flow", terminal_width=width
    )
    assert lazy.exit_code == eager.exit_code == 0
    assert lazy.stdout == eager.stdout
    assert "Commands:" in lazy.stdout and "simulate" in lazy.stdout


def test_a_command_loads_when_it_runs_or_shows_its_help() -> None:
    fresh = X12FlowGroup("x12flow", lazy=TABLE)
    result = CliRunner().invoke(fresh, ["schema", "--help"], prog_name="x12flow")
    assert result.exit_code == 0 and "Usage: x12flow schema" in result.stdout
    assert list(fresh.commands) == ["schema"]
    assert CliRunner().invoke(fresh, ["nosuch"]).exit_code == 2
