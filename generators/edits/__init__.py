"""Clean-claim edits: the checks a clearinghouse front end runs before a claim is written."""

from __future__ import annotations

from datetime import date

from edi.model.claim import Claim, InstitutionalClaim
from generators.edits.institutional import edit_institutional
from generators.edits.problems import Problem, ProblemList
from generators.edits.professional import edit_professional


def edit_claim(claim: Claim, today: date) -> list[Problem]:
    """Every problem of ``claim`` (empty when it is clean)."""
    if isinstance(claim, InstitutionalClaim):
        return edit_institutional(claim, today).problems
    return edit_professional(claim, today).problems


__all__ = ["Problem", "ProblemList", "edit_claim", "edit_institutional", "edit_professional"]
