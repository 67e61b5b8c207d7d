"""The 835 writer and its builder: golden text, pyx12, balancing by construction, and round trips
through parsers.era835 into the very models the 835 was written from."""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from edi.model.remittance.claims import (
    Adjustment,
    ClaimPayment,
    EntityName,
    Procedure,
    Remark,
    ServicePayment,
)
from edi.model.remittance.header import (
    Address,
    Communication,
    Contact,
    Party,
    ProviderAdjustment,
    Reference,
    Remittance,
    RemittanceEnd,
)
from edi.simulator import engine
from edi.x12.findings import Findings
from generators.replies import (
    RemittanceAdvice,
    balanced_claim,
    remittance_advice,
    remittance_body,
    reversal,
    write_interchange,
    write_remittance,
)
from generators.replies.remittance import cas_segments
from generators.validation import validate_x12_text
from parsers.era835 import read_remittances
from tests.simulator.conftest import STALE_CODE_LISTS, body, envelope, files, run, write_837

DAY = date(2025, 12, 1)
ADDRESS = Address(lines=["1 MAIN ST"], city="AUSTIN", state="TX", postal_code="78701")
PAYER = Party(
    entity="PR",
    name="PLAN",
    address=ADDRESS,
    references=[Reference(qualifier="2U", value="62308")],
    contacts=[
        Contact(
            function="BL",
            name="PROVIDER SERVICES",
            numbers=[Communication(qualifier="TE", number="8005550199")],
        )
    ],
)
PAYEE = Party(
    entity="PE",
    name="CLINIC",
    id_qualifier="XX",
    id="1234567893",
    address=ADDRESS,
    references=[Reference(qualifier="TJ", value="741234567")],
)
PATIENT = EntityName(
    entity="QC", entity_type="1", name="DOE", first_name="JANE", id_qualifier="MI", id="M1"
)
OFFICE_VISIT = Procedure(qualifier="HC", code="99213")


def cas(group: str, reason: str, amount: str) -> Adjustment:
    return Adjustment(group=group, reason=reason, amount=Decimal(amount))


def remit(
    claims: Iterable[ClaimPayment], plb: Iterable[ProviderAdjustment] = ()
) -> RemittanceAdvice:
    return remittance_advice(
        PAYER, PAYEE, date(2026, 2, 1), "CHK1", "1123456789", list(claims), list(plb)
    )


def write(*advices: RemittanceAdvice) -> str:
    bodies = [remittance_body(f"{n:04d}", a) for n, a in enumerate(advices, 1)]
    return write_interchange(envelope("HP", "005010X221A1"), bodies)


def read_back(source: str | Path) -> tuple[list[RemittanceAdvice], Findings]:
    """Each transaction set as parsers.era835 streams it: head, claims, end."""
    findings = Findings("835")
    stream = io.BytesIO(source.encode()) if isinstance(source, str) else source
    out: list[RemittanceAdvice] = []
    head: Remittance | None = None
    claims: list[ClaimPayment] = []
    for item in read_remittances(stream, findings):
        if isinstance(item, Remittance):
            head, claims = item, []
        elif isinstance(item, ClaimPayment):
            claims.append(item)
        elif isinstance(item, RemittanceEnd):
            assert head is not None
            out.append(RemittanceAdvice(head, tuple(claims), item))
    return out, findings


# What only the reader fills in: code list texts, the envelope's control numbers and where in
# the file a model was read.
READER_ONLY = frozenset(
    {
        "location",
        "status",
        "filing_indicator_description",
        "handling",
        "reason_description",
        "interchange_control_number",
        "group_control_number",
        "control_number",
    }
)
REMARK_KEYS = frozenset(Remark.model_fields)


def _written(value: Any) -> Any:
    if isinstance(value, dict):
        drop = READER_ONLY | ({"description"} if value.keys() == REMARK_KEYS else set())
        return {k: _written(v) for k, v in value.items() if k not in drop}
    if isinstance(value, list):
        return [_written(v) for v in value]
    return value


def written(advice: RemittanceAdvice) -> tuple[Any, ...]:
    """The fields of a transaction set's models that the writer sets."""

    def dump(model: BaseModel) -> Any:
        return _written(model.model_dump())

    return dump(advice.head), [dump(c) for c in advice.claims], dump(advice.end)


def partial_claim() -> ClaimPayment:
    line = ServicePayment(
        procedure=OFFICE_VISIT,
        charge=Decimal("100"),
        service_date=DAY,
        adjustments=[cas("CO", "45", "30"), cas("PR", "2", "14")],
        units=Decimal(1),
        line_control_number="PCN-1-1",
        allowed=Decimal("70"),
    )
    denied = ServicePayment(
        procedure=Procedure(qualifier="HC", code="80053"),
        charge=Decimal("25"),
        service_start=DAY,
        service_end=date(2025, 12, 2),
        adjustments=[cas("CO", "50", "25")],
        units=Decimal(1),
        remarks=[Remark(qualifier="HE", code="N115")],
    )
    return balanced_claim(
        ClaimPayment(
            patient_control_number="PCN-1",
            status_code="1",
            charge=Decimal("125"),
            filing_indicator="12",
            payer_claim_control_number="ICN1",
            facility_type="11",
            frequency="1",
            patient=PATIENT,
            services=[line, denied],
        )
    )


def interest(amount: str) -> ProviderAdjustment:
    return ProviderAdjustment(
        provider_id="1234567893",
        fiscal_period_date=date(2026, 12, 31),
        reason="L6",
        amount=-Decimal(amount),
        reference="ICN1",
    )


def test_835_golden_claim_with_lines_reversal_and_interest() -> None:
    claim = partial_claim()
    advice = remit([claim, reversal(claim)], [interest("1.25")])
    text = write(advice)
    lines = body(text)
    assert lines[:11] == [
        "ST*835*0001",
        "BPR*C*1.25*C*CHK************20260201",
        "TRN*1*CHK1*1123456789",
        "DTM*405*20260201",
        "N1*PR*PLAN",
        "N3*1 MAIN ST",
        "N4*AUSTIN*TX*78701",
        "REF*2U*62308",
        "PER*BL*PROVIDER SERVICES*TE*8005550199",
        "N1*PE*CLINIC*XX*1234567893",
        "N3*1 MAIN ST",
    ]
    assert lines[12:16] == [
        "REF*TJ*741234567",
        "LX*1",
        "CLP*PCN-1*1*125*56*14*12*ICN1*11*1",
        "NM1*QC*1*DOE*JANE****MI*M1",
    ]
    assert "CLP*PCN-1*22*-125*-56*-14*12*ICN1*11*1" in lines
    assert lines.count("CAS*CO*45*30") == 1 and lines.count("CAS*CO*45*-30") == 1
    assert lines.count("LQ*HE*N115") == 1  # the reversal drops the remarks
    assert lines[lines.index("SVC*HC:80053*25*0**1") + 1 :][:3] == [
        "DTM*150*20251201",
        "DTM*151*20251202",
        "CAS*CO*50*25",
    ]
    assert lines[-2:] == ["PLB*1234567893*20261231*L6:ICN1*-1.25", f"SE*{len(lines)}*0001"]
    assert validate_x12_text(text, STALE_CODE_LISTS) == []
    [parsed], findings = read_back(text)
    assert [str(f) for f in findings] == []
    assert [(c.kind, c.paid) for c in parsed.claims] == [
        ("original", Decimal("56")),
        ("reversal", Decimal("-56")),
    ]
    assert written(parsed) == written(advice)


def test_835_refuses_a_negative_payment() -> None:
    with pytest.raises(ValueError, match="BPR02 cannot be negative"):
        remit([reversal(partial_claim())])


def test_835_zero_payment_is_information_only() -> None:
    claim = partial_claim()
    text = write(remit([claim, reversal(claim)]))
    assert "BPR*I*0*C*NON************20260201~" in text
    assert validate_x12_text(text, STALE_CODE_LISTS) == []


def test_a_claim_again_after_its_reversal_is_a_correction() -> None:
    claim = partial_claim()
    corrected = claim.model_copy(update={"payer_claim_control_number": "ICN2"})
    advice = remit([claim, reversal(claim), corrected])
    assert [c.kind for c in advice.claims] == ["original", "reversal", "correction"]
    [parsed], _ = read_back(write(advice))
    assert [c.kind for c in parsed.claims] == ["original", "reversal", "correction"]


def test_paid_amounts_given_by_the_caller_are_replaced() -> None:
    claim = partial_claim()
    wrong = claim.model_copy(
        update={
            "paid": Decimal("999"),
            "services": [s.model_copy(update={"paid": Decimal(1)}) for s in claim.services],
        }
    )
    advice = remit([wrong])
    [settled] = advice.claims
    assert (settled.paid, [s.paid for s in settled.services]) == (
        Decimal("56"),
        [Decimal("56"), Decimal("0")],
    )
    assert advice.head.payment.amount == advice.end.balance.total_paid == Decimal("56")


def test_cas_splits_after_six_reasons_and_groups_by_code() -> None:
    items = [cas("PR", str(n), str(n)) for n in range(1, 8)]
    items.insert(1, cas("CO", "45", "9.5"))
    triplets = [x for n in range(1, 7) for x in (str(n), str(n), "")]
    assert cas_segments(items) == [
        ["CAS", "PR", *triplets],
        ["CAS", "PR", "7", "7", ""],
        ["CAS", "CO", "45", "9.5", ""],
    ]


cents = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("5000"), places=2)
shares = st.decimals(min_value=Decimal(0), max_value=Decimal(1), places=2)


@st.composite
def adjudicated_lines(draw: st.DrawFn) -> ServicePayment:
    charge = draw(cents)
    co = (charge * draw(shares)).quantize(Decimal("0.01"))
    pr = ((charge - co) * draw(shares)).quantize(Decimal("0.01"))
    adjustments = [a for a in (cas("CO", "45", str(co)), cas("PR", "2", str(pr))) if a.amount]
    return ServicePayment(
        procedure=OFFICE_VISIT,
        charge=charge,
        paid=draw(cents),  # whatever the caller says, the builder sets SVC03
        service_date=DAY,
        adjustments=adjustments,
        units=Decimal(1),
    )


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.lists(adjudicated_lines(), min_size=1, max_size=4), min_size=1, max_size=4),
    st.lists(cents, max_size=3),
    st.lists(st.booleans(), min_size=4, max_size=4),
)
def test_any_835_from_the_builder_balances_and_reads_back_as_built(
    claims: list[list[ServicePayment]], amounts: list[Decimal], reverse: list[bool]
) -> None:
    payments: list[ClaimPayment] = []
    for n, lines in enumerate(claims):
        claim = ClaimPayment(
            patient_control_number=f"PCN-{n}",
            status_code="1",
            charge=sum((line.charge or Decimal(0) for line in lines), Decimal(0)),
            filing_indicator="12",
            payer_claim_control_number=f"ICN{n}",
            patient=PATIENT,
            services=lines,
        )
        payments.append(claim)
        if reverse[n]:
            payments.append(reversal(claim))
    advice = remit(payments, [interest(str(a)) for a in amounts])
    [parsed], findings = read_back(write(advice))
    assert [f for f in findings if f.source == "BALANCE"] == []
    assert parsed.end.balance.balanced
    assert written(parsed) == written(advice)


def test_the_simulators_835s_read_back_as_the_models_it_wrote(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent: list[RemittanceAdvice] = []

    def keep(
        out: Any, control: str, head: Remittance, claims: Iterable[ClaimPayment], end: Any
    ) -> None:
        streamed = tuple(claims)
        sent.append(RemittanceAdvice(head, streamed, end))
        write_remittance(out, control, head, streamed, end)

    monkeypatch.setattr(engine, "write_remittance", keep)
    inputs = [
        write_837(tmp_path / "in", "837p", 30, seed=21, per_set=10),
        write_837(tmp_path / "in", "837i", 12, seed=22, number=9),
    ]
    result = run(inputs, tmp_path / "out", seed=4, remittance={"reversed_and_corrected": 0.4})
    read: list[RemittanceAdvice] = []
    for path in files(result, "835"):
        sets, findings = read_back(path)
        assert [str(f) for f in findings] == []
        read += sets
    claims = [c for a in read for c in a.claims]
    assert {"original", "reversal", "correction"} <= {c.kind for c in claims}
    assert any(c.insured is not None for c in claims)  # a dependant: NM1*QC and NM1*IL
    assert any(a.end.provider_adjustments for a in read)
    assert [written(a) for a in read] == [written(a) for a in sent]
