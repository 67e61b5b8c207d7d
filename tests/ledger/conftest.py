"""Ledger test fixtures: every ledger test runs on SQLite and, when
``X12FLOW_TEST_POSTGRES_URL`` is set, again on PostgreSQL in a schema of its own."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from edi.ledger import Ledger
from tests.ledger.scenario import Scenario

POSTGRES_ENV = "X12FLOW_TEST_POSTGRES_URL"


def postgres_url() -> str:
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        pytest.skip(
            f"{POSTGRES_ENV} is not set: the PostgreSQL run of the ledger suite is "
            "skipped (.ci/run sets it when a server answers on 127.0.0.1:5432)"
        )
    return url


@pytest.fixture
def postgres_schema_url() -> Iterator[str]:
    """A URL whose search_path is a fresh schema, dropped after the test."""
    base = postgres_url()
    schema = f"t_{uuid.uuid4().hex[:12]}"
    engine = create_engine(base)
    with engine.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in base else "?"
    try:
        yield f"{base}{separator}options=-csearch_path%3D{schema}"
    finally:
        with engine.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'ledger.db'}"
    url: str = request.getfixturevalue("postgres_schema_url")
    return url


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
