"""read_claim_sets: an 837 file's claims as models, with their envelope and the positions of their
segments (what a reader of submitted claims, the payer simulator, answers from)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from edi.model.claim import InstitutionalClaim, ProfessionalClaim, ProfessionalServiceLine
from edi.x12.errors import InputError
from edi.x12.findings import Findings
from parsers.claim837 import ClaimSet, LocatedClaim, read_claim_sets
from tests.parsers.test_claim837_claims import generate, sample

ERA = Path(__file__).parent.parent / "data" / "era835" / "paid_partial_denied.x12"


def split(text: str) -> list[list[str]]:
    return [s.strip().split("*") for s in text.split("~") if s.strip()]


def set_segments(text: str) -> list[list[list[str]]]:
    """Each transaction set's segments, ST first: position p is item p - 1."""
    sets: list[list[list[str]]] = []
    inside = False
    for seg in split(text):
        if seg[0] == "ST":
            sets.append([])
            inside = True
        if inside:
            sets[-1].append(seg)
        if seg[0] == "SE":
            inside = False
    return sets


def join(segments: list[list[str]]) -> str:
    """Segments back to text, each SE01 recounted."""
    out, count = [], 0
    for seg in segments:
        count = 1 if seg[0] == "ST" else count + 1
        if seg[0] == "SE":
            seg = ["SE", str(count), *seg[2:]]
        out.append("*".join(seg) + "~")
    return "\n".join(out) + "\n"


def read(text: str) -> tuple[list[tuple[ClaimSet, list[LocatedClaim]]], Findings]:
    findings = Findings("claims.x12")
    found = [
        (claim_set, list(claim_set.claims))
        for claim_set in read_claim_sets(io.BytesIO(text.encode()), findings)
    ]
    return found, findings


@pytest.mark.parametrize("kind", ["837p", "837i"])
def test_claim_sets_carry_their_envelope_and_header(kind: str) -> None:
    text = generate(kind, sample(kind, 5, seed=2), per_set=2)
    found, findings = read(text)
    assert not findings.has_errors, [str(f) for f in findings]
    segments = split(text)
    isa = next(s for s in segments if s[0] == "ISA")
    gs = next(s for s in segments if s[0] == "GS")
    sts = [s for s in segments if s[0] == "ST"]
    bhts = [s for s in segments if s[0] == "BHT"]
    assert [cs.kind for cs, _ in found] == [kind.upper()] * 3
    assert [(cs.control_number, cs.implementation) for cs, _ in found] == [
        (st[2], st[3]) for st in sts
    ]
    assert [cs.header.batch_id for cs, _ in found] == [bht[3] for bht in bhts]
    for claim_set, _ in found:
        assert claim_set.interchange is not None
        assert claim_set.interchange.control_number == isa[13]
        assert (claim_set.group.control_number, claim_set.group.date) == (gs[6], gs[4])
        assert claim_set.header.submitter["id"] == "X12FLOW"
    assert [len(claims) for _, claims in found] == [2, 2, 1]


@pytest.mark.parametrize("kind", ["837p", "837i"])
def test_positions_point_at_the_claims_segments(kind: str) -> None:
    text = generate(kind, sample(kind, 6, seed=3), per_set=4)
    found, _ = read(text)
    for (_, claims), segments in zip(found, set_segments(text), strict=True):
        for located in claims:
            claim, at = located.claim, located.positions
            assert isinstance(claim, (ProfessionalClaim, InstitutionalClaim))
            clm = segments[at.claim - 1]
            assert clm[:2] == ["CLM", claim.patient_control_number]
            hi = segments[at.diagnosis - 1]
            principal = (
                claim.diagnoses[0]
                if isinstance(claim, ProfessionalClaim)
                else claim.principal_diagnosis.code
            )
            assert [hi[0], *hi[1].split(":")[:2]] == ["HI", "ABK", principal]
            assert len(at.lines) == len(claim.service_lines)
            for position, line in zip(at.lines, claim.service_lines, strict=True):
                service = segments[position - 1]
                if isinstance(line, ProfessionalServiceLine):
                    assert service[0] == "SV1"
                    assert service[1].split(":")[1] == line.procedure_code
                else:
                    assert service[:2] == ["SV2", line.revenue_code]
            assert at.claim < at.diagnosis < at.lines[0]


def test_the_trace_number_and_payer_qualifier_are_read_beside_the_model() -> None:
    """2300 REF*D9 and 2010BB NM108 are echoed by replies but not held by the input model."""
    segments = split(generate("837p", sample("837p", 2, seed=1)))
    first_hi = next(i for i, s in enumerate(segments) if s[0] == "HI")
    segments.insert(first_hi, ["REF", "D9", "CH-TRACE-1"])
    subscriber = next(i for i, s in enumerate(segments) if s[:4] == ["HL", "2", "1", "22"])
    payer = next(i for i, s in enumerate(segments) if i > subscriber and s[:2] == ["NM1", "PR"])
    segments[payer][8] = "XV"
    found, findings = read(join(segments))
    assert not findings.has_errors, [str(f) for f in findings]
    [(_, claims)] = found
    assert [(c.clearinghouse_trace, c.payer_qualifier) for c in claims] == [
        ("CH-TRACE-1", "XV"),
        ("", "PI"),
    ]


def test_a_claim_the_model_refuses_comes_as_the_plain_claim_with_its_positions() -> None:
    segments = split(generate("837p", sample("837p", 1, seed=1)))
    prv = next(i for i, s in enumerate(segments) if s[:2] == ["PRV", "BI"])
    segments[prv][3] = "203BF0100Y"  # an implementation guide's sample taxonomy
    text = join(segments)
    found, findings = read(text)
    assert not findings.has_errors
    assert [f.source for f in findings] == ["CLAIM"]
    [(_, [located])] = found
    assert isinstance(located.claim, dict)
    [in_set] = set_segments(text)
    clm = in_set[located.positions.claim - 1]
    assert clm[:2] == ["CLM", located.claim["patient_control_number"]]


def test_claims_not_taken_are_read_past() -> None:
    text = generate("837i", sample("837i", 7, seed=5), per_set=3)
    findings = Findings("claims.x12")
    sets = [cs.control_number for cs in read_claim_sets(io.BytesIO(text.encode()), findings)]
    assert sets == ["0001", "0002", "0003"]
    assert not findings.has_errors, [str(f) for f in findings]


def test_a_file_with_another_transaction_is_refused() -> None:
    with pytest.raises(InputError, match=r"not an 837 claim file \(found 835\)"):
        list(read_claim_sets(ERA))
