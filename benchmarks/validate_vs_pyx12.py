"""`x12flow validate` against pyx12's `x12valid` on the same 835 and 837P, side by side.

Run: ``python -m benchmarks.validate_vs_pyx12 [--mb 10] [--rounds 1]``. Generates (under
benchmarks/data/, git-ignored) an 835 with :mod:`benchmarks.gen835` and an 837P of sample
claims written by x12flow itself, both of about ``--mb`` megabytes, then runs each validator in a
child process on each file, alternating, and prints each run's seconds and peak RSS (the child's
own ``ru_maxrss`` from ``wait4``) and the ratio pyx12 ÷ x12flow. The goal (issue 16, 15): at least
6× on 10 MB files, with x12flow's memory flat. It measures whichever x12flow build is imported
first on the path, as the other benchmarks do.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.gen835 import DATA, write_835

GOAL = 6.0
CLAIM_BYTES = 570  # about what one sample 837P claim takes in the file


def file_835(megabytes: float) -> Path:
    path = DATA / f"validate-{megabytes:g}mb.835"
    if not path.exists():
        write_835(path, int(megabytes * 1_000_000))
    return path


def file_837p(megabytes: float) -> Path:
    """An 837P of sample claims, written by ``x12flow generate`` (no ledger needed: dry runs
    write nothing, so a throwaway ledger in the data folder records it)."""
    path = DATA / f"validate-{megabytes:g}mb.837p"
    if path.exists():
        return path
    work = DATA / f"validate-{megabytes:g}mb-work"
    work.mkdir(parents=True, exist_ok=True)
    claims = work / "claims.jsonl"
    count = max(1, int(megabytes * 1_000_000 / CLAIM_BYTES))
    with claims.open("w", encoding="utf-8") as out:
        _x12flow(["sample", "837p", "--count", str(count), "--seed", "11"], stdout=out)
    for old in work.glob("837P-*.x12"):
        old.unlink()
    ledger = work / "ledger.db"
    ledger.unlink(missing_ok=True)
    _x12flow(["generate", "837p", str(claims), "--out", str(work), "--db", f"sqlite:///{ledger}"])
    [written] = work.glob("837P-*.x12")
    written.replace(path)
    return path


def _x12flow(args: list[str], stdout: object = subprocess.DEVNULL) -> None:
    subprocess.run([sys.executable, "-m", "edi", *args], check=True, stdout=stdout)  # type: ignore[call-overload]


def measure(command: list[str]) -> tuple[float, float]:
    """Seconds (wall) and peak RSS in MB of one child process running ``command``."""
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) not in (0, 1):  # 1: the file has findings
        raise SystemExit(f"{command[0]} failed on {command[-1]}")
    return elapsed, usage.ru_maxrss / 1024


def x12valid() -> str:
    return str(Path(sys.executable).with_name("x12valid"))


def compare(label: str, path: Path, rounds: int) -> float:
    ours: list[tuple[float, float]] = []
    theirs: list[tuple[float, float]] = []
    for _ in range(rounds):
        ours.append(measure([sys.executable, "-m", "edi", "validate", str(path)]))
        theirs.append(measure([x12valid(), "--quiet", str(path)]))
    mine = statistics.median(s for s, _ in ours)
    pyx12 = statistics.median(s for s, _ in theirs)
    ratio = pyx12 / mine
    size = path.stat().st_size / 1e6
    print(
        f"{label} ({size:.1f} MB): x12flow {mine:.2f} s, peak {max(m for _, m in ours):.0f} MB; "
        f"pyx12 x12valid {pyx12:.2f} s, peak {max(m for _, m in theirs):.0f} MB; "
        f"x12flow is {ratio:.1f}× faster (goal ≥ {GOAL:g}×)",
        flush=True,
    )
    return ratio


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=10.0, help="size of each file")
    parser.add_argument("--rounds", type=int, default=1, help="runs of each validator")
    args = parser.parse_args()
    compare("835", file_835(args.mb), args.rounds)
    compare("837P", file_837p(args.mb), args.rounds)


if __name__ == "__main__":
    main()
