"""Benchmark: generate 837P claims end to end, edits included, streaming to a file.

Synthetic claims are made lazily, validated into models, edited, built into segments and
written as they come, so memory should not grow with the claim count. Each size runs in a
fresh process so that peak RSS (resource.getrusage) belongs to that size alone. "claims/s"
is per second of CPU time of this one process (one core), so other load on the machine does
not skew it; "wall claims/s" is printed beside it. About 180 MiB of the RSS is the
ICD-10-CM table of simple-icd-10-cm, loaded once before timing starts.

    python -m benchmarks.generate_837p                 # 10,000 and 100,000 claims
    python -m benchmarks.generate_837p --claims 50000  # one size
"""

from __future__ import annotations

import argparse
import itertools
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

TARGET_CLAIMS_PER_SECOND = 5000
SIZES = (10_000, 100_000)


def run(claims: int, seed: int) -> None:
    from edi.config import Config
    from edi.model.claim import ProfessionalClaim
    from edi.outbound.staging import claim_file_settings
    from generators.claim_file import ClaimFileWriter
    from generators.edits.codes import is_billable_icd10cm
    from generators.edits.professional import edit_professional
    from generators.kinds import PROFESSIONAL
    from generators.sample.claims import professional_claims

    is_billable_icd10cm("E119")  # the one-off ICD-10-CM import (~1.7 s) is not the hot path
    today = date.today()
    refused = 0

    def checked() -> itertools.chain[ProfessionalClaim]:
        nonlocal refused
        for raw in professional_claims(claims, seed):
            claim = ProfessionalClaim.model_validate(raw)
            if edit_professional(claim, today).problems:
                refused += 1
                continue
            yield claim

    with tempfile.TemporaryDirectory() as directory:
        target = Path(directory) / "837P-bench.x12"
        start, cpu_start = time.perf_counter(), time.process_time()
        with target.open("w", encoding="ascii", newline="") as stream:
            writer = ClaimFileWriter(
                stream,
                PROFESSIONAL,
                claim_file_settings(Config()),
                interchange_number=1,
                group_number=1,
                transaction_numbers=itertools.count(1),
                when=datetime.now(),
            )
            summary = writer.write(checked())
        elapsed = time.perf_counter() - start
        cpu = time.process_time() - cpu_start
        size = target.stat().st_size
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"claims {summary.claims} (refused {refused})")
    print(
        f"transaction sets {len(summary.transactions)}, segments {summary.segments}, bytes {size}"
    )
    print(f"wall seconds {elapsed:.2f}")
    print(f"cpu seconds {cpu:.2f}")
    print(f"wall claims/s {summary.claims / elapsed:.0f}")
    print(f"claims/s {summary.claims / cpu:.0f}")
    print(f"peak RSS MiB {peak_kib / 1024:.1f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, help="run one size in this process")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if args.claims:
        run(args.claims, args.seed)
        return 0
    results: dict[int, dict[str, float]] = {}
    for size in SIZES:
        print(f"== {size} claims")
        output = subprocess.run(
            [
                sys.executable,
                "-m",
                "benchmarks.generate_837p",
                "--claims",
                str(size),
                "--seed",
                str(args.seed),
            ],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        print(output, end="")
        values = dict(line.rsplit(" ", 1) for line in output.splitlines() if line)
        results[size] = {"rate": float(values["claims/s"]), "rss": float(values["peak RSS MiB"])}
    small, large = results[SIZES[0]], results[SIZES[-1]]
    print(
        f"peak RSS growth {SIZES[0]} -> {SIZES[-1]} claims: {large['rss'] - small['rss']:+.1f} MiB"
    )
    ok = large["rate"] >= TARGET_CLAIMS_PER_SECOND
    print(f"target {TARGET_CLAIMS_PER_SECOND} claims/s: {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
