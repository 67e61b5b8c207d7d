"""Every 835 of the shared corpus reads into typed JSON; the 835 parser's error findings are
exactly the genuine problems of each file (envelope findings belong to other tests)."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from edi.inbound.document import Document, write_document
from tests.conftest import corpus_files

FILES = corpus_files("835")
OWN = {"BALANCE", "IK304", "IK403"}
# file -> the parser's error findings, with why they are right.
NPI = "IK403-I12"  # N104 or NM109 after XX without a valid NPI check digit (sample numbers)
PER_BL = "IK304-3"  # 1000A lacks PER*BL (Payer Technical Contact Information), required in X221A1
GENUINE: dict[str, set[str]] = {
    # De-identified by masking amounts with 9s: claims, lines and the payment stop adding up;
    # SVC01-01 masked as XX (no product or service ID qualifier); NPIs masked as 9999999999.
    "Inteligenz__X12Parser__835_WithMultipleInterchanges.txt": {
        "BALANCE-claim",
        "BALANCE-service-line",
        "BALANCE-transaction",
        "IK403-7",
        NPI,
    },
    "Inteligenz__X12Parser__ExampleFromNth.txt": {
        "BALANCE-claim",
        "BALANCE-service-line",
        "BALANCE-transaction",
        "IK403-7",
        NPI,
    },
    # Ends with a bare "CLP*090909*22" (no NM1*QC; CLP03, CLP04, CLP06, CLP07 missing); PLB CV
    # -1.27 is not reflected in BPR02; a 4010 file: no PER*BL, 4010 codes SVC01-01 ZZ, CAS01 CR,
    # AMT01 AU in 2110, QTY01 NE.
    "Inteligenz__X12Parser__Example1.txt": {
        "IK304-3",
        "IK403-1",
        "IK403-7",
        "BALANCE-transaction",
    },
    # BPR's date sits in BPR15 (BPR16 missing); no PER*BL; "SVC*HC>55669" with the ISA's ":" as
    # the component separator: SVC01-01 is "HC>55669" (too long), SVC01-02 missing.
    "LinuxForHealth__x12__cob-contractural-adjustment.835": {PER_BL, "IK403-1", "IK403-5"},
    "LinuxForHealth__x12__secondary-payment.835": {PER_BL, "IK403-1", "IK403-5"},
    # BPR16 is 20002316 (month 23); no PER*BL; N104 XX 0987654321 is no NPI.
    "LinuxForHealth__x12__managed-care.835": {"IK403-8", PER_BL, NPI},
    # SVC*HC*24599.00*1766.50*187.50**1: the procedure code sits in its own element, shifting
    # the amounts, so SVC02 - CAS != SVC03, SVC01-02 is missing and SVC06 is "1" (SVC06-01 too
    # short, SVC06-02 missing); BPR16 missing as above; no PER*BL.
    "LinuxForHealth__x12__tertiary-payment.835": {
        "BALANCE-service-line",
        PER_BL,
        "IK403-1",
        "IK403-4",
    },
    # Synthetic, X-filled, a bare set (no ISA, so the component separator is the default ":"
    # and "NU>XXXX>..." is one long SVC01-01, "GO>XXXX" one long PLB03-01); NM1*74 NM102 X,
    # NM108 XX with a 7-letter NM109, NM110 not used in 2100.
    "affect-therapeutics__edi-835-parser__exhaustive_sample.txt": {
        "IK403-1",
        "IK403-5",
        "IK403-7",
        "IK403-I10",
        NPI,
    },
    "affect-therapeutics__edi-835-parser__nevada_medicaid.txt": {NPI},
    # Placeholder values: TS3**facility_type_code1, CAS*grp_code*reason_code*amount*quantity,
    # a remark code in MIA24 (an amount), PLB03 "resnCode>adjID>5" (three components, PLB04
    # missing); PLB 5 not taken from BPR02.
    "affect-therapeutics__edi-835-parser__sample_835.txt": {
        "IK403-1",
        "IK403-5",
        "IK403-6",
        "IK403-13",
        "BALANCE-transaction",
        "IK304-8",  # MOA, PLB and MIA end with empty elements (trailing separators)
    },
    # As above, plus a garbage segment "resnCode>adjID>5***" after the PLB.
    "affect-therapeutics__edi-835-parser__sample_835_with_interests.txt": {
        "IK403-1",
        "IK403-5",
        "IK403-6",
        "BALANCE-transaction",
        "IK304-1",
        "IK304-8",
    },
    "jdavisp3__TigerShark__5010-835-example-2.txt": {NPI},  # NM109 XX 1234567898
    "jdavisp3__TigerShark__5010-835-example-3.txt": {NPI},
    # TRN03 560894904 (9 characters, 10 required); PER*CX*TE*8005554844 (the number in PER03);
    # no PER*BL; SVC*HC:59426******742*742**1 (no SVC02/SVC03, an 8th element); N104 no NPI.
    "keironstoddart__edi-835-parser__blue_cross_nc_sample.txt": {
        "IK403-1",
        "IK403-3",
        "IK403-4",
        "IK403-5",
        PER_BL,
        NPI,
    },
}


def read(path: Path) -> tuple[dict[str, Any], Document]:
    out = io.StringIO()
    doc = Document(io.BytesIO(path.read_bytes()), path.name)
    write_document(doc, out.write)
    return json.loads(out.getvalue()), doc


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_corpus_835_reads_with_only_genuine_errors(path: Path) -> None:
    result, doc = read(path)
    sets = [
        ts for ic in result["interchanges"] for g in ic["groups"] for ts in g["transaction_sets"]
    ]
    assert sets and all(ts["transaction"] == "835" for ts in sets)
    for ts in sets:
        assert ts["payment"]["handling_code"]
        assert ts["balance"]["claim_count"] == len(ts["claims"])
        for claim in ts["claims"]:
            assert claim["patient_control_number"] and claim["status_code"]
            assert isinstance(claim["services"], list)
    own = {f"{f.source}-{f.code}" for f in doc.findings if f.is_error and f.source in OWN}
    assert own == GENUINE.get(path.name, set())


def test_corpus_files_are_known() -> None:
    names = {p.name for p in FILES}
    if not names:
        pytest.skip("shared corpus not found (expected ../shared/corpus)")
    assert set(GENUINE) <= names
