"""The one exception tree of x12flow.

    X12FlowError                 root: every exception the library raises on purpose
    ├── UnreadableInput          the bytes cannot be read as X12 at all (reading cannot go on)
    ├── ConfigError              a configuration file or option is wrong
    └── InputError               claim input (JSON, JSON Lines, YAML) cannot be read

Everything that can be reported without stopping is a :class:`edi.x12.findings.Finding` instead.
"""

from __future__ import annotations


class X12FlowError(Exception):
    """Root of every exception x12flow raises on purpose."""

    exit_code = 2

    def __init__(self, message: str, *, file: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.file = file

    def __str__(self) -> str:
        return f"{self.file}: {self.message}" if self.file else self.message


class UnreadableInput(X12FlowError):
    """The input cannot be read as X12 (no ISA and no ST, binary data, bad encoding)."""


class ConfigError(X12FlowError):
    """A configuration value is missing or wrong."""


class InputError(X12FlowError):
    """Claim input data cannot be read."""
