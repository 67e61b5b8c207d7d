"""277CA claim statuses and 999 rejections: category, next action and amount at stake."""

from __future__ import annotations

from decimal import Decimal

import pytest

from edi.model.denials import (
    Action,
    Category,
    Verdict,
    categorize_claim_status,
    categorize_rejected_group,
    categorize_rejected_set,
)

C = Category
A = Action
CHARGE = Decimal("250.00")


def outcome(verdict: Verdict | None) -> tuple[Category, Action, Decimal] | None:
    return None if verdict is None else (verdict.category, verdict.action, verdict.amount_at_stake)


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ([("A7", "562")], (C.MISSING_INFORMATION, A.CORRECT_AND_RESUBMIT)),  # NPI
        ([("A7", "164")], (C.ELIGIBILITY_REGISTRATION, A.CORRECT_AND_RESUBMIT)),  # member no.
        ([("A7", "255")], (C.CODING_BUNDLING, A.CORRECT_AND_RESUBMIT)),  # diagnosis code
        ([("A3", "116")], (C.ELIGIBILITY_REGISTRATION, A.BILL_NEXT_PAYER)),  # wrong payer
        ([("A6", "21")], (C.MISSING_INFORMATION, A.CORRECT_AND_RESUBMIT)),
        ([("A8", None)], (C.MISSING_INFORMATION, A.CORRECT_AND_RESUBMIT)),
        ([("A4", "35")], (C.OTHER, A.CORRECT_AND_RESUBMIT)),  # not found
        ([("E0", "24")], (C.OTHER, A.REVIEW)),  # not enrolled as an electronic submitter
        ([("R4", None)], (C.MISSING_INFORMATION, A.CORRECT_AND_RESUBMIT)),  # documentation
        ([("R9", None)], (C.MEDICAL_NECESSITY, A.CORRECT_AND_RESUBMIT)),
        ([("F2", "80")], (C.OTHER, A.REVIEW)),  # finalized denial: the 835 says why
        # The first composite with a category decides; an accepted one before it does not.
        (
            [("A1", "20"), ("A7", "164"), ("A6", "21")],
            (C.ELIGIBILITY_REGISTRATION, A.CORRECT_AND_RESUBMIT),
        ),
        # A status code the mapping does not know leaves the category's verdict.
        ([("A7", "9999")], (C.MISSING_INFORMATION, A.CORRECT_AND_RESUBMIT)),
        ([("Q9", "21")], (C.OTHER, A.REVIEW)),  # unknown category
    ],
)
def test_277_statuses_that_need_work(
    statuses: list[tuple[str, str | None]], expected: tuple[Category, Action]
) -> None:
    assert outcome(categorize_claim_status(statuses, charge=CHARGE)) == (*expected, CHARGE)


@pytest.mark.parametrize(
    "statuses",
    [[("A1", "20")], [("A2", "20")], [("A0", "16")], [("P1", None)], [("F1", "65")], []],
)
def test_277_statuses_that_deny_nothing(statuses: list[tuple[str, str | None]]) -> None:
    assert categorize_claim_status(statuses, charge=CHARGE) is None


def test_277_reasons_and_unmapped_codes() -> None:
    found = categorize_claim_status([("A7", "9999"), ("ZZ", None)], charge=CHARGE)
    assert found is not None
    assert [(r.code_list.value, r.code, r.rule.mapped) for r in found.reasons] == [
        ("STC01-1", "A7", True),
        ("STC01-2", "9999", False),
        ("STC01-1", "ZZ", False),
    ]
    assert [r.code for r in found.unmapped] == ["9999", "ZZ"]


@pytest.mark.parametrize(
    ("status", "errors", "expected"),
    [
        ("R", ["5"], (C.MISSING_INFORMATION, A.CORRECT_AND_RESUBMIT)),
        ("R", [], (C.MISSING_INFORMATION, A.CORRECT_AND_RESUBMIT)),
        ("R", ["I5"], (C.MISSING_INFORMATION, A.CORRECT_AND_RESUBMIT)),
        ("R", ["1"], (C.OTHER, A.REVIEW)),  # set not supported: trading partner setup
        ("M", ["13"], (C.OTHER, A.REVIEW)),  # security
        ("R", ["99", "4"], (C.MISSING_INFORMATION, A.CORRECT_AND_RESUBMIT)),  # first known
        ("Q", [], (C.OTHER, A.REVIEW)),  # unknown status
    ],
)
def test_999_rejected_sets(
    status: str, errors: list[str], expected: tuple[Category, Action]
) -> None:
    assert outcome(categorize_rejected_set(status, errors, charge=CHARGE)) == (*expected, CHARGE)


@pytest.mark.parametrize("status", ["A", "E"])
def test_999_accepted_sets_deny_nothing(status: str) -> None:
    assert categorize_rejected_set(status, charge=CHARGE) is None


def test_999_reasons_name_each_code() -> None:
    found = categorize_rejected_set("R", ["99", "4"], charge=CHARGE)
    assert found is not None
    assert [(r.code_list.value, r.code, r.rule.mapped) for r in found.reasons] == [
        ("IK501", "R", True),
        ("IK502", "99", False),
        ("IK502", "4", True),
    ]


@pytest.mark.parametrize(
    ("status", "errors", "expected"),
    [
        ("R", ["2"], (C.OTHER, A.REVIEW)),  # version not supported
        ("R", ["5"], (C.MISSING_INFORMATION, A.CORRECT_AND_RESUBMIT)),
        ("P", ["5"], None),  # partly accepted: the sets decide
        ("A", [], None),
    ],
)
def test_999_groups(
    status: str, errors: list[str], expected: tuple[Category, Action] | None
) -> None:
    found = outcome(categorize_rejected_group(status, errors, charge=CHARGE))
    assert found == (None if expected is None else (*expected, CHARGE))
