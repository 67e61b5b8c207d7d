"""An interchange sent again: the same bytes are a duplicate (nothing changes), other bytes under
the same sender (ISA05, ISA06) and ISA13 are refused with TA105 025 and leave the ledger as it
was. On SQLite and (when configured) PostgreSQL."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import update

from edi.inbound.ingest import DUPLICATE, POSTED, REJECTED, ingest_file
from edi.ledger import Ledger, schema
from edi.ledger.batches import interchange_before
from edi.model.claim import Claim
from tests.ledger.dump import ledger_dump
from tests.ledger.scenario import Scenario, clp, sample_claims

SENT = datetime(2026, 11, 2, 9, 30)
PAID_ON = date(2026, 11, 20)
NUMBER = 501


def _paying(scenario: Scenario, claims: list[Claim], trace: str, **envelope: Any) -> Path:
    lines = [s for c in claims for s in clp(c, "1", c.total_charge)]
    total = sum((c.total_charge for c in claims), Decimal(0))
    return scenario.remit(
        lines, total=total, trace=trace, paid_on=PAID_ON, payer="ACME HEALTH", **envelope
    )


def _first_posted(scenario: Scenario) -> tuple[list[Claim], Path]:
    claims = sample_claims(2, seed=15)
    scenario.submit(claims, SENT)
    first = _paying(scenario, claims[:1], "EFT-1", interchange=NUMBER)
    [result] = scenario.ingest(first)
    assert result["outcome"] == POSTED
    return claims, first


def test_the_same_interchange_with_other_bytes_is_refused(scenario: Scenario) -> None:
    claims, first = _first_posted(scenario)
    before = ledger_dump(scenario.db_url)
    again = _paying(scenario, claims, "EFT-2", interchange=NUMBER)
    [result] = scenario.ingest(again)
    assert result["outcome"] == REJECTED
    [finding] = result["findings"]
    assert (finding["severity"], finding["source"], finding["code"]) == ("error", "TA105", "025")
    assert finding["location"] == {
        "file": str(again),
        "interchange": "000000501",
        "segment": 1,
        "segment_id": "ISA",
        "element": 13,
        "offset": 0,
    }
    assert finding["message"] == (
        f"interchange '000000501' from sender 'ZZ'/'PAYER' (ISA05/ISA06) was ingested before, "
        f"in batch 2 ({first}, 2026-11-30 12:00); this file carries it again with other bytes, "
        "so it is refused and nothing was posted (a corrected interchange needs a new ISA13)"
    )
    assert ledger_dump(scenario.db_url) == before


def test_the_same_bytes_are_a_duplicate_as_before(scenario: Scenario) -> None:
    _, first = _first_posted(scenario)
    before = ledger_dump(scenario.db_url)
    [result] = scenario.ingest(first)
    assert result["outcome"] == DUPLICATE
    assert [(f["severity"], f["code"]) for f in result["findings"]] == [("info", "DUPLICATE")]
    assert ledger_dump(scenario.db_url) == before


def test_another_sender_or_qualifier_or_number_is_another_interchange(scenario: Scenario) -> None:
    claims, _ = _first_posted(scenario)
    other_sender = _paying(scenario, claims[1:], "EFT-3", interchange=NUMBER, sender="PAYER2")
    other_number = _paying(scenario, claims[1:], "EFT-4", interchange=NUMBER + 1)
    other_qualifier = _paying(scenario, claims[1:], "EFT-5", interchange=NUMBER)
    text = other_qualifier.read_text(encoding="ascii")
    other_qualifier.write_text(text.replace("*ZZ*PAYER ", "*30*PAYER ", 1), encoding="ascii")
    results = scenario.ingest(other_sender, other_number, other_qualifier)
    assert [r["outcome"] for r in results] == [POSTED, POSTED, POSTED]
    assert all(f["code"] != "025" for r in results for f in r["findings"])


def test_a_repeat_in_a_later_interchange_refuses_the_whole_file(scenario: Scenario) -> None:
    claims, _ = _first_posted(scenario)
    before = ledger_dump(scenario.db_url)
    new = _paying(scenario, claims[1:], "EFT-6", interchange=NUMBER + 7)
    repeat = _paying(scenario, claims[1:], "EFT-7", interchange=NUMBER)
    both = scenario.directory / "two-interchanges.835"
    both.write_text(new.read_text(encoding="ascii") + repeat.read_text(encoding="ascii"))
    with Ledger.open(scenario.db_url) as ledger:
        result = ingest_file(ledger, both)
    assert result.outcome == REJECTED
    [finding] = result.findings
    assert (finding.source, finding.code, finding.location.segment) == ("TA105", "025", 18)
    assert finding.location.interchange == "000000501"
    assert ledger_dump(scenario.db_url) == before


def test_a_batch_kept_before_isa05_was_recorded_matches_on_isa06(scenario: Scenario) -> None:
    """Ledgers migrated to 0004 hold batches without ISA05: ISA06 and ISA13 decide for them."""
    claims, _ = _first_posted(scenario)
    with Ledger.open(scenario.db_url) as ledger, ledger.atomic() as connection:
        connection.execute(update(schema.batches).values(sender_qualifier=None))
        assert interchange_before(connection, "30", "PAYER", "000000501", 0) is not None
        assert interchange_before(connection, "30", "PAYER", "000000502", 0) is None
    again = _paying(scenario, claims[1:], "EFT-8", interchange=NUMBER)
    text = again.read_text(encoding="ascii")
    again.write_text(text.replace("*ZZ*PAYER ", "*30*PAYER ", 1), encoding="ascii")
    [result] = scenario.ingest(again)
    assert (result["outcome"], result["findings"][0]["code"]) == (REJECTED, "025")


def test_the_batch_records_the_sender_qualifier(scenario: Scenario) -> None:
    _first_posted(scenario)
    with Ledger.open(scenario.db_url) as ledger, ledger.atomic() as connection:
        earlier = interchange_before(connection, "ZZ", "PAYER", "000000501", 0)
        assert earlier is not None and earlier.batch_id == 2
        assert interchange_before(connection, "30", "PAYER", "000000501", 0) is None


def test_a_file_that_repeats_its_own_isa13_is_refused(scenario: Scenario) -> None:
    """Two interchanges of one file under one ISA13 cannot be told apart: nothing is posted."""
    claims, _ = _first_posted(scenario)
    before = ledger_dump(scenario.db_url)
    one = _paying(scenario, claims[1:], "EFT-9", interchange=NUMBER + 20)
    two = _paying(scenario, claims[1:], "EFT-10", interchange=NUMBER + 20)
    both = scenario.directory / "one-number-twice.835"
    both.write_text(one.read_text(encoding="ascii") + two.read_text(encoding="ascii"))
    with Ledger.open(scenario.db_url) as ledger:
        result = ingest_file(ledger, both)
    assert result.outcome == REJECTED
    assert ("TA105", "025") in {(f.source, f.code) for f in result.findings if f.is_error}
    assert ledger_dump(scenario.db_url) == before
