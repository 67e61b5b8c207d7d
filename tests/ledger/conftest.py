"""Ledger test fixtures: every ledger test runs on SQLite and, when
``X12FLOW_TEST_POSTGRES_URL`` is set, again on PostgreSQL in a schema of its own."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from edi.ledger import Ledger
from tests.ledger.scenario import Scenario


@pytest.fixture
def scenario(db_url: str, tmp_path: Path) -> Scenario:
    return Scenario(db_url, tmp_path)


@pytest.fixture
def memory_ledger() -> Iterator[Ledger]:
    """An in-memory SQLite ledger for library-level tests."""
    ledger = Ledger.open("sqlite://")
    try:
        yield ledger
    finally:
        ledger.close()
