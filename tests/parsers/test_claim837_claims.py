"""837 claims in the input format: generate -> parse gives the same claims, for 837P and 837I."""

from __future__ import annotations

import io
import itertools
import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pydantic import BaseModel

from edi.cli import main
from edi.config import Config
from edi.inbound.document import Document, write_document
from edi.model.claim import Claim
from edi.outbound.staging import claim_file_settings
from generators.arrange import arrange
from generators.claim_file import ClaimFileWriter
from generators.kinds import KINDS
from generators.sample.claims import institutional_claims, professional_claims
from tests.conftest import interchange, transaction_set

WHEN = datetime(2026, 1, 2, 3, 4)
SAMPLES = {"837p": professional_claims, "837i": institutional_claims}
# Providers whose loop has no PRV segment in the guide: their taxonomy cannot travel in an 837.
NO_TAXONOMY = {
    "837p": ("referring_provider", "supervising_provider"),
    "837i": (
        "operating_provider",
        "other_operating_provider",
        "rendering_provider",
        "referring_provider",
    ),
}


def generate(kind: str, claims: list[Claim], per_set: int = 5000) -> str:
    out = io.StringIO()
    writer = ClaimFileWriter(
        out,
        KINDS[kind],
        claim_file_settings(Config()),
        interchange_number=7,
        group_number=3,
        transaction_numbers=itertools.count(1),
        when=WHEN,
        max_claims_per_transaction=per_set,
    )
    writer.write(claims)
    return out.getvalue()


def parse(text: str) -> tuple[list[dict[str, Any]], Document]:
    doc = Document(io.BytesIO(text.encode()), name="claims.x12")
    out = io.StringIO()
    write_document(doc, out.write)
    result = json.loads(out.getvalue())
    sets = [
        ts for ic in result["interchanges"] for g in ic["groups"] for ts in g["transaction_sets"]
    ]
    return sets, doc


def sample(kind: str, count: int, seed: int) -> list[Claim]:
    model = KINDS[kind].model
    return arrange([model.model_validate(c) for c in SAMPLES[kind](count, seed)])


def carried(kind: str, claim: BaseModel) -> dict[str, Any]:
    """The claim's dump without what the 837 cannot carry."""
    dump = claim.model_dump()
    for name in NO_TAXONOMY[kind]:
        if dump.get(name):
            dump[name]["taxonomy"] = None
    return dump


@pytest.mark.parametrize("kind", ["837p", "837i"])
def test_generate_then_parse_gives_the_same_claims(kind: str) -> None:
    claims = sample(kind, 80, seed=11)
    sets, doc = parse(generate(kind, claims, per_set=30))
    assert [f for f in doc.findings if f.is_error or f.source == "CLAIM"] == []
    assert len(sets) == 3  # 30 + 30 + 20 claims
    parsed = [c for ts in sets for c in ts["claims"]]
    model = KINDS[kind].model
    assert [carried(kind, model.model_validate(c)) for c in parsed] == [
        carried(kind, c) for c in claims
    ]
    assert sum(ts["counts"]["claims"] for ts in sets) == 80
    assert sets[0]["submitter"]["name"] == Config().submitter.name


@pytest.mark.parametrize("kind", ["837p", "837i"])
def test_parsed_claims_generate_the_same_file_again(kind: str) -> None:
    first = generate(kind, sample(kind, 40, seed=5))
    sets, _ = parse(first)
    model = KINDS[kind].model
    again = [model.model_validate(c) for ts in sets for c in ts["claims"]]
    assert generate(kind, again) == first


def test_sample_generate_parse_on_the_command_line(tmp_path: Path) -> None:
    runner = CliRunner()
    sampled = runner.invoke(main, ["sample", "837p", "--count", "50", "--seed", "1"])
    assert sampled.exit_code == 0
    out = tmp_path / "out"
    made = runner.invoke(
        main,
        ["generate", "837p", "-", "--out", str(out), "--db", f"sqlite:///{tmp_path / 'x.db'}"],
        input=sampled.output,
    )
    assert made.exit_code == 0, made.output
    (x12,) = out.glob("*.x12")
    parsed = runner.invoke(main, ["parse", str(x12)])
    assert parsed.exit_code == 0
    doc = json.loads(parsed.output)
    claims = [
        c
        for ic in doc["interchanges"]
        for g in ic["groups"]
        for ts in g["transaction_sets"]
        for c in ts["claims"]
    ]
    originals = [json.loads(line) for line in sampled.output.splitlines()]
    ids = [c["patient_control_number"] for c in originals]
    assert sorted(c["patient_control_number"] for c in claims) == sorted(ids)


# -- what the claims carry ----------------------------------------------------------------------
HEADER = [
    "BHT*0019*00*B1*20260101*1200*CH",
    "NM1*41*2*SUBMITTER*****46*S1",
    "PER*IC*DESK*TE*5555550100*EM*EDI@EXAMPLE.COM",
    "NM1*40*2*RECEIVER*****46*R1",
    "HL*1**20*1",
    "PRV*BI*PXC*207Q00000X",
    "NM1*85*2*CLINIC*****XX*1234567893",
    "N3*1 MAIN ST",
    "N4*TOWN*TX*750011234",
    "REF*EI*123456789",
]
DEPENDANT = [
    "HL*2*1*22*1",
    "SBR*P**GRP1******CI",
    "NM1*IL*1*DOE*ANN****MI*M1",
    "NM1*PR*2*PAYER*****PI*P1",
    "HL*3*2*23*0",
    "PAT*19",
    "NM1*QC*1*DOE*KIM",
    "N3*2 ELM ST",
    "N4*TOWN*TX*75001",
    "DMG*D8*20150310*F",
]
CLAIM = [
    "CLM*C1*150***11:B:1*Y*A*Y*Y**AA:::TX",
    "DTP*439*D8*20251230",
    "REF*G1*AUTH1",
    "HI*ABK:S0100XA*ABF:V4352XA",
    "NM1*DN*1*REFER*RITA****XX*1234567893",
    "LX*1",
    "SV1*HC:99283:25*150*UN*1***1:2**Y",
    "DTP*472*RD8*20260101-20260102",
    "REF*6R*L1",
    "LIN**N4*00002143380",
    "CTP****2.5*ML",
]


def professional(body: list[str]) -> str:
    return interchange(
        transaction_set("837", "0001", body, "005010X222A1"),
        functional_id="HC",
        version="005010X222A1",
    )


def test_a_dependant_claim_carries_its_patient_and_hierarchy() -> None:
    sets, doc = parse(professional(HEADER + DEPENDANT + CLAIM))
    assert [f.message for f in doc.findings] == []
    (claim,) = sets[0]["claims"]
    assert sets[0]["submitter"]["email"] == "EDI@EXAMPLE.COM"
    assert claim["billing_provider"]["taxonomy"] == "207Q00000X"
    assert claim["billing_provider"]["address"]["postal_code"] == "750011234"
    assert claim["subscriber"] == {
        "member_id": "M1",
        "last_name": "DOE",
        "first_name": "ANN",
        "group_number": "GRP1",
        "claim_filing_indicator": "CI",
        "payer_responsibility": "P",
    }
    assert claim["patient"]["relationship"] == "19"
    assert claim["patient"]["birth_date"] == "2015-03-10"
    assert claim["payer"] == {"name": "PAYER", "payer_id": "P1"}
    assert (claim["related_causes"], claim["accident_state"]) == (["AA"], "TX")
    assert claim["accident_date"] == "2025-12-30"
    assert claim["prior_authorization"] == "AUTH1"
    assert claim["diagnoses"] == ["S0100XA", "V4352XA"]
    assert claim["referring_provider"]["npi"] == "1234567893"
    (line,) = claim["service_lines"]
    assert line == {
        "procedure_code": "99283",
        "modifiers": ["25"],
        "charge": "150",
        "units": "1",
        "unit_type": "UN",
        "diagnosis_pointers": [1, 2],
        "service_date": "2026-01-01",
        "service_date_end": "2026-01-02",
        "line_control_number": "L1",
        "emergency": True,
        "drug": {"ndc": "00002143380", "quantity": "2.5", "unit": "ML"},
    }


def test_a_claim_the_models_refuse_is_kept_and_named_without_personal_data() -> None:
    bad = [s.replace("NM1*IL*1*DOE*ANN****MI*M1", "NM1*IL*1*DOE*ANN") for s in DEPENDANT]
    sets, doc = parse(professional(HEADER + bad + CLAIM))
    (claim,) = sets[0]["claims"]
    assert "member_id" not in claim["subscriber"]
    (finding,) = [f for f in doc.findings if f.source == "CLAIM"]
    assert not finding.is_error
    assert (finding.location.segment_id, finding.location.loop) == ("CLM", "2300")
    assert "subscriber.member_id" in finding.message
    assert "DOE" not in finding.message and "ANN" not in finding.message


def test_summary_counts_the_hierarchy() -> None:
    text = professional(
        HEADER
        + DEPENDANT
        + CLAIM
        + [
            "CLM*C2*20***11:B:1*Y*A*Y*Y",
            "HI*ABK:R05",
            "LX*1",
            "SV1*HC:99211*20*UN*1***1",
            "DTP*472*D8*20260101",
        ]
    )
    lines = list(Document(io.BytesIO(text.encode()), name="c.x12").summary())
    assert lines[-1] == (
        "  1 billing provider(s), 1 subscriber(s), 1 patient(s), 2 claim(s), "
        "2 service line(s); total charges 170"
    )
