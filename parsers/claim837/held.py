"""Findings held back until the 2000A they belong to closes.

A billing provider's findings are listed in a fixed order: its occurrence problems, then its
element problems, then its HL and LX numbering, then the claims the input models refuse. Its
subscriber loops are checked as each one closes, so their findings wait here, per kind, and are
released into the file's findings when the 2000A closes. Like the file's findings, a buffer keeps
the first ``limit`` findings of each code and only counts the rest: those could not be listed
anyway, since at least ``limit`` of their code come before them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from edi.x12.findings import LISTED_PER_CODE, Findings, Severity


class HeldFindings(Findings):
    """Findings kept in order until :meth:`release` adds them to the file's findings (it is
    written to like any :class:`Findings`, whose per-code limit it shares; what it holds is read
    only by releasing it)."""

    def __init__(self, file: str | None = None, limit: int = LISTED_PER_CODE) -> None:
        super().__init__(file, limit)
        self._over: dict[tuple[Severity, str, str], int] = {}

    def _count_unlisted(self, key: tuple[str, str], severity: Severity) -> None:
        over = (severity, *key)
        self._over[over] = self._over.get(over, 0) + 1

    def release(self, into: Findings) -> None:
        """Add the held findings to ``into``, count the ones past the limit, start empty."""
        into.extend(self._items)
        for (severity, source, code), count in self._over.items():
            for _ in range(count):
                into.omit(severity, source, code)
        self._items.clear()
        self._listed.clear()
        self._over.clear()


@dataclass(slots=True)
class Held:
    """The held findings of the open 2000A, one buffer per kind (released in this order)."""

    occurs: HeldFindings = field(default_factory=HeldFindings)
    elements: HeldFindings = field(default_factory=HeldFindings)
    hierarchy: HeldFindings = field(default_factory=HeldFindings)
    claims: HeldFindings = field(default_factory=HeldFindings)

    @classmethod
    def like(cls, findings: Findings) -> Held:
        def one() -> HeldFindings:
            return HeldFindings(findings.file, findings.limit)

        return cls(one(), one(), one(), one())
