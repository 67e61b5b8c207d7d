"""A worker process for the concurrency test: wait at the barrier, then ingest one file."""

from __future__ import annotations

from typing import Any

from edi.inbound.ingest import ingest_file
from edi.ledger import Ledger


def ingest_after_barrier(url: str, path: str, barrier: Any, results: Any) -> None:
    with Ledger.open(url) as ledger:
        barrier.wait(timeout=30)
        result = ingest_file(ledger, path)
    results.put((path, result.outcome, result.counts))
