"""Pure parts of the ledger: the claim state machine, matching, keys, atomic() and URLs."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest
from sqlalchemy import func, insert, select

from edi.ledger import Ledger, schema, states
from edi.ledger.backend import create_ledger_engine, resolve_url
from edi.ledger.reconcile import (
    ClaimRef,
    PayerIdentity,
    PriorPayment,
    find_reversed,
    match_claim_payment,
    natural_key,
    plb_references,
)
from edi.x12.errors import ConfigError
from parsers.era835 import ClaimPayment

D = Decimal
ACME = ClaimRef(1, "PCN1", "ACME1", "ACME HEALTH", "ICN1")
OTHER = ClaimRef(2, "PCN2", "OTHER1", "OTHER PLAN", "ICN2")


@pytest.mark.parametrize(
    ("current", "accepted", "expected"),
    [
        ("submitted", True, "accepted"),
        ("submitted", False, "rejected"),
        ("accepted", False, "rejected"),
        ("acknowledged", True, "acknowledged"),
        ("paid", False, "paid"),
        ("rejected", True, "rejected"),
    ],
)
def test_set_acknowledgment(current: str, accepted: bool, expected: str) -> None:
    assert states.on_set_acknowledged(current, accepted) == expected


@pytest.mark.parametrize(
    ("current", "accepted", "expected"),
    [
        ("submitted", True, "acknowledged"),
        ("accepted", True, "acknowledged"),
        ("acknowledged", False, "rejected"),
        ("accepted", None, "accepted"),
        ("denied", False, "denied"),
        ("paid", True, "paid"),
    ],
)
def test_claim_acknowledgment(current: str, accepted: bool | None, expected: str) -> None:
    assert states.on_claim_acknowledged(current, accepted) == expected


@pytest.mark.parametrize(
    ("code", "paid", "patient", "expected"),
    [
        ("1", D(10), D(0), "paid"),
        ("2", D(0), D(5), "paid"),
        ("19", D(3), D(0), "paid"),
        ("1", D(0), D(0), "denied"),
        ("4", D(0), D(0), "denied"),
        ("22", D(0), D(0), "reversed"),
        ("23", D(0), D(0), "acknowledged"),
        ("25", D(0), D(0), "acknowledged"),
    ],
)
def test_payment(code: str, paid: Decimal, patient: Decimal, expected: str) -> None:
    assert states.on_payment("acknowledged", code, paid, patient) == expected


def _payment(**fields: object) -> ClaimPayment:
    values: dict[str, object] = {
        "patient_control_number": "PCN1",
        "status_code": "1",
        "charge": D("100.00"),
        "paid": D("80.00"),
        "patient_responsibility": D("0.00"),
        "payer_claim_control_number": "ICN1",
    }
    values.update(fields)
    return ClaimPayment.model_validate(values)


PAYER = PayerIdentity("ACME HEALTH", frozenset({"ACME1"}))


def test_match_by_patient_control_number_then_payer_number() -> None:
    assert match_claim_payment(_payment(), ACME, [], PAYER).by == "CLP01"
    found = match_claim_payment(_payment(patient_control_number="X"), None, [ACME], PAYER)
    assert (found.claim, found.by) == (ACME, "CLP07")
    missing = match_claim_payment(_payment(patient_control_number="X"), None, [], PAYER)
    assert missing.claim is None and "X" in (missing.reason or "")


def test_a_claim_of_another_payer_does_not_match() -> None:
    found = match_claim_payment(_payment(patient_control_number="PCN2"), OTHER, [], PAYER)
    assert found.claim is None and "another payer" in (found.reason or "")
    by_name = PayerIdentity("acme  health", frozenset())
    assert match_claim_payment(_payment(), ACME, [], by_name).claim == ACME
    anonymous = PayerIdentity(None, frozenset())
    assert match_claim_payment(_payment(), OTHER, [], anonymous).claim == OTHER


def test_reversal_finds_the_payment_it_reverses() -> None:
    prior = [
        PriorPayment(1, "PCN1", "ICN1", D("80.00"), "original", None),
        PriorPayment(2, "PCN1", "ICN9", D("50.00"), "original", None),
        PriorPayment(3, "PCN1", "ICN1", D("-80.00"), "reversal", None),
    ]
    reversal = _payment(status_code="22", paid=D("-80.00"), charge=D("-100.00"))
    assert find_reversed(reversal, prior) == prior[0]
    by_amount = _payment(status_code="22", paid=D("-50.00"), payer_claim_control_number=None)
    assert find_reversed(by_amount, prior) == prior[1]
    done = [PriorPayment(1, "PCN1", "ICN1", D("80.00"), "original", 3)]
    assert find_reversed(reversal, done) is None


def test_natural_key_names_the_same_clp_in_any_file() -> None:
    key = natural_key(PAYER, "TRACE", _payment())
    assert key == natural_key(PAYER, "TRACE", _payment())
    assert key != natural_key(PAYER, "OTHER", _payment())
    assert key != natural_key(PAYER, "TRACE", _payment(paid=D("80.01")))
    assert key != natural_key(PAYER, "TRACE", _payment(status_code="22"))


def test_plb_references() -> None:
    assert plb_references(None) == []
    assert plb_references("ICN1 PCN1") == ["ICN1 PCN1", "ICN1", "PCN1"]


BATCH = {
    "direction": "inbound",
    "kind": "835",
    "file_name": "f",
    "set_count": 0,
    "claim_count": 0,
    "created_at": datetime(2026, 1, 1),
}


def test_nested_atomic_rolls_back_alone(memory_ledger: Ledger) -> None:
    with memory_ledger.atomic() as connection:
        connection.execute(insert(schema.batches).values(**BATCH, sha256="a"))
        with pytest.raises(RuntimeError), memory_ledger.atomic():
            connection.execute(insert(schema.batches).values(**BATCH, sha256="b"))
            raise RuntimeError
    with memory_ledger.atomic() as connection:
        hashes = connection.execute(select(schema.batches.c.sha256)).scalars().all()
    assert hashes == ["a"]


def test_money_is_exact(memory_ledger: Ledger) -> None:
    with memory_ledger.atomic() as connection:
        connection.execute(insert(schema.batches).values(**BATCH))
        for amount in (D("123456789012.35"), D("0.1"), D("-0.005")):
            connection.execute(
                insert(schema.remittances).values(batch_id=1, amount=amount, claim_count=0)
            )
        total = connection.execute(select(func.sum(schema.remittances.c.amount))).scalar()
        amounts = connection.execute(select(schema.remittances.c.amount)).scalars().all()
    assert total == D("123456789012.44")
    assert amounts == [D("123456789012.35"), D("0.10"), D("-0.01")]


def test_database_urls(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("X12FLOW_DATABASE_URL", raising=False)
    assert resolve_url(None) == "sqlite:///x12flow.db"
    monkeypatch.setenv("X12FLOW_DATABASE_URL", "sqlite:///env.db")
    assert resolve_url(None) == "sqlite:///env.db"
    assert resolve_url("sqlite:///flag.db") == "sqlite:///flag.db"
    with pytest.raises(ConfigError, match="unsupported database"):
        create_ledger_engine("mysql://x@y/z")
    with pytest.raises(ConfigError, match="unusable database URL"):
        create_ledger_engine("not a url")
