"""Denial intelligence as data (issue 18): every rejected (999, 277CA) and denied or reduced
(835) claim gets one of our categories, a next action, a deadline and a priority.

- :mod:`~edi.model.denials.terms`: the categories and actions, with their words.
- ``mapping.toml`` / :mod:`~edi.model.denials.mapping`: CLP02, CARC (by CAS group), RARC,
  277 category and status, 999 set and group codes to category and action; read once.
- :mod:`~edi.model.denials.categorize`: an 835 claim payment, a 277CA status, a 999 rejection
  to a :class:`Verdict`. An unknown code is *other*, *review*.
- :mod:`~edi.model.denials.deadlines`: appeal 120 days and corrected claim 365 days from the
  day received (capped by a filing limit of 365 days from the date of service), next payer
  90 days; per payer in configuration.
- :mod:`~edi.model.denials.priority`: amount at stake × 30 / (days left + 30).
- :mod:`~edi.model.denials.assessment`: the action still open today, its deadline, priority.

Pure library code: no ledger, no clock (``today`` is an argument), no X12 description texts.
docs/denials.md is the reference.
"""

from edi.model.denials.assessment import Assessment, assess, next_action
from edi.model.denials.categorize import (
    CodeList,
    Reason,
    Verdict,
    categorize_adjustment,
    categorize_claim_payment,
    categorize_claim_status,
    categorize_rejected_group,
    categorize_rejected_set,
)
from edi.model.denials.deadlines import (
    DEFAULT_WINDOWS,
    DeadlineKind,
    DeadlineSettings,
    PayerWindows,
    deadline,
    deadline_kind,
)
from edi.model.denials.mapping import DenialMapping, denial_mapping, load_mapping
from edi.model.denials.priority import priority
from edi.model.denials.terms import UNMAPPED, Action, Category, Rule

__all__ = [
    "DEFAULT_WINDOWS",
    "UNMAPPED",
    "Action",
    "Assessment",
    "Category",
    "CodeList",
    "DeadlineKind",
    "DeadlineSettings",
    "DenialMapping",
    "PayerWindows",
    "Reason",
    "Rule",
    "Verdict",
    "assess",
    "categorize_adjustment",
    "categorize_claim_payment",
    "categorize_claim_status",
    "categorize_rejected_group",
    "categorize_rejected_set",
    "deadline",
    "deadline_kind",
    "denial_mapping",
    "load_mapping",
    "next_action",
    "priority",
]
