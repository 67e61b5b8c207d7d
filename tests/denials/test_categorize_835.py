"""835 claim payments: category, next action and amount at stake from CLP02, CAS and RARCs."""

from __future__ import annotations

from decimal import Decimal

import pytest

from edi.model.denials import (
    Action,
    Category,
    CodeList,
    Verdict,
    categorize_claim_payment,
)
from tests.denials.remits import read_claim

D = Decimal
C = Category
A = Action


def verdict_of(clp: str, *rest: str) -> Verdict | None:
    return categorize_claim_payment(read_claim(clp, *rest))


def outcome(verdict: Verdict | None) -> tuple[Category, Action, Decimal] | None:
    return None if verdict is None else (verdict.category, verdict.action, verdict.amount_at_stake)


def reasons(verdict: Verdict | None) -> list[tuple[str, str | None, str, object, str, bool]]:
    assert verdict is not None
    return [
        (r.code_list.value, r.group, r.code, r.category, r.action.value, r.rule.mapped)
        for r in verdict.reasons
    ]


# One line of 100.00 adjusted by the CAS given; the claim's CLP04 is whatever is left.
FAMILIES = [
    ("deductible", "CAS*PR*1*30.00", (C.PATIENT_RESPONSIBILITY, A.BILL_PATIENT, D("30.00"))),
    ("coinsurance", "CAS*PR*2*20.00", (C.PATIENT_RESPONSIBILITY, A.BILL_PATIENT, D("20.00"))),
    ("copay", "CAS*PR*3*15.00", (C.PATIENT_RESPONSIBILITY, A.BILL_PATIENT, D("15.00"))),
    ("contractual", "CAS*CO*45*25.00", (C.NONCOVERED_CONTRACTUAL, A.NONE, D("25.00"))),
    ("missing info", "CAS*CO*16*100.00", (C.MISSING_INFORMATION, A.CORRECT_AND_RESUBMIT, D(100))),
    ("timely filing", "CAS*CO*29*100.00", (C.TIMELY_FILING, A.APPEAL, D("100.00"))),
    ("duplicate", "CAS*CO*18*100.00", (C.DUPLICATE, A.NONE, D("100.00"))),
    ("other payer", "CAS*CO*22*100.00", (C.COORDINATION_OF_BENEFITS, A.BILL_NEXT_PAYER, D(100))),
    ("prior payer", "CAS*OA*23*60.00", (C.COORDINATION_OF_BENEFITS, A.NONE, D("60.00"))),
    ("necessity", "CAS*CO*50*100.00", (C.MEDICAL_NECESSITY, A.APPEAL, D("100.00"))),
    ("non-covered", "CAS*CO*96*100.00", (C.NONCOVERED_CONTRACTUAL, A.WRITE_OFF, D("100.00"))),
    ("not in plan", "CAS*CO*204*100.00", (C.NONCOVERED_CONTRACTUAL, A.WRITE_OFF, D("100.00"))),
    ("plan on patient", "CAS*PR*204*100.00", (C.NONCOVERED_CONTRACTUAL, A.BILL_PATIENT, D(100))),
    ("auth absent", "CAS*CO*197*100.00", (C.AUTHORIZATION_REFERRAL, A.APPEAL, D("100.00"))),
    ("auth number", "CAS*CO*15*100.00", (C.AUTHORIZATION_REFERRAL, A.CORRECT_AND_RESUBMIT, D(100))),
    ("ended", "CAS*CO*27*100.00", (C.ELIGIBILITY_REGISTRATION, A.BILL_NEXT_PAYER, D("100.00"))),
    ("ended, PR", "CAS*PR*27*100.00", (C.ELIGIBILITY_REGISTRATION, A.BILL_PATIENT, D("100.00"))),
    (
        "not insured",
        "CAS*CO*31*100.00",
        (C.ELIGIBILITY_REGISTRATION, A.CORRECT_AND_RESUBMIT, D(100)),
    ),
    ("wrong payer", "CAS*CO*109*100.00", (C.ELIGIBILITY_REGISTRATION, A.BILL_NEXT_PAYER, D(100))),
    ("modifier", "CAS*CO*4*100.00", (C.CODING_BUNDLING, A.CORRECT_AND_RESUBMIT, D("100.00"))),
    ("diagnosis", "CAS*CO*11*100.00", (C.CODING_BUNDLING, A.CORRECT_AND_RESUBMIT, D("100.00"))),
    ("bundled", "CAS*CO*97*100.00", (C.CODING_BUNDLING, A.CORRECT_AND_RESUBMIT, D("100.00"))),
    ("qualifying", "CAS*CO*B15*100.00", (C.CODING_BUNDLING, A.CORRECT_AND_RESUBMIT, D("100.00"))),
    # Under CO the provider is liable: a deductible coded CO is written off, never billed.
    ("CO deductible", "CAS*CO*1*30.00", (C.PATIENT_RESPONSIBILITY, A.WRITE_OFF, D("30.00"))),
    ("unknown CARC", "CAS*CO*999*100.00", (C.OTHER, A.REVIEW, D("100.00"))),
]


@pytest.mark.parametrize(
    ("cas", "expected"), [f[1:] for f in FAMILIES], ids=[f[0] for f in FAMILIES]
)
def test_each_rule_family(cas: str, expected: tuple[Category, Action, Decimal]) -> None:
    found = verdict_of("CLP*C1*1*100.00*0*0*12*ICN1", "SVC*HC:99213*100.00*0**1", cas)
    assert outcome(found) == expected


def test_reasons_list_every_code_with_its_group_and_effective_action() -> None:
    found = verdict_of(
        "CLP*C1*1*100.00*50.00*30.00*12*ICN1",
        "SVC*HC:99213*100.00*50.00**1",
        "CAS*CO*45*20.00",
        "CAS*PR*1*10.00**2*20.00",
    )
    assert outcome(found) == (C.PATIENT_RESPONSIBILITY, A.BILL_PATIENT, D("30.00"))
    assert reasons(found) == [
        ("CLP02", None, "1", None, "none", True),
        ("CARC", "CO", "45", C.NONCOVERED_CONTRACTUAL, "none", True),
        ("CARC", "PR", "1", C.PATIENT_RESPONSIBILITY, "bill_patient", True),
        ("CARC", "PR", "2", C.PATIENT_RESPONSIBILITY, "bill_patient", True),
    ]


def test_a_line_rarc_refines_a_generic_carc() -> None:
    found = verdict_of(
        "CLP*C1*4*100.00*0**12*ICN1",
        "SVC*HC:99213*100.00*0**1",
        "CAS*CO*16*100.00",
        "LQ*HE*N1",  # appeal rights: informational, refines nothing
        "LQ*HE*M62",  # authorization code missing: decides
        "LQ*HE*MA130",
    )
    assert outcome(found) == (C.AUTHORIZATION_REFERRAL, A.CORRECT_AND_RESUBMIT, D("100.00"))
    assert reasons(found)[1:] == [
        ("CARC", "CO", "16", C.AUTHORIZATION_REFERRAL, "correct_and_resubmit", True),
        ("RARC", None, "N1", None, "none", True),
        ("RARC", None, "M62", C.AUTHORIZATION_REFERRAL, "correct_and_resubmit", True),
        ("RARC", None, "MA130", C.MISSING_INFORMATION, "correct_and_resubmit", True),
    ]


def test_an_moa_remark_refines_a_claim_level_carc() -> None:
    found = verdict_of(
        "CLP*C1*4*100.00*0**12*ICN1",
        "CAS*CO*16*100.00",
        "MOA***N30",
        "SVC*HC:99213*100.00*100.00**1",
    )
    assert outcome(found) == (C.ELIGIBILITY_REGISTRATION, A.REVIEW, D("100.00"))


def test_a_specific_carc_is_not_refined_by_its_rarc() -> None:
    found = verdict_of(
        "CLP*C1*4*100.00*0**12*ICN1",
        "SVC*HC:99213*100.00*0**1",
        "CAS*CO*50*100.00",
        "LQ*HE*M62",
    )
    assert outcome(found) == (C.MEDICAL_NECESSITY, A.APPEAL, D("100.00"))


def test_ncpdp_reject_codes_in_lq_rx_are_not_rarcs() -> None:
    found = verdict_of(
        "CLP*C1*4*100.00*0**12*ICN1",
        "SVC*HC:99213*100.00*0**1",
        "CAS*CO*16*100.00",
        "LQ*RX*M62",
    )
    assert found is not None
    assert outcome(found) == (C.MISSING_INFORMATION, A.CORRECT_AND_RESUBMIT, D("100.00"))
    assert [r.code_list for r in found.reasons] == [CodeList.CLP02, CodeList.CARC]


def test_provider_work_outranks_a_larger_patient_share_and_contractual_amount() -> None:
    found = verdict_of(
        "CLP*C1*1*500.00*60.00*40.00*12*ICN1",
        "SVC*HC:99213*300.00*0**1",
        "CAS*CO*45*200.00",
        "CAS*PR*2*40.00",
        "CAS*CO*50*60.00",
        "SVC*HC:99214*200.00*60.00**1",
        "CAS*CO*50*140.00",
    )
    # CO-50 on both lines adds up (60 + 140); it outranks PR-2 (40) and CO-45 (200).
    assert outcome(found) == (C.MEDICAL_NECESSITY, A.APPEAL, D("200.00"))


def test_within_a_tier_the_larger_amount_decides_and_ties_go_to_the_first() -> None:
    larger = verdict_of(
        "CLP*C1*4*100.00*0**12*ICN1",
        "SVC*HC:99213*100.00*0**1",
        "CAS*CO*29*40.00",
        "CAS*CO*50*60.00",
    )
    assert outcome(larger) == (C.MEDICAL_NECESSITY, A.APPEAL, D("60.00"))
    tie = verdict_of(
        "CLP*C1*4*100.00*0**12*ICN1",
        "SVC*HC:99213*100.00*0**1",
        "CAS*CO*29*50.00",
        "CAS*CO*50*50.00",
    )
    assert outcome(tie) == (C.TIMELY_FILING, A.APPEAL, D("50.00"))


def test_a_forwarded_claim_waits_for_the_next_payer() -> None:
    found = verdict_of(
        "CLP*C1*19*100.00*80.00*20.00*12*ICN1",
        "SVC*HC:99213*100.00*80.00**1",
        "CAS*PR*2*20.00",
    )
    assert outcome(found) == (C.PATIENT_RESPONSIBILITY, A.NONE, D("20.00"))


@pytest.mark.parametrize(
    ("clp", "expected"),
    [
        ("CLP*C1*22*-100.00*-80.00**12*ICN1", None),  # reversal
        ("CLP*C1*25*100.00*0**12*ICN1", None),  # predetermination
        ("CLP*C1*1*100.00*100.00**12*ICN1", None),  # paid in full
        ("CLP*C1*4*100.00*0**12*ICN1", (C.OTHER, A.REVIEW, D("100.00"))),  # denied, no reason
    ],
    ids=["reversal", "predetermination", "paid", "denied without CAS"],
)
def test_claim_status_frames_a_claim_without_adjustments(
    clp: str, expected: tuple[Category, Action, Decimal] | None
) -> None:
    assert outcome(verdict_of(clp)) == expected


def test_a_reversal_is_never_an_item_even_with_its_negated_adjustments() -> None:
    found = verdict_of(
        "CLP*C1*22*-100.00*0**12*ICN1",
        "SVC*HC:99213*-100.00*0**1",
        "CAS*CO*50*-100.00",
    )
    assert found is None


def test_unmapped_codes_are_listed() -> None:
    found = verdict_of(
        "CLP*C1*4*100.00*0**12*ICN1",
        "SVC*HC:99213*100.00*0**1",
        "CAS*CO*999*100.00",
        "LQ*HE*N9999",
    )
    assert found is not None
    assert [(r.code_list.value, r.code) for r in found.unmapped] == [
        ("CARC", "999"),
        ("RARC", "N9999"),
    ]


def test_an_unknown_claim_status_lets_the_adjustments_decide() -> None:
    claim = read_claim("CLP*C1*1*100.00*0**12*ICN1", "SVC*HC:99213*100.00*0**1", "CAS*CO*50*100.00")
    found = categorize_claim_payment(claim.model_copy(update={"status_code": "99"}))
    assert outcome(found) == (C.MEDICAL_NECESSITY, A.APPEAL, D("100.00"))
    assert found is not None
    assert [(r.code_list.value, r.code) for r in found.unmapped] == [("CLP02", "99")]
