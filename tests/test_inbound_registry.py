"""The inbound registry: one entry per kind, read by parse and validate, posted by ingest."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from edi.inbound.registry import POSTINGS, TA1, TRANSACTIONS, reader_for
from edi.ledger.admission import INGESTED

KINDS = ["835", "999", "997", "277CA", "277", "837P", "837I"]


def test_every_kind_has_one_entry_with_a_reader() -> None:
    assert sorted(TRANSACTIONS) == sorted(KINDS)
    for kind in KINDS:
        reader = reader_for(kind)
        assert reader is not None and reader is TRANSACTIONS[kind].reader()
        assert callable(reader.fields) and callable(reader.summary)
    assert reader_for("270") is None
    assert TA1.kind == "TA1" and callable(TA1.reader().fields)


def test_the_ledger_posts_the_replies_it_says_it_ingests_and_refuses_the_837s() -> None:
    said = set(re.split(r", | and ", INGESTED))
    assert set(POSTINGS) | {TA1.kind} == said
    assert TA1.posting is not None
    assert {kind for kind, t in TRANSACTIONS.items() if t.posting is None} == {"837P", "837I"}


@pytest.mark.parametrize("module", ["edi.inbound.registry", "edi.inbound.document"])
def test_loading_the_registry_loads_no_reader_and_no_database_layer(module: str) -> None:
    """``x12flow --help`` loads the document module: readers and the ledger wait until used."""
    heavy = "('parsers', 'sqlalchemy', 'edi.ledger')"
    probe = f"import sys, {module}; print(sorted(m for m in sys.modules if m.startswith({heavy})))"
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    assert loaded.strip() == "[]"
