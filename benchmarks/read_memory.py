"""Peak memory of `x12flow validate` on big files, each in a child process of its own.

- an 835 of about 100 MB (``synth835``);
- an 837P whose 10,000 and 100,000 subscribers all sit under one billing provider (the shape
  that used to keep every claim of the provider in memory);
- a 277CA with 10,000 and 100,000 patient-level HL loops under one provider.

The 837P and 277CA are made from one generated 837P of sample claims and the simulator's 277CA
for it: the first subscriber (or patient) block is repeated with its HL numbers renumbered. The
goal (issue 16): under 200 MB for any size, and the peak at 100,000 within 1.3 times the peak at
10,000. Each peak is the child's own ``ru_maxrss`` (``os.wait4``).

Run: `make bench` or `python -m benchmarks.read_memory [--mb 100] [--sizes 10000 100000]`. The
files are written under benchmarks/data/ (git-ignored).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.simulate_837 import input_837
from benchmarks.synth835 import write_835
from tests.fuzz.memory import repeat_level

DATA = Path(__file__).resolve().parent / "data"
SIZES = (10_000, 100_000)
GOAL_MB = 200
GOAL_GROWTH = 1.3


def peak_rss_mb(args: list[str]) -> tuple[float, float, int]:
    """(peak RSS in MB, wall seconds, exit code) of one child running ``args``."""
    start = time.perf_counter()
    child = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    return usage.ru_maxrss / 1024, time.perf_counter() - start, os.waitstatus_to_exitcode(status)


def write_repeated(path: Path, source: Path, level: str, count: int) -> Path:
    if not path.exists():
        partial = path.with_name(f".{path.name}.tmp")
        with partial.open("w", encoding="ascii") as out:
            text = source.read_text(encoding="ascii")
            segments = [s.strip() for s in text.split("~") if s.strip()]
            for segment in repeat_level(segments, level, count):
                out.write(segment + "~\n")
        partial.replace(path)
    return path


def source_277ca() -> Path:
    """The simulator's 277CA for 20 sample claims (made once)."""
    path = DATA / "read-memory-source.277ca"
    if path.exists():
        return path
    with tempfile.TemporaryDirectory() as work:
        subprocess.run(
            [sys.executable, "-m", "edi", "simulate", str(input_837(20, 1)), "--out", work],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        [found] = Path(work).glob("277CA-*.x12")
        path.write_bytes(found.read_bytes())
    return path


def report(label: str, path: Path) -> float:
    peak, elapsed, code = peak_rss_mb([sys.executable, "-m", "edi", "validate", str(path)])
    print(
        f"read-memory {label}: {path.stat().st_size / 1e6:.1f} MB in {elapsed:.1f} s, "
        f"peak RSS {peak:.0f} MB (exit {code}); goal < {GOAL_MB} MB",
        flush=True,
    )
    return peak


def growth(label: str, peaks: list[float], sizes: list[int]) -> None:
    ratio = peaks[-1] / peaks[0]
    verdict = "flat" if ratio <= GOAL_GROWTH else "GROWS"
    print(
        f"read-memory {label}: peak {sizes[0]:,} -> {sizes[-1]:,}: {peaks[0]:.0f} -> "
        f"{peaks[-1]:.0f} MB ({ratio:.2f}x, goal <= {GOAL_GROWTH}x: {verdict})",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=100, help="size of the 835")
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    args = parser.parse_args()
    DATA.mkdir(parents=True, exist_ok=True)
    era = DATA / f"synthetic-{args.mb}mb.835"
    if not era.exists():
        write_835(era, args.mb * 1_000_000)
    report("835 validate", era)
    kinds = (
        ("837P validate, subscribers under one provider", input_837(20, 1), "22", "837p"),
        ("277CA validate, patient HL loops under one provider", source_277ca(), "PT", "277ca"),
    )
    for label, source, level, suffix in kinds:
        peaks = []
        for size in args.sizes:
            path = DATA / f"read-memory-{size}.{suffix}"
            write_repeated(path, source, level, size)
            peaks.append(report(f"{label}, {size:,}", path))
        growth(label, peaks, args.sizes)


if __name__ == "__main__":
    main()
