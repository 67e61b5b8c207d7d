"""Fixtures for generator tests: a CLI with the generate commands, a scratch database."""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner

from edi.cli.generate import COMMANDS
from edi.config import Config
from edi.outbound.staging import claim_file_settings
from generators.arrange import arrange
from generators.checking import check_records
from generators.claim_file import ClaimFileWriter
from generators.input import Record
from generators.kinds import KINDS
from generators.validation import Pyx12Error, validate_x12_text

TODAY = date(2026, 1, 15)


@pytest.fixture
def cli() -> click.Group:
    group = click.Group("x12flow")
    for command in COMMANDS:
        group.add_command(command)
    return group


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """A runner working in a scratch directory with its own control-number database."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("X12FLOW_CONFIG", raising=False)
    monkeypatch.setenv("X12FLOW_DATABASE_URL", f"sqlite:///{tmp_path / 'x12flow.db'}")
    return CliRunner()


def build_x12(kind_name: str, claims: Iterable[dict[str, Any]], per_transaction: int = 5000) -> str:
    """Check ``claims`` (they must be clean) and write them as one interchange text."""
    kind = KINDS[kind_name]
    records = [Record("test", f"item {i}", c) for i, c in enumerate(claims)]
    result = check_records(records, kind, TODAY)
    assert result.problems == []
    out = io.StringIO()
    ClaimFileWriter(
        out,
        kind,
        claim_file_settings(Config()),
        interchange_number=7,
        group_number=8,
        transaction_numbers=iter(range(1, 1000)),
        when=datetime(2026, 1, 15, 9, 30),
        max_claims_per_transaction=per_transaction,
    ).write(arrange(result.claims))
    return out.getvalue()


def pyx12_errors(text: str) -> list[Pyx12Error]:
    return validate_x12_text(text)


def segments(text: str) -> list[str]:
    return [s.strip() for s in text.split("~") if s.strip()]
