"""Findings: problems reported as data, with an X12 code and a location."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from edi.x12.location import Location


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem. ``source`` names the X12 code list (IK304, IK403, IK502, AK905, TA105) or a
    project rule family (BALANCE, READ); ``code`` is the value a 999/TA1 would carry."""

    severity: Severity
    source: str
    code: str
    message: str
    location: Location = field(default_factory=Location)
    details: dict[str, Any] | None = None

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def __str__(self) -> str:
        return f"{self.location}: {self.severity.value} {self.source}-{self.code}: {self.message}"

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "severity": self.severity.value,
            "source": self.source,
            "code": self.code,
            "message": self.message,
            "location": self.location.to_json(),
        }
        if self.details:
            out["details"] = {
                k: (str(v) if not isinstance(v, (int, bool, type(None))) else v)
                for k, v in self.details.items()
            }
        return out


LISTED_PER_CODE = 100
"""Findings listed in full per (source, code); the rest are counted. A broken file can carry a
problem in every one of its segments: a list per bad segment would grow with the file, while
the first hundred of a kind show the pattern and where it starts."""


class Findings:
    """An ordered collection of findings for one file.

    The first :attr:`limit` findings of each (source, code) are kept; later ones are counted,
    and iterating ends with one closing finding that says how many were not listed. ``has_errors``
    counts the unlisted ones too.
    """

    def __init__(self, file: str | None = None, limit: int = LISTED_PER_CODE) -> None:
        self.file = file
        self.limit = limit
        self._items: list[Finding] = []
        self._listed: dict[tuple[str, str], int] = {}
        self._unlisted: dict[tuple[str, str], int] = {}
        self._unlisted_errors = 0

    def add(self, finding: Finding) -> Finding:
        key = (finding.source, finding.code)
        listed = self._listed.get(key, 0)
        if listed < self.limit:
            self._listed[key] = listed + 1
            self._items.append(finding)
        else:
            self._count_unlisted(key, finding.severity)
        return finding

    def omit(self, severity: Severity, source: str, code: str) -> None:
        """Count a finding that is known to be past the limit of its code, without making it
        (a caller holding findings back can then drop the ones that would not be listed)."""
        self._count_unlisted((source, code), severity)

    def _count_unlisted(self, key: tuple[str, str], severity: Severity) -> None:
        self._unlisted[key] = self._unlisted.get(key, 0) + 1
        if severity is Severity.ERROR:
            self._unlisted_errors += 1

    def extend(self, findings: Iterable[Finding]) -> None:
        for finding in findings:
            self.add(finding)

    def report(
        self,
        severity: Severity,
        source: str,
        code: str,
        message: str,
        location: Location | None = None,
        **details: Any,
    ) -> Finding:
        loc = location or Location(file=self.file)
        return self.add(Finding(severity, source, code, message, loc, details or None))

    def error(
        self, source: str, code: str, message: str, location: Location | None = None, **details: Any
    ) -> Finding:
        return self.report(Severity.ERROR, source, code, message, location, **details)

    def warning(
        self, source: str, code: str, message: str, location: Location | None = None, **details: Any
    ) -> Finding:
        return self.report(Severity.WARNING, source, code, message, location, **details)

    def mark(self) -> int:
        """Where the listed findings stand now; :meth:`since` gives those listed after."""
        return len(self._items)

    def since(self, mark: int) -> list[Finding]:
        return self._items[mark:]

    @property
    def unlisted(self) -> int:
        """How many findings were counted but not listed."""
        return sum(self._unlisted.values())

    def closing(self) -> Finding | None:
        """The finding that tells how many were not listed, per code (None when all were)."""
        return closing_count(self._unlisted, self._unlisted_errors, self)

    def __iter__(self) -> Iterator[Finding]:
        yield from self._items
        closing = self.closing()
        if closing is not None:
            yield closing

    def __len__(self) -> int:
        return len(self._items) + (1 if self._unlisted else 0)

    @property
    def total(self) -> int:
        """Every finding made, listed or not."""
        return len(self._items) + self.unlisted

    @property
    def error_count(self) -> int:
        """Every error finding made, listed or not (the closing finding not counted)."""
        return sum(1 for f in self._items if f.is_error) + self._unlisted_errors

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self if f.is_error]

    @property
    def has_errors(self) -> bool:
        return self._unlisted_errors > 0 or any(f.is_error for f in self._items)


def closing_count(
    unlisted: dict[tuple[str, str], int], errors: int, findings: Findings
) -> Finding | None:
    """The finding that tells how many of ``findings`` were not listed: ``unlisted`` per
    (source, code), ``errors`` of them errors (None when there are none)."""
    if not unlisted:
        return None
    counts = sorted(unlisted.items(), key=lambda item: (-item[1], item[0]))
    parts = [f"{n:,} more {source}-{code}" for (source, code), n in counts]
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return Finding(
        Severity.ERROR if errors else Severity.WARNING,
        "READ",
        "unlisted",
        f"… and {listed} findings not listed (the first {findings.limit} of each code are)",
        Location(file=findings.file),
        {f"{source}-{code}": n for (source, code), n in counts},
    )
