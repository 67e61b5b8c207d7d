"""Time is an input: the library reads business time only through ``edi.x12.clock``, tests set it,
and nothing a test checks depends on the day the suite runs."""

from __future__ import annotations

import ast
import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine

from edi.demo import run_demo
from edi.x12 import clock
from tests.conftest import ROOT, TEST_NOW, at_clock

PACKAGES = ("edi", "parsers", "generators")
# Calls that read the machine's clock: (object name, attribute).
CLOCK_READS = {
    ("datetime", "now"),
    ("datetime", "today"),
    ("datetime", "utcnow"),
    ("date", "today"),
    ("time", "time"),
    ("time", "time_ns"),
}


def clock_reads(path: Path, root: Path = ROOT) -> list[str]:
    """``file:line call`` for every direct read of the machine's clock in ``path``, except on a
    line marked ``# clock-ok`` (a deliberate use, such as a timeout deadline)."""
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        owner = node.func.value
        name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", None)
        if (name, node.func.attr) in CLOCK_READS and "# clock-ok" not in lines[node.lineno - 1]:
            found.append(f"{path.relative_to(root)}:{node.lineno} {name}.{node.func.attr}()")
    return found


def test_the_library_reads_the_clock_only_through_the_clock_module() -> None:
    files = [p for package in PACKAGES for p in sorted((ROOT / package).rglob("*.py"))]
    found = [hit for p in files if p != ROOT / "edi" / "x12" / "clock.py" for hit in clock_reads(p)]
    assert found == []


def test_tests_never_read_the_real_clock() -> None:
    found = [hit for p in sorted((ROOT / "tests").rglob("*.py")) for hit in clock_reads(p)]
    assert found == []


def test_the_scan_catches_a_clock_read(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    call = "datetime.datetime." + "now()"
    sample.write_text(f"import datetime\nstamp = {call}\nmarked = {call}  # clock-ok\n")
    assert clock_reads(sample, tmp_path) == ["sample.py:2 datetime.now()"]  # clock-ok


def test_a_set_clock_starts_at_its_moment_and_ticks() -> None:
    clock.set_now(dt.datetime(2031, 2, 3, 4, 5, 6))
    first = clock.now()
    assert dt.datetime(2031, 2, 3, 4, 5, 6) <= first < dt.datetime(2031, 2, 3, 4, 6)
    assert clock.now() >= first
    assert clock.today() == dt.date(2031, 2, 3)


def test_a_date_alone_means_nine_in_the_morning() -> None:
    assert clock.parse("2027-01-31") == dt.datetime(2027, 1, 31, 9, 0)
    assert clock.parse("2027-01-31T17:45:00") == dt.datetime(2027, 1, 31, 17, 45)


def test_child_processes_follow_x12flow_now() -> None:
    script = "from edi.x12 import clock; print(clock.today().isoformat())"
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout.strip() == TEST_NOW.date().isoformat()


def test_a_bad_x12flow_now_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(clock.ENV, "next tuesday")
    out = subprocess.run(
        [sys.executable, "-c", "import edi.x12.clock"], capture_output=True, text=True, cwd=ROOT
    )
    assert out.returncode != 0
    assert "X12FLOW_NOW='next tuesday' is not an ISO date or date-time" in out.stderr
    assert "Traceback" not in out.stderr


def _demo_files(folder: Path) -> dict[str, bytes]:
    """Every file the demo wrote except its database, by relative path."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.suffix != ".db" and ".work" not in p.parts
    }


def _small_demo(folder: Path) -> tuple[str, dict[str, bytes]]:
    result = run_demo(folder, seed=5, professional=8, institutional=2, say=lambda _: None)
    return result.report_text, _demo_files(folder)


# The machine's date, far in the past and in the future of the business date the tests set.
MACHINE_DATES = [
    dt.datetime(2019, 3, 1, 8),
    dt.datetime(2033, 5, 17, 23, 59),
    dt.datetime(2044, 2, 29),
]


def test_the_machines_date_changes_nothing(tmp_path: Path) -> None:
    reference = _small_demo(tmp_path / "reference")
    for machine_date in MACHINE_DATES:
        with time_machine.travel(machine_date, tick=True):
            clock.set_now(TEST_NOW)  # business time is set again from the new machine time
            seen = _small_demo(tmp_path / machine_date.strftime("%Y%m%d"))
        assert seen == reference, machine_date


@pytest.mark.parametrize(
    "business_day",
    [dt.datetime(2025, 12, 31, 23, 50), dt.datetime(2028, 2, 29, 9), dt.datetime(2035, 7, 4, 16)],
)
def test_the_cycle_works_on_any_business_day(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, business_day: dt.datetime
) -> None:
    at_clock(monkeypatch, business_day)
    result = run_demo(
        tmp_path / "demo", seed=5, professional=8, institutional=2, say=lambda _: None
    )
    assert result.ingested["rejected"] == 0
    assert result.report["claims"] == 10
    # The payer answers within weeks of the day the claims were sent.
    assert business_day.date() <= result.as_of <= business_day.date() + dt.timedelta(days=90)
    sent = sorted((tmp_path / "demo" / "outbox").glob("837*.x12"))
    assert sent and all(business_day.strftime("%Y%m%d") in p.read_text() for p in sent)
