"""The words of denial work: our categories, the next actions, and one mapping rule.

Categories and actions are x12flow's own vocabulary (issue 18), not X12 code lists: a biller
sorts a worklist by them. Their words go next to the value in text and JSON output.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Category(StrEnum):
    """Why a claim was rejected, denied or paid less than billed."""

    ELIGIBILITY_REGISTRATION = "eligibility_registration"
    AUTHORIZATION_REFERRAL = "authorization_referral"
    CODING_BUNDLING = "coding_bundling"
    MEDICAL_NECESSITY = "medical_necessity"
    TIMELY_FILING = "timely_filing"
    DUPLICATE = "duplicate"
    COORDINATION_OF_BENEFITS = "coordination_of_benefits"
    MISSING_INFORMATION = "missing_information"
    NONCOVERED_CONTRACTUAL = "noncovered_contractual"
    PATIENT_RESPONSIBILITY = "patient_responsibility"
    OTHER = "other"

    @property
    def description(self) -> str:
        """The category in words."""
        return _CATEGORY_WORDS[self]


class Action(StrEnum):
    """What the biller does next about a claim."""

    CORRECT_AND_RESUBMIT = "correct_and_resubmit"
    APPEAL = "appeal"
    BILL_NEXT_PAYER = "bill_next_payer"
    BILL_PATIENT = "bill_patient"
    WRITE_OFF = "write_off"
    REVIEW = "review"
    NONE = "none"

    @property
    def description(self) -> str:
        """The action in words."""
        return _ACTION_WORDS[self]

    @property
    def needs_work(self) -> bool:
        """False only for :attr:`NONE`: every other action is a task for someone."""
        return self is not Action.NONE


_CATEGORY_WORDS = {
    Category.ELIGIBILITY_REGISTRATION: "eligibility and registration",
    Category.AUTHORIZATION_REFERRAL: "authorization and referral",
    Category.CODING_BUNDLING: "coding and bundling",
    Category.MEDICAL_NECESSITY: "medical necessity",
    Category.TIMELY_FILING: "timely filing",
    Category.DUPLICATE: "duplicate",
    Category.COORDINATION_OF_BENEFITS: "coordination of benefits",
    Category.MISSING_INFORMATION: "missing or invalid information",
    Category.NONCOVERED_CONTRACTUAL: "non-covered or contractual",
    Category.PATIENT_RESPONSIBILITY: "patient responsibility (deductible, coinsurance, copay)",
    Category.OTHER: "other",
}

_ACTION_WORDS = {
    Action.CORRECT_AND_RESUBMIT: "correct and resubmit",
    Action.APPEAL: "appeal",
    Action.BILL_NEXT_PAYER: "bill the next (or the right) payer",
    Action.BILL_PATIENT: "bill the patient",
    Action.WRITE_OFF: "write off",
    Action.REVIEW: "review: a person decides",
    Action.NONE: "none",
}


@dataclass(frozen=True, slots=True)
class Rule:
    """What one code means for denial work.

    ``category`` is None for a code that denies nothing by itself: an informational RARC, an
    accepted or pending 277 status, an accepted 999 set. ``refine`` marks a generic CARC (16,
    96, 125, 252, A1) whose RARC says more: the first RARC with a category replaces the rule.
    ``mapped`` is False for the rule given to a code the mapping does not know.
    """

    category: Category | None
    action: Action
    note: str
    refine: bool = False
    mapped: bool = True


UNMAPPED = Rule(
    Category.OTHER,
    Action.REVIEW,
    "not in the denial mapping: a person looks at it (add it to the mapping)",
    mapped=False,
)
"""The rule of an unknown code. A biller expects an unknown reason to reach a person, not to
disappear as "nothing to do": other, review."""
