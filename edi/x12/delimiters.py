"""X12 delimiters: element, component, repetition separators and the segment terminator."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Delimiters:
    """The four characters that shape an interchange (taken from its ISA)."""

    element: str = "*"
    component: str = ":"
    repetition: str | None = "^"
    segment: str = "~"

    def __post_init__(self) -> None:
        chars = [self.element, self.component, self.segment]
        if self.repetition is not None:
            chars.append(self.repetition)
        if len(set(chars)) != len(chars):
            raise ValueError(f"delimiters must be distinct: {chars!r}")
        for ch in chars:
            if len(ch) != 1:
                raise ValueError(f"a delimiter is one character, not {ch!r}")
            if ch.isalnum() or ch == " ":
                raise ValueError(f"a delimiter cannot be a letter, digit or space: {ch!r}")


DEFAULT = Delimiters()
