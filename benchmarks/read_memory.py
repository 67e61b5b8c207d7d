"""Peak memory of reading a generated 100 MB 835 (`x12flow validate`, in a child process).

Run: `make bench` or `python -m benchmarks.read_memory [MEGABYTES]`. The file is written under
benchmarks/data/ (git-ignored).
"""

from __future__ import annotations

import resource
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.synth835 import write_835

DATA = Path(__file__).resolve().parent / "data"


def peak_rss_mb(args: list[str]) -> tuple[float, float, int]:
    start = time.perf_counter()
    proc = subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return peak, elapsed, proc.returncode


def main() -> None:
    megabytes = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    path = DATA / f"synthetic-{megabytes}mb.835"
    if not path.exists():
        claims = write_835(path, megabytes * 1_000_000)
        print(f"wrote {path.name}: {path.stat().st_size / 1e6:.0f} MB, {claims:,} claims")
    exe = [sys.executable, "-m", "edi"]
    for label, args in (
        ("validate", [*exe, "validate", str(path)]),
        ("parse --format json", [*exe, "parse", str(path)]),
    ):
        peak, elapsed, code = peak_rss_mb(args)
        print(
            f"read-memory {label}: {path.stat().st_size / 1e6:.0f} MB 835 in {elapsed:.1f} s, "
            f"peak RSS {peak:.0f} MB (exit {code}); goal < 200 MB"
        )


if __name__ == "__main__":
    main()
