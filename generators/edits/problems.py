"""Problem: one reason a claim is refused, with the claim id and the path of the field."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """``path`` is the field in the claim input (``service_lines[1].charge``, 0-based)."""

    claim_id: str
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        return f"claim {self.claim_id}: {where}{self.message}"


class ProblemList:
    """Collects the problems of one claim."""

    __slots__ = ("claim_id", "problems")

    def __init__(self, claim_id: str) -> None:
        self.claim_id = claim_id
        self.problems: list[Problem] = []

    def add(self, path: str, message: str) -> None:
        self.problems.append(Problem(self.claim_id, path, message))
