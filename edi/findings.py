"""Findings: problems reported as data, with an X12 code and a location."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from edi.location import Location


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


class Findings:
    """An ordered collection of findings for one file."""

    def __init__(self, file: str | None = None) -> None:
        self.file = file
        self._items: list[Finding] = []

    def add(self, finding: Finding) -> Finding:
        self._items.append(finding)
        return finding

    def extend(self, findings: Iterable[Finding]) -> None:
        self._items.extend(findings)

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

    def __iter__(self) -> Iterator[Finding]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self._items if f.is_error]

    @property
    def has_errors(self) -> bool:
        return any(f.is_error for f in self._items)
