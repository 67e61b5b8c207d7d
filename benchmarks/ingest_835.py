"""Ledger ingest speed and memory: an 835 of N claims against a ledger of N open claims.

Run: ``python -m benchmarks.ingest_835 [--claims 100000] [--db URL]`` (default: a SQLite file
under benchmarks/data/, git-ignored). The open claims are loaded with bulk inserts; the 835 is
written by :mod:`benchmarks.synth835` (claims B00000000… that match them). The ingest runs in a
child process so that its peak RSS (``ru_maxrss``) is its own; the figures are printed as
"elapsed, claims per second, RSS at start, peak RSS". Run it twice with different ``--claims``
to see that memory stays flat while the file grows. A PostgreSQL URL gets a fresh schema
``bench_ingest`` (dropped first).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from sqlalchemy import create_engine, insert, text

from benchmarks.synth835 import CLAIM, write_835

DATA = Path(__file__).resolve().parent / "data"
PAYER = "BENCH HEALTH PLAN"
CHARGE = Decimal("250.00")
BLOCK = 10_000


def _rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * resource.getpagesize() / 1e6


def _fresh_url(url: str) -> str:
    if not url.startswith("postgresql"):
        path = Path(url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        return url
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS bench_ingest CASCADE"))
        connection.execute(text("CREATE SCHEMA bench_ingest"))
    engine.dispose()
    return url + ("&" if "?" in url else "?") + "options=-csearch_path%3Dbench_ingest"


def load_open_claims(url: str, count: int) -> float:
    """``count`` submitted claims B00000000… in one outbound batch, with bulk inserts."""
    from edi.ledger import Ledger, schema

    started = time.perf_counter()
    now = datetime(2026, 11, 1, 9, 0)
    with Ledger.open(url) as ledger, ledger.atomic() as connection:
        batch_id = connection.execute(
            insert(schema.batches)
            .values(
                direction="outbound",
                kind="837P",
                file_name="bench.837",
                created_at=now,
                interchange_control_number="000000001",
                group_control_number="1",
                set_count=1,
                claim_count=count,
            )
            .returning(schema.batches.c.id)
        ).scalar_one()
        connection.execute(
            insert(schema.batch_sets).values(
                batch_id=batch_id, set_control_number="1", claim_count=count
            )
        )
        for start in range(0, count, BLOCK):
            numbers = range(start, min(count, start + BLOCK))
            connection.execute(
                insert(schema.claims),
                [
                    {
                        "patient_control_number": f"B{n:08d}",
                        "kind": "837P",
                        "payer_id": "BENCH1",
                        "payer_name": PAYER,
                        "charge": CHARGE,
                        "status": "acknowledged",
                        "submitted_at": now,
                        "last_submitted_at": now,
                        "submission_count": 1,
                        "paid": Decimal(0),
                        "adjusted": Decimal(0),
                        "patient_responsibility": Decimal(0),
                        "updated_at": now,
                    }
                    for n in numbers
                ],
            )
        connection.execute(
            text(
                "INSERT INTO submissions (claim_id, batch_id, set_control_number, sequence, "
                "charge, submitted_at, outcome) SELECT id, :batch, '1', 1, charge, submitted_at, "
                "'accepted' FROM claims"
            ),
            {"batch": batch_id},
        )
    return time.perf_counter() - started


def child(url: str, path: str) -> None:
    """Ingest ``path``; print the figures as JSON."""
    from edi.inbound.ingest import ingest_file
    from edi.ledger import Ledger

    with Ledger.open(url) as ledger:
        start_rss = _rss_mb()
        started = time.perf_counter()
        result = ingest_file(ledger, path)
        elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1000
    print(
        json.dumps(
            {
                "elapsed": elapsed,
                "start_rss_mb": start_rss,
                "peak_rss_mb": peak,
                "outcome": result.outcome,
                "counts": result.counts,
            }
        )
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--db", default=f"sqlite:///{DATA / 'bench-ledger.db'}")
    parser.add_argument("--child", nargs=2, metavar=("URL", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(*args.child)
        return
    DATA.mkdir(parents=True, exist_ok=True)
    url = _fresh_url(args.db)
    loaded = load_open_claims(url, args.claims)
    print(f"ledger: {args.claims:,} open claims loaded in {loaded:.1f} s ({url.split(':')[0]})")
    path = DATA / f"ingest-{args.claims}.835"
    write_835(path, args.claims * sum(len(s) + 2 for s in CLAIM))
    size = path.stat().st_size / 1e6
    output = subprocess.run(
        [sys.executable, "-m", "benchmarks.ingest_835", "--child", url, str(path)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    figures = json.loads(output.strip().splitlines()[-1])
    posted = figures["counts"].get("claim payments posted", 0)
    print(
        f"ingest: {path.name} ({size:.1f} MB, {posted:,} claim payments posted, "
        f"{figures['outcome']}) in {figures['elapsed']:.1f} s = "
        f"{posted / figures['elapsed']:,.0f} claims/s; RSS at start "
        f"{figures['start_rss_mb']:.0f} MB, peak {figures['peak_rss_mb']:.0f} MB"
    )


if __name__ == "__main__":
    main()
