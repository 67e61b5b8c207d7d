"""Two processes ingesting different files into one PostgreSQL ledger at the same time."""

from __future__ import annotations

import multiprocessing
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import func, select

from edi.ledger import Ledger, schema
from tests.ledger.concurrent_worker import ingest_after_barrier
from tests.ledger.scenario import Scenario, clp, sample_claims

CLAIMS = 120


def test_two_workers_lose_nothing_and_post_nothing_twice(
    postgres_schema_url: str, tmp_path: object
) -> None:
    scenario = Scenario(postgres_schema_url, tmp_path)  # type: ignore[arg-type]
    claims = sample_claims(CLAIMS, seed=61)
    scenario.submit(claims, datetime(2026, 11, 2, 9, 30))
    # file A pays claims 0-79, file B pays 40-119: the same CLPs (same trace) for 40-79
    halves = (claims[:80], claims[40:])
    paths = []
    for number, part in enumerate(halves):
        lines = [s for c in part for s in clp(c, "1", c.total_charge)]
        total = sum((c.total_charge for c in part), Decimal(0))
        paths.append(
            scenario.remit(
                lines,
                total=total,
                trace="EFT-SHARED",
                paid_on=date(2026, 11, 20),
                payer="ACME HEALTH",
                sender=f"SENDER{number}",
            )
        )
    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(2), context.Queue()
    workers = [
        context.Process(
            target=ingest_after_barrier, args=(postgres_schema_url, str(p), barrier, results)
        )
        for p in paths
    ]
    for worker in workers:
        worker.start()
    outcomes = [results.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(timeout=30)
        assert worker.exitcode == 0
    assert {outcome for _path, outcome, _counts in outcomes} == {"posted"}
    posted = sum(c.get("claim payments posted", 0) for _p, _o, c in outcomes)
    skipped = sum(c.get("duplicate claim payments", 0) for _p, _o, c in outcomes)
    assert (posted, skipped) == (CLAIMS, 40)
    rows = scenario.claims()
    assert all(rows[c.patient_control_number]["paid"] == str(c.total_charge) for c in claims)
    with Ledger.open(postgres_schema_url) as ledger, ledger.atomic() as connection:
        count = connection.execute(select(func.count()).select_from(schema.claim_payments))
        assert count.scalar_one() == CLAIMS
        events = connection.execute(
            select(func.count())
            .select_from(schema.events)
            .where(schema.events.c.kind == "835 original")
        )
        assert events.scalar_one() == CLAIMS
