"""One regression file per class of hostile value a fuzzer turned into an internal error, a CPU
spin or a value silently misread: each is now an IK403 finding at its element, and every
reading path (validate, parse, the text summary) finishes without an exception."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from edi.inbound.document import Document, write_document
from edi.simulator.reading import read_837
from edi.x12.errors import X12FlowError
from edi.x12.findings import Finding
from tests.conftest import interchange, transaction_set

DATA = Path(__file__).resolve().parent / "data" / "regressions" / "values"

Element = tuple[str, str | None, int | None, int | None]
"""(IK403 code, segment ID, element, component)."""

EXPECTED: dict[str, list[Element]] = {
    # LX*² : str.isdigit() let it through to int(), which raised
    "835-lx01-superscript-digit.x12": [("6", "LX", 1, None)],
    # LX*١ : int() read an Arabic-Indic one as 1
    "835-lx01-other-script-digit.x12": [("6", "LX", 1, None)],
    # AK902 of 5,000 digits: beyond Python's int-from-text limit
    "999-ak902-5000-digits.x12": [("5", "AK9", 2, None)],
    # QTY*90*1E+999999: a million-digit int built to count claims (27 s of CPU)
    "277ca-qty02-exponent.x12": [("6", "QTY", 2, None)],
    # AMT*YU*Infinity: read as Decimal('Infinity'), then refused by the model
    "277ca-amt02-infinity.x12": [("6", "AMT", 2, None)],
    # CLM02 sNaN: Decimal('sNaN') raised when the claim charges were summed
    "837p-clm02-snan.x12": [("6", "CLM", 2, None)],
    # CLP03 of 20 digits: more than X12's 18 and than the ledger's NUMERIC(14,2)
    "835-clp03-20-digit-amount.x12": [("5", "CLP", 3, None)],
    # CLP03 of 13 digits before the point: within X12's length, beyond the ledger
    "835-clp03-beyond-ledger.x12": [("5", "CLP", 3, None)],
    # GS04 071214: strptime('%Y%m%d') took it for 4 January 712
    "835-gs04-yymmdd.x12": [("8", "GS", 4, None)],
    # BHT04 071214 in a CCYYMMDD element: too short (one finding per element, as for the 837)
    "277ca-bht04-yymmdd.x12": [("4", "BHT", 4, None)],
    # BHT05 of superscript digits: int() raised in the time check
    "277ca-bht05-superscript-time.x12": [("9", "BHT", 5, None)],
    "837p-bht05-superscript-time.x12": [("9", "BHT", 5, None)],
    # BHT04 of fullwidth digits: int() read them as a date
    "837p-bht04-fullwidth-digits.x12": [("8", "BHT", 4, None)],
    # SV107-1 ²: a diagnosis pointer int() refused
    "837p-sv107-superscript-pointer.x12": [("6", "SV1", 7, 1)],
    # DTP*435*DT*20260101²³00: the admission hour int() refused
    "837i-dtp435-superscript-hour.x12": [("9", "DTP", 3, None)],
    # DTP*096*TM*¹²³⁴: the discharge hour int() refused
    "837i-dtp096-superscript-time.x12": [("9", "DTP", 3, None)],
}


def ik403(findings: list[Finding]) -> list[Element]:
    return sorted(
        (f.code, f.location.segment_id, f.location.element, f.location.component)
        for f in findings
        if f.source == "IK403"
    )


def read_everything(data: bytes, name: str) -> tuple[list[Finding], dict[str, Any]]:
    """Findings (validate), the JSON document (parse) and the text summary, all read."""
    findings = Document(io.BytesIO(data), name=name).validate()
    out = io.StringIO()
    write_document(Document(io.BytesIO(data), name=name), out.write)
    assert list(Document(io.BytesIO(data), name=name).summary())
    return findings, json.loads(out.getvalue())


def test_every_regression_file_has_its_expectation() -> None:
    assert sorted(p.name for p in DATA.iterdir()) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_hostile_value_is_an_ik403_finding_at_its_element(name: str) -> None:
    findings, _ = read_everything((DATA / name).read_bytes(), name)
    assert ik403(findings) == EXPECTED[name]
    for finding in findings:
        assert len(finding.message) < 200  # a 5,000-digit value is never repeated whole


def test_the_unreadable_values_are_left_out_of_the_models() -> None:
    _, doc = read_everything((DATA / "835-lx01-superscript-digit.x12").read_bytes(), "lx")
    (ts,) = doc["interchanges"][0]["groups"][0]["transaction_sets"]
    assert "number" not in json.dumps(ts["header_numbers"])
    _, doc = read_everything((DATA / "277ca-qty02-exponent.x12").read_bytes(), "qty")
    assert "accepted_count" not in json.dumps(doc)


def remittance(clp03: str) -> bytes:
    body = [
        "BPR*I*120.00*C*ACH*CCP*01*011000015*DA*1*1512345678**01*021000021*DA*2*20261216",
        "TRN*1*EFT1*1512345678",
        "N1*PR*PAYER",
        "N1*PE*CLINIC*XX*1234567893",
        "LX*1",
        f"CLP*PRO101*1*{clp03}*120.00*30.00*12*ICN1011*11*1",
        "SVC*HC:99213*150.00*120.00**1",
        "CAS*PR*3*30.00",
    ]
    return interchange(transaction_set("835", "0001", body)).encode()


def test_an_amount_of_60000_digits_is_refused_unread() -> None:
    # (the reader leaves out segments beyond 64 KiB, so this is about as long as one gets)
    findings, _ = read_everything(remittance("9" * 60_000), "big.835")
    (finding,) = [f for f in findings if f.source == "IK403"]
    assert (finding.code, finding.location.segment_id, finding.location.element) == ("5", "CLP", 3)
    assert "9" * 21 not in json.dumps(finding.to_json())


@pytest.mark.parametrize("clp03", ["1E+5", "NaN", "-Infinity", "+150.00", " 150.00", "150.001"])
def test_amounts_are_read_only_in_the_r_form_to_the_cent(clp03: str) -> None:
    findings, _ = read_everything(remittance(clp03), "r.835")
    assert ik403(findings) == [("6" if clp03 != "150.001" else "5", "CLP", 3, None)]


def test_the_simulator_refuses_a_hostile_837_with_a_clean_error(tmp_path: Path) -> None:
    path = tmp_path / "claims.x12"
    path.write_bytes((DATA / "837p-clm02-snan.x12").read_bytes())
    with pytest.raises(X12FlowError):
        read_837(path)
