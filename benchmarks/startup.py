"""Start-up: ``x12flow --help`` and ``x12flow parse --help`` against ``python -c pass``.

Run: ``python -m benchmarks.startup [--rounds 15]``. Each round starts, in turn, a bare
interpreter (``python -c pass``), ``x12flow --help`` and ``x12flow parse --help`` as child
processes of the same Python, with the same environment (so ``make bench`` measures the build
it puts on the path), and times each from start to exit. The rounds interleave, so load on the
machine falls on all three alike; the median of each is printed, with its ratio to the bare
interpreter. The goal (issue 16) is at most 3× for both help commands: the command line loads
a command's module only when that command runs or shows its help, and no pydantic model,
SQLAlchemy or grammar before a command needs it (``tests/test_startup.py`` checks which
modules load).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

GOAL = 3.0
ROUNDS = 15

# What the x12flow console script runs, for when it is not installed beside this Python.
_ENTRY = "import sys\nfrom edi.cli import main\nsys.argv[0] = 'x12flow'\nsys.exit(main())"


def x12flow() -> list[str]:
    """The ``x12flow`` command of this Python: its console script, else the same entry point."""
    script = Path(sys.executable).parent / "x12flow"
    if script.is_file() and os.access(script, os.X_OK):
        return [sys.executable, str(script)]
    return [sys.executable, "-c", _ENTRY]


def commands() -> dict[str, list[str]]:
    return {
        "python -c pass": [sys.executable, "-c", "pass"],
        "x12flow --help": [*x12flow(), "--help"],
        "x12flow parse --help": [*x12flow(), "parse", "--help"],
    }


def elapsed(argv: list[str]) -> float:
    """Seconds from starting ``argv`` to its exit (its output discarded)."""
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def measure(rounds: int) -> dict[str, float]:
    """The median seconds of each command over ``rounds`` interleaved rounds (after a warm-up)."""
    runs = commands()
    times: dict[str, list[float]] = {name: [] for name in runs}
    for argv in runs.values():
        elapsed(argv)  # warm the file cache and the bytecode caches
    for _ in range(rounds):
        for name, argv in runs.items():
            times[name].append(elapsed(argv))
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    args = parser.parse_args()
    medians = measure(args.rounds)
    bare = medians["python -c pass"]
    print(f"start-up, median of {args.rounds} interleaved rounds ({sys.executable}):")
    for name, seconds in medians.items():
        ratio = seconds / bare
        goal = "" if name == "python -c pass" else f"  (goal ≤ {GOAL:g}×: {_verdict(ratio)})"
        print(f"  {name:<22}{seconds * 1000:8.1f} ms  {ratio:5.2f}×{goal}")


def _verdict(ratio: float) -> str:
    return "met" if ratio <= GOAL else "NOT met"


if __name__ == "__main__":
    main()
