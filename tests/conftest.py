"""Shared test helpers: the clock, the shared corpus, and inline interchanges."""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from edi.x12 import clock

# Business time in every test, in this process and in the commands it starts: the real clock
# never decides a test's result. A test that wants another day sets it (``at_clock``).
TEST_NOW = dt.datetime(2026, 11, 30, 12, 0)


def at_clock(monkeypatch: pytest.MonkeyPatch, moment: dt.datetime) -> None:
    """Set business time to ``moment`` here and in every child process started after this."""
    clock.set_now(moment)
    monkeypatch.setenv(clock.ENV, moment.isoformat())


@pytest.fixture(autouse=True)
def _fixed_clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    at_clock(monkeypatch, TEST_NOW)
    yield
    clock.set_now(None)


ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"


def corpus_dir() -> Path:
    """The shared corpus, or a skip with a clear message when it is not beside the project."""
    if not CORPUS.is_dir():
        pytest.skip(f"shared corpus not found at {CORPUS} (expected ../shared/corpus)")
    return CORPUS


def corpus_files(kind: str) -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return sorted(p for p in (CORPUS / kind).iterdir() if p.is_file())


# An 837P transaction set up to its first subscriber: BHT, submitter, receiver, billing provider.
PROFESSIONAL_HEADER = [
    "BHT*0019*00*B1*20260101*1200*CH",
    "NM1*41*2*SUBMITTER*****46*S1",
    "PER*IC*DESK*TE*5555550100",
    "NM1*40*2*RECEIVER*****46*R1",
    "HL*1**20*1",
    "NM1*85*2*CLINIC*****XX*1234567893",
    "N3*1 MAIN ST",
    "N4*TOWN*TX*750011234",
    "REF*EI*123456789",
]


def isa(
    control: str = "000000001",
    sender: str = "SENDER",
    receiver: str = "RECEIVER",
    element: str = "*",
    repetition: str = "^",
    component: str = ":",
    version: str = "00501",
    usage: str = "T",
) -> str:
    """A fixed-width ISA segment (without terminator)."""
    fields = [
        "ISA",
        "00",
        " " * 10,
        "00",
        " " * 10,
        "ZZ",
        sender.ljust(15),
        "ZZ",
        receiver.ljust(15),
        "261130",
        "1200",
        repetition,
        version,
        control,
        "0",
        usage,
        component,
    ]
    return element.join(fields)


def interchange(
    body: list[str],
    *,
    functional_id: str = "HP",
    version: str = "005010X221A1",
    control: str = "000000001",
    group: str = "1",
    terminator: str = "~\n",
    **isa_args: str,
) -> str:
    """Wrap transaction-set segments (ST..SE included) in GS/GE and ISA/IEA."""
    element = isa_args.get("element", "*")
    sets = sum(1 for s in body if s.startswith("ST" + element))
    segments = [
        isa(control=control, **isa_args),
        element.join(
            ["GS", functional_id, "SENDER", "RECEIVER", "20261130", "1200", group, "X", version]
        ),
        *body,
        element.join(["GE", str(sets), group]),
        element.join(["IEA", "1", control]),
    ]
    return terminator.join(segments) + terminator


def transaction_set(
    set_id: str, control: str, body: list[str], version: str = "", element: str = "*"
) -> list[str]:
    """ST + body + SE with the right count."""
    st = element.join(["ST", set_id, control] + ([version] if version else []))
    se = element.join(["SE", str(len(body) + 2), control])
    return [st, *body, se]


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
    """A fresh ledger URL: a SQLite file, then a PostgreSQL schema (skipped with a message when
    no server is configured)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'ledger.db'}"
    url: str = request.getfixturevalue("postgres_schema_url")
    return url
