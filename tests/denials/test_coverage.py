"""Acceptance (issue 18): the mapping covers every CARC and RARC code seen in the shared corpus
and written by the simulator, and the check fails naming each code that is not mapped.

Corpus codes come from every 835 of the shared corpus read with the project's own 835 reader
(claim and line CAS, LQ*HE, MOA and MIA remarks). Some corpus files mask their codes (``X``,
``XXX``, ``X999``) or carry placeholders (``reason_code``, ``remark_code1``, MOA remarks ``3``
and ``4`` in a synthetic all-segments sample): a value without the shape of a CARC (1-3 digits
or a letter and 1-2 digits) or of a RARC (M, MA or N and digits) is not a code and is left
out. Simulator codes come from running its own adjudication and 277CA answers on a claim,
with its default rules: nothing is copied from it.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from importlib import resources

from edi.model.denials import DenialMapping, denial_mapping, load_mapping
from edi.model.remittance.claims import ClaimPayment
from edi.simulator.acknowledge import ACCEPTED, ClaimVerdict, claim_status
from edi.simulator.adjudicate import Terms, adjudicate
from edi.simulator.rules import ClaimAckRules, RemittanceRules
from edi.simulator.submitted import CodedElement, Member, Party, SubmittedClaim, SubmittedLine
from edi.x12.findings import Findings
from parsers.era835 import iter_claims
from tests.conftest import corpus_dir

CARC_SHAPE = re.compile(r"(?:[1-9][0-9]{0,2}|[A-Z][0-9]{1,2})")
RARC_SHAPE = re.compile(r"(?:M|MA|N)[1-9][0-9]{0,3}")

# (code list, CAS group or "", code) -> where it was seen
Seen = dict[tuple[str, str, str], set[str]]


def codes_of(claim: ClaimPayment, where: str, seen: Seen) -> None:
    """Every CARC (with its group) and RARC of one claim payment."""
    adjustments = list(claim.adjustments)
    remarks = []
    for part in (claim.inpatient, claim.outpatient):
        if part is not None:
            remarks += part.remarks
    for line in claim.services:
        adjustments += line.adjustments
        remarks += [r for r in line.remarks if r.qualifier == "HE"]
    for adjustment in adjustments:
        if CARC_SHAPE.fullmatch(adjustment.reason):
            seen.setdefault(("CARC", adjustment.group, adjustment.reason), set()).add(where)
    for remark in remarks:
        if RARC_SHAPE.fullmatch(remark.code):
            seen.setdefault(("RARC", "", remark.code), set()).add(where)


def unmapped_codes(seen: Seen, mapping: DenialMapping) -> list[str]:
    """Each code the mapping does not know, with where it was seen."""
    problems = []
    for (code_list, group, code), places in sorted(seen.items()):
        known = mapping.carc(group, code) if code_list == "CARC" else mapping.rarcs.get(code)
        if known is None:
            label = f"{group}-{code}" if group else code
            problems.append(f"{code_list} {label} ({', '.join(sorted(places))})")
    return problems


def test_every_carc_and_rarc_of_the_shared_corpus_is_mapped() -> None:
    folder = corpus_dir() / "835"
    seen: Seen = {}
    for path in sorted(p for p in folder.iterdir() if p.is_file()):
        for claim in iter_claims(path, Findings(path.name)):
            codes_of(claim, path.name, seen)
    carcs = {code for (kind, _, code) in seen if kind == "CARC"}
    rarcs = {code for (kind, _, code) in seen if kind == "RARC"}
    assert len(carcs) >= 20 and len(rarcs) >= 5, "the corpus 835s were not read"
    assert unmapped_codes(seen, denial_mapping()) == []


def _line(number: int) -> SubmittedLine:
    code = CodedElement(1, 2, "235", "99213")
    service = (date(2026, 1, 5), date(2026, 1, 5))
    return SubmittedLine("SV1", 10 + number, ("HC", "99213"), code, Decimal("100.00"), "1", service)


def _claim() -> SubmittedClaim:
    payer = Party("PAYER", "", "PI", "PAYER01")
    return SubmittedClaim(
        claim_id="C1",
        charge=Decimal("250.00"),  # 50.00 above the lines: a claim-level adjustment too
        position=8,
        facility=CodedElement(5, 1, "1331", "11"),
        frequency="1",
        institutional=False,
        payer_sequence="P",
        filing_indicator="CI",
        billing=Party("CLINIC", "", "XX", "1234567893"),
        payer=payer,
        subscriber=Member("SECRETNAME", "SECRETFIRST", "SECRETMEMBER"),
        patient=None,
        diagnosis_position=9,
        diagnosis=CodedElement(1, 2, "1271", "J20.9"),
        service=(date(2026, 1, 5), date(2026, 1, 5)),
        lines=(_line(1), _line(2)),
        received=date(2026, 1, 15),
    )


def _simulated_payments() -> Iterable[ClaimPayment]:
    """Every kind of 835 claim payment the simulator writes under its default rules."""
    rules = RemittanceRules()
    claim = _claim()
    yield adjudicate(claim, Terms("paid_in_full"), "ICN1")
    yield adjudicate(
        claim,
        Terms("partially_paid", Decimal("0.8"), Decimal("30"), copay=Decimal("20")),
        "ICN2",
    )
    yield adjudicate(
        claim,
        Terms("partially_paid", Decimal("0.8"), coinsurance=rules.coinsurance_rate),
        "ICN3",
    )
    for denial in rules.denials:
        yield adjudicate(claim, Terms("denied", Decimal(0), denial=denial), "ICN4")
    for denial in rules.line_denials:  # one line of a partially paid claim
        terms = Terms("partially_paid", Decimal("0.8"), line_denial=(1, denial))
        yield adjudicate(claim, terms, "ICN5")


def test_every_carc_and_rarc_the_simulator_writes_is_mapped() -> None:
    seen: Seen = {}
    for payment in _simulated_payments():
        codes_of(payment, "simulator 835", seen)
    expected = {("CARC", "CO", "45"), ("CARC", "PR", "1"), ("CARC", "PR", "2")}
    expected |= {("CARC", "PR", "3")}
    for denial in (*RemittanceRules().denials, *RemittanceRules().line_denials):
        expected.add(("CARC", denial.group, denial.carc))
        if denial.rarc:
            expected.add(("RARC", "", denial.rarc))
    assert set(seen) == expected  # the simulation above reached every code it can write
    assert unmapped_codes(seen, denial_mapping()) == []
    # A simulator denial must be a denial here, with a RARC that says something about it.
    mapping = denial_mapping()
    for denial in RemittanceRules().denials:
        rule = mapping.carc(denial.group, denial.carc)
        assert rule is not None and rule.action.needs_work, denial
        if denial.rarc:
            assert mapping.rarcs[denial.rarc].category is not None, denial


def test_every_277ca_status_the_simulator_writes_is_mapped() -> None:
    mapping = denial_mapping()
    claim = _claim()
    written = [ACCEPTED]
    for reason in ClaimAckRules().reasons:
        status = claim_status(ClaimVerdict(claim, reason), "", random.Random(1))
        written += [status.status, *(line.status for line in status.lines)]
    missing = [
        f"{s.category}:{s.status}"
        for s in written
        if s.category not in mapping.stc_categories
        or (s.category != ACCEPTED.category and s.status not in mapping.stc_statuses)
    ]
    assert missing == []
    rejected = [s for s in written if mapping.stc_categories[s.category].category is not None]
    assert len(rejected) == len(written) - 1


def test_the_check_names_an_unmapped_code_and_where_it_was_seen() -> None:
    text = resources.files("edi.model.denials").joinpath("mapping.toml").read_text("utf-8")
    without = "\n".join(line for line in text.splitlines() if not line.startswith('"45" ='))
    seen: Seen = {("CARC", "CO", "45"): {"a.835", "b.835"}, ("RARC", "", "N9999"): {"c.835"}}
    assert unmapped_codes(seen, load_mapping(without)) == [
        "CARC CO-45 (a.835, b.835)",
        "RARC N9999 (c.835)",
    ]
