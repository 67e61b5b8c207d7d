"""Ledger ingest speed and memory, SQLite and PostgreSQL side by side, at 10,000 and 100,000 claims.

Run: ``python -m benchmarks.ingest_835 [--claims 10000 100000] [--sqlite URL] [--postgres URL]``.
For each count, an 835 of N claims (written by :mod:`benchmarks.synth835`: claims B00000000…,
two service lines and four CAS each) is ingested into a fresh ledger of N open claims (loaded
with bulk inserts), on SQLite (a file under benchmarks/data/, git-ignored) and then on
PostgreSQL (a fresh schema ``bench_ingest``, dropped first). The PostgreSQL URL is ``--postgres``,
else ``$X12FLOW_BENCH_POSTGRES_URL`` or ``$X12FLOW_TEST_POSTGRES_URL``, else the local server's
``postgres`` database; when no server answers, PostgreSQL is skipped with a message
(``--postgres none`` skips it too). ``--db URL`` measures that one database only.

Each ingest runs in a child process so that its peak RSS (VmHWM) is its own. The table
gives the elapsed time, claims per second, the CPU time of the ingesting process (the machine's
speed varies from second to second; the CPU time less so, though on PostgreSQL the server's
share is not in it), the RSS at start and the peak, and for each backend the largest count's
peak against the smallest's. Goals (issue 16): under 60 s for 100,000 claims on both, and a
peak within 1.3x of the peak for 10,000.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from sqlalchemy import create_engine, insert, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from benchmarks.synth835 import CLAIM, write_835

DATA = Path(__file__).resolve().parent / "data"
PAYER = "BENCH HEALTH PLAN"
CHARGE = Decimal("250.00")
BLOCK = 10_000
SCHEMA = "bench_ingest"
GOAL_CLAIMS = 100_000
GOAL_SECONDS = 60.0
GOAL_GROWTH = 1.3
LOCAL_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


@dataclass(frozen=True)
class Run:
    backend: str
    claims: int
    posted: int
    outcome: str
    elapsed: float
    cpu: float
    start_rss_mb: float
    peak_rss_mb: float


def _rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * resource.getpagesize() / 1e6


def _peak_rss_mb() -> float:
    """This process's peak RSS (VmHWM). Not ``ru_maxrss``: Linux keeps that across exec, so a
    child started by a parent that had grown bigger would report the parent's peak."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024 / 1e6
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1000


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _shown(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


def _postgres_answers(url: str) -> str | None:
    """None when a PostgreSQL server answers at ``url``, else why not."""
    try:
        engine = create_engine(url, connect_args={"connect_timeout": 5})
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        engine.dispose()
    except (SQLAlchemyError, ImportError) as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        return reason or type(exc).__name__
    return None


def _fresh_url(url: str) -> str:
    if not url.startswith("postgresql"):
        path = Path(url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        return url
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
        connection.execute(text(f"CREATE SCHEMA {SCHEMA}"))
    engine.dispose()
    return url + ("&" if "?" in url else "?") + f"options=-csearch_path%3D{SCHEMA}"


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
        cpu = _cpu_seconds()
        started = time.perf_counter()
        result = ingest_file(ledger, path)
        elapsed = time.perf_counter() - started
        cpu = _cpu_seconds() - cpu
    peak = _peak_rss_mb()
    print(
        json.dumps(
            {
                "elapsed": elapsed,
                "cpu": cpu,
                "start_rss_mb": start_rss,
                "peak_rss_mb": peak,
                "outcome": result.outcome,
                "counts": result.counts,
            }
        )
    )


def measure(backend: str, url: str, path: Path, claims: int) -> Run:
    """Load ``claims`` open claims into a fresh ledger at ``url`` and ingest ``path`` there."""
    url = _fresh_url(url)
    loaded = load_open_claims(url, claims)
    print(f"  {backend}: {claims:,} open claims loaded in {loaded:.1f} s; ingesting", flush=True)
    output = subprocess.run(
        [sys.executable, "-m", "benchmarks.ingest_835", "--child", url, str(path)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    figures = json.loads(output.strip().splitlines()[-1])
    run = Run(
        backend,
        claims,
        figures["counts"].get("claim payments posted", 0),
        figures["outcome"],
        figures["elapsed"],
        figures["cpu"],
        figures["start_rss_mb"],
        figures["peak_rss_mb"],
    )
    print(
        f"  {backend}: {run.posted:,} claim payments {run.outcome} in {run.elapsed:.1f} s "
        f"= {run.posted / run.elapsed:,.0f} claims/s (CPU {run.cpu:.1f} s); RSS at start "
        f"{run.start_rss_mb:.0f} MB, peak {run.peak_rss_mb:.0f} MB",
        flush=True,
    )
    return run


def report(runs: list[Run]) -> None:
    print()
    print(
        f"{'backend':<11} {'claims':>8} {'ingest':>8} {'claims/s':>9} {'CPU':>7} "
        f"{'RSS start':>10} {'peak':>7}"
    )
    for run in runs:
        print(
            f"{run.backend:<11} {run.claims:>8,} {run.elapsed:>7.1f}s "
            f"{run.posted / run.elapsed:>9,.0f} {run.cpu:>6.1f}s {run.start_rss_mb:>7.0f} MB "
            f"{run.peak_rss_mb:>4.0f} MB"
        )
    for backend in dict.fromkeys(run.backend for run in runs):
        mine = sorted((r for r in runs if r.backend == backend), key=lambda r: r.claims)
        largest = mine[-1]
        line = f"{backend}: {largest.claims:,} claims in {largest.elapsed:.1f} s"
        if largest.claims == GOAL_CLAIMS:
            verdict = "meets" if largest.elapsed < GOAL_SECONDS else "misses"
            line += f" ({verdict} the goal of < {GOAL_SECONDS:.0f} s)"
        if len(mine) > 1:
            growth = largest.peak_rss_mb / mine[0].peak_rss_mb
            flat = "flat" if growth <= GOAL_GROWTH else "NOT flat"
            line += (
                f"; peak RSS at {largest.claims:,} is {growth:.2f}x the peak at "
                f"{mine[0].claims:,} ({flat}: goal <= {GOAL_GROWTH}x)"
            )
        print(line)


def _backends(args: argparse.Namespace) -> list[tuple[str, str]]:
    if args.db:
        return [("postgresql" if args.db.startswith("postgresql") else "sqlite", args.db)]
    found = [("sqlite", args.sqlite)]
    postgres = (
        args.postgres
        or os.environ.get("X12FLOW_BENCH_POSTGRES_URL")
        or os.environ.get("X12FLOW_TEST_POSTGRES_URL")
        or LOCAL_POSTGRES
    )
    if postgres.lower() == "none":
        print("PostgreSQL: skipped (--postgres none)")
        return found
    why = _postgres_answers(postgres)
    if why is not None:
        print(f"PostgreSQL: skipped, no server answers at {_shown(postgres)} ({why})")
        return found
    return [*found, ("postgresql", postgres)]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--sqlite", default=f"sqlite:///{DATA / 'bench-ledger.db'}")
    parser.add_argument("--postgres", help="a PostgreSQL URL, or 'none'")
    parser.add_argument("--db", help="measure this one database only")
    parser.add_argument("--child", nargs=2, metavar=("URL", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(*args.child)
        return
    DATA.mkdir(parents=True, exist_ok=True)
    backends = _backends(args)
    runs: list[Run] = []
    for claims in sorted(args.claims):
        path = DATA / f"ingest-{claims}.835"
        write_835(path, claims * sum(len(s) + 2 for s in CLAIM))
        print(f"{path.name}: {path.stat().st_size / 1e6:.1f} MB, {claims:,} claims", flush=True)
        for backend, url in backends:
            runs.append(measure(backend, url, path, claims))
    report(runs)


if __name__ == "__main__":
    main()
