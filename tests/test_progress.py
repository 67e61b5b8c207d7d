"""Progress bars: drawn on standard error when it is a terminal, nothing at all otherwise.

A fake terminal (``on_terminal`` replaced) makes the commands draw; without it, or with
``--format json``, their output is what it always was. The drawn lines hold counts, rates and
file names, never patient data.
"""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from edi.cli import main
from edi.cli import progress as progress_module
from edi.cli.progress import BYTES, Progress, claim_records, progress
from generators.sample.claims import professional_claims
from tests.patient_data import FOLDER, leaks
from tests.watch.scenario import MEMBER_IDS, SAMPLES

RATE = r"[\d,.]+ (?:claims|kB|MB)?/s"


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Standard error counts as a terminal, and the line is drawn from the start."""
    monkeypatch.setattr(progress_module, "on_terminal", lambda: True)
    monkeypatch.setattr(progress_module, "DELAY_SECONDS", 0.0)


def run(*args: str) -> Result:
    result = CliRunner().invoke(main, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"traceback: {result.exception!r}")
    return result


def without_bars(stderr: str) -> str:
    """Standard error as it reads without the bar: every redrawn or erased line, and the final
    line (ending "in N.N s"), taken out."""
    text = re.sub(r"\r[^\r\n]*(?=\r)", "", stderr)  # drawn, then drawn over or erased
    text = re.sub(r"\r[^\r\n]* in \d+\.\d s\n", "", text)  # the final line
    return text.replace("\r", "")


def drawn(stderr: str) -> list[str]:
    """The bar lines drawn (as the terminal showed them, trailing blanks dropped)."""
    parts = (part.rstrip() for part in re.findall(r"\r([^\r\n]*)", stderr))
    return [part for part in parts if re.search(r"/s(?: in \d+\.\d s)?$", part)]


def claims_file(folder: Path, count: int) -> Path:
    path = folder / "claims.jsonl"
    path.write_text("".join(json.dumps(c) + "\n" for c in professional_claims(count, 3)))
    return path


# -- the line itself -----------------------------------------------------------------------------
class Ticks:
    """A clock that moves only when told."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_the_line_shows_label_bar_share_counts_and_rate() -> None:
    ticks, stream = Ticks(), io.StringIO()
    bar = Progress("checking claims", 10, "claims", stream=stream, clock=ticks)
    ticks.now += 2.0
    bar.advance(5)
    assert stream.getvalue() == (
        "\rchecking claims  [##########----------]   50%  5/10 claims  2 claims/s"
    )
    ticks.now += 0.05  # within the redraw interval: not drawn again
    bar.advance(1)
    assert stream.getvalue().count("\r") == 1
    ticks.now += 1.0
    bar.close()
    assert stream.getvalue().endswith("6/10 claims  2 claims/s in 3.0 s\n")


def test_without_a_total_it_counts_and_in_megabytes_it_scales() -> None:
    ticks, stream = Ticks(), io.StringIO()
    bar = Progress("remit.835", None, BYTES, stream=stream, clock=ticks)
    ticks.now += 2.0
    bar.advance(3_000_000)
    assert drawn(stream.getvalue()) == ["remit.835  3.0 MB  1.5 MB/s"]


def test_nothing_is_drawn_before_the_delay_nor_at_the_end_of_quick_work() -> None:
    ticks, stream = Ticks(), io.StringIO()
    bar = Progress("quick", 3, stream=stream, clock=ticks, delay=1.0)
    bar.advance()
    ticks.now += 0.9
    bar.advance(2)
    bar.close()
    assert stream.getvalue() == ""


def test_clear_erases_the_line_and_the_next_advance_draws_it_again() -> None:
    ticks, stream = Ticks(), io.StringIO()
    bar = Progress("x", 4, stream=stream, clock=ticks)
    ticks.now += 1.0
    bar.advance()
    bar.clear()
    stream.write("a finding\n")
    bar.advance()  # within the interval, but the line was erased: drawn at once
    bar.close()
    assert without_bars(stream.getvalue()) == "a finding\n"
    assert drawn(stream.getvalue())[-1].startswith("x  [##########----------]   50%  2/4")


def test_a_long_file_name_keeps_its_end() -> None:
    bar = Progress("/very/long/folder/name/of/the/inbox/remit-000000001.835", 1, drawn=False)
    assert bar.line(1.0).startswith("...")
    assert "remit-000000001.835" in bar.line(1.0)


def test_no_terminal_no_bar_and_no_callback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress_module, "on_terminal", lambda: False)
    counted: list[int] = []

    def total() -> int:
        counted.append(1)
        return 5

    with progress("x", total) as bar:
        assert bar.callback is None and not bar.drawn
    assert counted == []  # the total is not even counted


def test_quiet_draws_nothing_on_a_terminal(terminal: None) -> None:
    with progress("x", 5, quiet=True) as bar:
        assert bar.callback is None


def test_claim_records_counts_json_lines_only(tmp_path: Path) -> None:
    lines = tmp_path / "a.jsonl"
    lines.write_text('{"a": 1}\n\n{"a": 2}\n')
    document = tmp_path / "b.json"
    document.write_text("[]")
    assert claim_records([lines]) == 2
    assert claim_records([lines, document]) is None
    assert claim_records(["-"]) is None


# -- the commands ---------------------------------------------------------------------------------
def test_generate_draws_checked_claims_on_a_terminal_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    claims = claims_file(tmp_path, 3)
    args = ("generate", "837p", str(claims), "--dry-run", "--db", f"sqlite:///{tmp_path / 'l.db'}")
    plain = run(*args)
    assert "\r" not in plain.stderr
    monkeypatch.setattr(progress_module, "on_terminal", lambda: True)
    monkeypatch.setattr(progress_module, "DELAY_SECONDS", 0.0)
    shown = run(*args)
    assert (shown.exit_code, shown.stdout) == (plain.exit_code, plain.stdout)
    assert without_bars(shown.stderr) == plain.stderr
    assert re.fullmatch(
        rf"checking claims  \[#{{20}}\]  100%  3/3 claims  {RATE} in \d+\.\d s",
        drawn(shown.stderr)[-1],
    )


def test_submit_draws_checked_claims(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, terminal: None
) -> None:
    monkeypatch.chdir(tmp_path)
    claims_file(tmp_path, 2)
    db = f"sqlite:///{tmp_path / 'l.db'}"
    shown = run("submit", str(tmp_path / "claims.jsonl"), "--db", db, "--out", str(tmp_path))
    assert shown.exit_code == 0, shown.stderr
    assert drawn(shown.stderr)[-1].startswith("checking claims  [####################]  100%  2/2")
    assert "\r" not in shown.stdout


def test_validate_draws_bytes_read_over_several_files(monkeypatch: pytest.MonkeyPatch) -> None:
    files = [str(p) for p in SAMPLES]
    monkeypatch.setattr(progress_module, "on_terminal", lambda: True)
    monkeypatch.setattr(progress_module, "DELAY_SECONDS", 0.0)
    shown = run("validate", *files)
    lines = drawn(shown.stderr)
    total = sum(p.stat().st_size for p in SAMPLES)
    assert lines and all(re.search(rf"\d/[\d.]+ kB  {RATE}", line) for line in lines)
    assert any(line.startswith(Path(files[-1]).name) or "..." in line for line in lines)
    assert f"100%  {total / 1e3:,.1f}/{total / 1e3:,.1f} kB" in lines[-1]
    assert not [m for m in MEMBER_IDS if m in shown.stderr]
    monkeypatch.setattr(progress_module, "on_terminal", lambda: False)
    plain = run("validate", *files)
    assert "\r" not in plain.stderr
    assert (shown.exit_code, shown.stdout) == (plain.exit_code, plain.stdout)
    assert without_bars(shown.stderr) == plain.stderr


def test_quick_work_draws_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress_module, "on_terminal", lambda: True)
    quick = run("validate", *map(str, SAMPLES))  # well within the delay
    assert "\r" not in quick.stderr


def test_json_draws_nothing(terminal: None) -> None:
    as_json = run("validate", "--format", "json", *map(str, SAMPLES))
    assert "\r" not in as_json.stderr


def test_parse_draws_only_when_its_output_is_not_the_terminal(terminal: None) -> None:
    files = [str(p) for p in SAMPLES]
    shown = run("parse", *files)  # the runner's standard output is not a terminal
    assert drawn(shown.stderr) and "\r" not in shown.stdout
    assert len(shown.stdout.splitlines()) == len(files)


def test_ingest_draws_per_file_and_not_with_json(tmp_path: Path, terminal: None) -> None:
    db = f"sqlite:///{tmp_path / 'l.db'}"
    shown = run("ingest", "--db", db, *map(str, SAMPLES))
    assert shown.exit_code == 0, shown.stderr
    assert drawn(shown.stderr)
    assert "\r" not in shown.stdout
    assert all(re.search(rf"kB  {RATE}", line) for line in drawn(shown.stderr))
    other = f"sqlite:///{tmp_path / 'j.db'}"
    as_json = run("ingest", "--db", other, "--format", "json", *map(str, SAMPLES))
    assert "\r" not in as_json.stderr and "\r" not in as_json.stdout


def test_the_watcher_log_gets_no_bar(tmp_path: Path, terminal: None) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for sample in SAMPLES:
        shutil.copy(sample, inbox / sample.name)
    db = f"sqlite:///{tmp_path / 'l.db'}"
    result = run("watch", "--once", "--inbox", str(inbox), "--db", db, "--settle", "0")
    assert result.exit_code == 0, result.stderr
    assert "\r" not in result.stderr
    assert all(line.startswith("{") for line in result.stderr.splitlines())


def test_no_patient_data_in_the_bar(terminal: None) -> None:
    files = [str(p) for p in sorted(FOLDER.glob("*.x12"))]
    shown = run("validate", *files)
    lines = drawn(shown.stderr)
    assert lines
    assert leaks("\n".join(lines)) == []


def test_simulate_draws_claims_read_and_not_with_json(tmp_path: Path, terminal: None) -> None:
    from datetime import datetime

    from tests.ledger.scenario import sample_claims, submit_claims

    summary = submit_claims(
        f"sqlite:///{tmp_path / 'l.db'}", sample_claims(4, seed=5), datetime(2026, 11, 2), tmp_path
    )
    sent = str(tmp_path / f"837P-{summary.interchange:09d}.x12")
    shown = run("simulate", sent, "--out", str(tmp_path / "a"))
    assert shown.exit_code == 0, shown.stderr
    assert re.fullmatch(rf"reading claims  4 claims  {RATE} in \d+\.\d s", drawn(shown.stderr)[-1])
    assert "\r" not in shown.stdout
    as_json = run("simulate", sent, "--out", str(tmp_path / "b"), "--format", "json")
    assert "\r" not in as_json.stderr and "\r" not in as_json.stdout
