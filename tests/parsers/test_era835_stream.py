"""835 streaming: claims are handed out one by one while the file is read, nothing is kept."""

from __future__ import annotations

import gc
import io
from collections.abc import Iterator
from pathlib import Path

from edi.x12.findings import Findings
from edi.x12.grammar import load_grammar
from edi.x12.location import Location
from edi.x12.reader import read_segments
from edi.x12.segment import Segment
from parsers.era835 import (
    READER,
    ClaimPayment,
    Remittance,
    RemittanceEnd,
    iter_claims,
    read_remittances,
)
from parsers.era835.transformer import Era835Transformer
from tests.conftest import interchange, transaction_set

DATA = Path(__file__).resolve().parent.parent / "data" / "era835"


def remittance(claims: int, control: str = "0001") -> list[str]:
    body = [
        f"BPR*I*{claims * 10}.00*C*CHK************20261206",
        "TRN*1*CHK1*1512345678",
        "N1*PR*PLAN",
        "N3*1 MAIN ST",
        "N4*HARTFORD*CT*06101",
        "PER*BL*EDI*TE*8005550100",
        "N1*PE*CLINIC*XX*1234567893",
    ]
    for n in range(claims):
        if n % 4 == 0:
            body.append(f"LX*{n // 4 + 1}")
        body += [
            f"CLP*C{n}*1*10.00*10.00**12*ICN{n}",
            "NM1*QC*1*DOE*J****MI*M",
            "SVC*HC:99211*10.00*10.00**1",
        ]
    return transaction_set("835", control, body)


def test_read_remittances_yields_head_claims_end_for_each_set() -> None:
    text = interchange([*remittance(3, "0001"), *remittance(2, "0002")])
    items = list(read_remittances(io.BytesIO(text.encode())))
    kinds = [type(item).__name__ for item in items]
    assert kinds == [
        "Remittance",
        "ClaimPayment",
        "ClaimPayment",
        "ClaimPayment",
        "RemittanceEnd",
        "Remittance",
        "ClaimPayment",
        "ClaimPayment",
        "RemittanceEnd",
    ]
    head = items[0]
    assert isinstance(head, Remittance)
    assert (head.interchange_control_number, head.group_control_number, head.control_number) == (
        "000000001",
        "1",
        "0001",
    )
    end = items[4]
    assert isinstance(end, RemittanceEnd) and end.balance.balanced


def test_claims_carry_their_lx_group_number() -> None:
    text = interchange(remittance(9))
    numbers = [c.header_number for c in iter_claims(io.BytesIO(text.encode()))]
    assert numbers == [1, 1, 1, 1, 2, 2, 2, 2, 3]


def test_iter_claims_reads_a_path_and_reports_findings() -> None:
    findings = Findings()
    claims = list(iter_claims(DATA / "plb_interest_recoupment.x12", findings))
    assert [c.patient_control_number for c in claims] == ["ACCT301", "ACCT302"]
    assert list(findings) == []


def test_claims_are_emitted_before_the_rest_of_the_set_is_read() -> None:
    text = interchange(remittance(50)).encode()
    segments = [s for s in read_segments(text) if s.elements[0] not in ("ISA", "GS", "GE", "IEA")]
    consumed = 0

    def counting() -> Iterator[Segment]:
        nonlocal consumed
        for seg in segments:
            consumed += 1
            yield seg

    transformer = Era835Transformer()
    transformer.reset(Findings(), Location())
    run = load_grammar("parsers.era835").run(transformer, Findings(), Location())
    seen = []
    for item in run.feed(counting()):
        if isinstance(item, ClaimPayment):
            seen.append(consumed)
    assert len(seen) == 50
    # The first claim is out after its own segments and the next CLP, long before SE.
    assert seen[0] <= 13 and seen[-1] == len(segments)
    assert not any(
        isinstance(v, list) and v and isinstance(v[0], ClaimPayment)
        for v in vars(transformer).values()
    )


def test_claims_are_not_kept_alive() -> None:
    text = interchange(remittance(400)).encode()
    alive = []
    for n, _claim in enumerate(iter_claims(io.BytesIO(text))):
        if n in (100, 300):
            gc.collect()
            alive.append(sum(isinstance(o, ClaimPayment) for o in gc.get_objects()))
    assert alive[0] < 5 and alive[1] < 5


def test_fields_stream_claims_as_a_generator_in_output_order() -> None:
    from edi.x12.envelope import TransactionSet, Walker

    findings = Findings()
    text = interchange(remittance(2)).encode()
    ts = next(
        e for e in Walker(read_segments(text, findings), findings) if isinstance(e, TransactionSet)
    )
    fields = READER.fields(ts, findings)
    names = []
    for name, value in fields:
        names.append(name)
        if name == "claims":
            assert isinstance(value, Iterator)
            assert [c.patient_control_number for c in value] == ["C0", "C1"]
    assert names == [
        "payment",
        "payer",
        "payee",
        "claims",
        "header_numbers",
        "provider_adjustments",
        "balance",
    ]
