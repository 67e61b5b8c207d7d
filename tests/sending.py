"""The outbound pipeline over claim input written in the test, as if read from one file."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from edi.config import Config
from edi.ledger import Ledger
from edi.outbound.pipeline import Sent, send_claims
from edi.outbound.sending import ClaimFile, Inputs
from generators.input import Record
from generators.kinds import PROFESSIONAL, ClaimKind

SOURCE = "claims.json"


def inputs(claims: Iterable[dict[str, Any]]) -> Inputs:
    """``claims`` as the items of one JSON list, ``claims.json``."""
    records = [Record(SOURCE, f"item {i}", claim) for i, claim in enumerate(claims)]
    return Inputs([ClaimFile(SOURCE, iter(records))])


def send(
    ledger: Ledger,
    claims: Iterable[dict[str, Any]],
    directory: Path,
    *,
    kind: ClaimKind = PROFESSIONAL,
    when: datetime | None = None,
    max_claims_per_transaction: int = 5000,
) -> Sent:
    """What ``x12flow generate`` does with ``claims`` (all of ``kind``)."""
    return send_claims(
        inputs(claims),
        lambda _record: kind,
        Config(),
        ledger=ledger,
        directory=directory,
        when=when,
        max_claims_per_transaction=max_claims_per_transaction,
    )
