"""What a message may show of the file it is about.

Findings, log lines and error files never carry raw bytes of a file or a whole segment. An
element value is quoted only when it has the shape of what may be quoted: a code or qualifier
(a few letters and digits), a control number, a count. Anything else is described by its length
and the kinds of characters in it ("8 digits", "13 letters"), so that a name, member ID or birth
date found where a code belongs never reaches a message. Amounts are quoted by the code that
reads them, as the Decimal it read.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from edi.x12.segment import Segment

CODE_LONGEST = 3
"""X12 code values are 1 to 3 characters (a version code such as 005010X222A1 passes its own)."""

CONTROL_LONGEST = 9
"""ISA13 has 9 digits; GS06 and ST02 at most 9 characters."""

COUNT_LONGEST = 7
"""Counts (SE01, GE01, IEA01) of up to 7 digits are quoted; a date has 8."""

VERSION_LONGEST = 12
"""Version and implementation codes: ``005010X222A1``."""

_KINDS = ("letter", "digit", "space", "punctuation", "other")
_NOUNS = {
    "letter": ("a letter", "letters"),
    "digit": ("a digit", "digits"),
    "space": ("a space", "spaces"),
    "punctuation": ("a punctuation character", "punctuation characters"),
    "other": ("a character that is not printable ASCII", "characters that are not printable ASCII"),
}


def _kind(ch: str) -> str:
    if not ch.isascii():
        return "other"
    if ch.isalpha():
        return "letter"
    if ch.isdigit():
        return "digit"
    if ch.isspace():
        return "space"
    if ch.isprintable():
        return "punctuation"
    return "other"


def _count(kind: str, n: int) -> str:
    one, many = _NOUNS[kind]
    return one if n == 1 else f"{n} {many}"


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def describe(value: str) -> str:
    """``value`` by its length and kinds of characters: "8 digits", "12 letters and digits"."""
    if not value:
        return "empty"
    present = {_kind(ch) for ch in value}
    kinds = [k for k in _KINDS if k in present]
    if len(kinds) == 1:
        return _count(kinds[0], len(value))
    words = [_NOUNS[k][1].replace(" characters", "") for k in kinds]
    if kinds[-1] == "other":
        words[-1] = "other characters"
    return f"{len(value)} {_join(words)}"


def describe_start(text: str, size: int = 4) -> str:
    """The first ``size`` characters of ``text`` as runs: "3 letters and a digit".

    Letters, digits and spaces are counted; a punctuation mark is named (one symbol tells
    nothing about a person and helps to recognise a format: ``'<'`` for XML)."""
    runs: list[str] = []
    head = text[:size]
    i = 0
    while i < len(head):
        kind = _kind(head[i])
        if kind == "punctuation":
            runs.append(repr(head[i]))
            i += 1
            continue
        j = i
        while j < len(head) and _kind(head[j]) == kind:
            j += 1
        runs.append(_count(kind, j - i))
        i = j
    return _join(runs) if runs else "nothing"


def _shown(value: str, longest: int) -> str:
    """``value`` quoted when it is at most ``longest`` ASCII letters and digits, else described."""
    if 0 < len(value) <= longest and value.isascii() and value.isalnum():
        return repr(value)
    return f"({describe(value)})"


def code(value: str, longest: int = CODE_LONGEST) -> str:
    """A code or qualifier for a message: ``'ZZ'``, or ``(8 digits)`` when it is no code's
    shape (letters and digits, at most ``longest`` of them)."""
    return _shown(value, longest)


def code_for(value: str, codes: Iterable[str]) -> str:
    """A value found where one of ``codes`` belongs: quoted when no longer than they are."""
    return code(value, max((len(c) for c in codes), default=CODE_LONGEST))


def version(value: str) -> str:
    """A version or implementation code (GS08, ST03): ``'005010X222A1'``, or its description."""
    return _shown(value, VERSION_LONGEST)


def is_control_number(value: str) -> bool:
    """Whether ``value`` has the shape of a control number: at most 9 letters and digits."""
    return 0 < len(value) <= CONTROL_LONGEST and value.isascii() and value.isalnum()


def control_number(value: str) -> str:
    """A control number (ISA13, GS06, ST02, TA101): ``'000000001'``, or its description."""
    return _shown(value.strip(), CONTROL_LONGEST)


def count(value: str) -> str:
    """A count (SE01, GE01, IEA01): ``'28'``, or its description."""
    digits = value.strip()
    return _shown(digits, COUNT_LONGEST) if digits.isdigit() else f"({describe(value)})"


def is_segment_id(value: str) -> bool:
    """Whether ``value`` has the shape of a segment ID: an upper-case letter, then one or two
    upper-case letters or digits."""
    return (
        2 <= len(value) <= 3
        and value.isascii()
        and value.isalnum()
        and value[0].isalpha()
        and value.upper() == value
    )


def segment_id(value: str) -> str:
    """A segment ID for a message: ``'ZZZ'``, or its description when it is no ID's shape."""
    return repr(value) if is_segment_id(value) else f"({describe(value)})"


def misdelimited(raw_id: str, element: str) -> tuple[str, str] | None:
    """(segment ID, separator) when ``raw_id`` is a segment ID followed by a separator other
    than ``element`` (``NM1|QC|1|…`` read with ``*``), else None."""
    for size in (2, 3):
        if len(raw_id) > size and is_segment_id(raw_id[:size]):
            sep = raw_id[size]
            if sep != element and _kind(sep) == "punctuation":
                return raw_id[:size], sep
    return None


def leading_id(text: str, element: str) -> str | None:
    """The segment ID ``text`` starts with, when an element separator (or nothing) follows it."""
    for size in (2, 3):
        if is_segment_id(text[:size]) and text[size : size + 1] in ("", element):
            return text[:size]
    return None


def safe_segment_id(value: str) -> str | None:
    """``value`` when it is a segment ID; the ID in front of a wrong separator; else None."""
    if is_segment_id(value):
        return value
    found = misdelimited(value, "")
    return found[0] if found is not None else None


def separator_mismatch(seg: Segment) -> str | None:
    """The message for a segment written with another element separator than its interchange
    declared, or None."""
    found = misdelimited(seg.elements[0], seg.delimiters.element)
    if found is None:
        return None
    seg_id, sep = found
    where = f"segment {seg.ordinal} ({seg_id})" if seg.ordinal else f"a {seg_id} segment"
    return (
        f"{where} uses {sep!r} as element separator but the ISA declared {seg.delimiters.element!r}"
    )


def unrecognized(seg: Segment) -> str:
    """Why a segment is no segment of any transaction: a wrong separator, or its ID."""
    return separator_mismatch(seg) or f"unrecognized segment ID {segment_id(seg.elements[0])}"
