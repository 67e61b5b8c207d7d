"""Benchmark: `x12flow simulate` of a generated 837P, claims per second and peak memory.

The simulator answers claim by claim (999, 277CA and 835 bodies go to staging files as they
are decided), so peak RSS should not grow with the claim count: the goal is under 300 MiB at
100,000 claims and within 1.3 times the peak at 10,000. Each size runs in a fresh process, so
its peak RSS (resource.getrusage) belongs to that size alone; the 837s are written beforehand
(streamed, sample claims that pass the clean-claim edits) and kept under benchmarks/data/
(git-ignored). "claims/s" is per second of CPU time of the one process, "wall claims/s" beside.

    python -m benchmarks.simulate_837                 # 10,000 and 100,000 claims
    python -m benchmarks.simulate_837 --claims 50000  # one size, in this process
"""

from __future__ import annotations

import argparse
import itertools
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
SIZES = (10_000, 100_000)
TARGET_PEAK_MIB = 300
TARGET_GROWTH = 1.3
SENT = datetime(2026, 11, 2, 9, 30)
CHILD = (sys.executable, "-m", "benchmarks.simulate_837")


def input_837(claims: int, seed: int) -> Path:
    """The 837P of ``claims`` sample claims, written once in another process, then reused."""
    path = DATA / f"simulate-837p-{claims}-{seed}.x12"
    if not path.exists():
        subprocess.run([*CHILD, "--write", str(claims), "--seed", str(seed)], check=True)
    return path


def write_837(claims: int, seed: int) -> None:
    """Write the 837P for ``input_837``, claim by claim."""
    from edi.config import Config
    from edi.model.claim import ProfessionalClaim
    from edi.outbound.staging import claim_file_settings
    from generators.claim_file import ClaimFileWriter
    from generators.edits.professional import edit_professional
    from generators.kinds import PROFESSIONAL
    from generators.sample.claims import professional_claims

    def checked() -> Iterator[ProfessionalClaim]:
        for raw in professional_claims(claims, seed):
            claim = ProfessionalClaim.model_validate(raw)
            if not edit_professional(claim, SENT.date()).problems:
                yield claim

    path = DATA / f"simulate-837p-{claims}-{seed}.x12"
    DATA.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.tmp")
    with partial.open("w", encoding="ascii", newline="") as stream:
        ClaimFileWriter(
            stream,
            PROFESSIONAL,
            claim_file_settings(Config()),
            interchange_number=1,
            group_number=1,
            transaction_numbers=itertools.count(1),
            when=SENT,
        ).write(checked())
    partial.replace(path)


def run(claims: int, seed: int) -> None:
    from edi.simulator import Rules, simulate

    source = input_837(claims, seed)
    with tempfile.TemporaryDirectory() as directory:
        start, cpu_start = time.perf_counter(), time.process_time()
        result = simulate([source], Path(directory) / "inbox", seed, Rules())
        elapsed = time.perf_counter() - start
        cpu = time.process_time() - cpu_start
        answered = len(result.record.claims)
        size = sum(p.stat().st_size for p in result.files)
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"claims {answered}")
    print(f"reply files {len(result.files)}, bytes {size}")
    print(f"wall seconds {elapsed:.2f}")
    print(f"cpu seconds {cpu:.2f}")
    print(f"wall claims/s {answered / elapsed:.0f}")
    print(f"claims/s {answered / cpu:.0f}")
    print(f"peak RSS MiB {peak_kib / 1024:.1f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, help="run one size in this process")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--write", type=int, help=argparse.SUPPRESS)  # the 837 for one size
    args = parser.parse_args()
    if args.write:
        write_837(args.write, args.seed)
        return 0
    if args.claims:
        run(args.claims, args.seed)
        return 0
    peaks: dict[int, float] = {}
    for size in SIZES:
        input_837(size, args.seed)  # not in the measured process
        print(f"== {size} claims (837P sent {SENT:%Y-%m-%d})")
        output = subprocess.run(
            [*CHILD, "--claims", str(size), "--seed", str(args.seed)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        print(output, end="")
        values = dict(line.rsplit(" ", 1) for line in output.splitlines() if line)
        peaks[size] = float(values["peak RSS MiB"])
    small, large = peaks[SIZES[0]], peaks[SIZES[-1]]
    growth = large / small
    print(
        f"peak RSS {SIZES[0]} -> {SIZES[-1]} claims: {small:.1f} -> {large:.1f} MiB ({growth:.2f}x)"
    )
    ok = large < TARGET_PEAK_MIB and growth <= TARGET_GROWTH
    print(f"target < {TARGET_PEAK_MIB} MiB and <= {TARGET_GROWTH}x: {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
