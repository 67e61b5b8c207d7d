"""Element text to numbers, amounts, dates and times: the one place every reader turns them.

An element value comes from a file nobody vouches for, so it is judged here once, the same way
for every transaction, before anything is converted:

* digits are the ASCII ``0``-``9`` only. ``str.isdigit`` also accepts ``'²'``, ``'①'`` and the
  digits of other scripts, which ``int()`` then refuses (an exception) or silently reads;
* the number of digits is bounded before any conversion: never an ``int()`` of thousands of
  digits (Python refuses more than 4,300) nor a ``Decimal`` whose exponent asks for a
  million-digit integer. X12 counts a numeric element's length in digits, without its sign
  or decimal point, and so do the bounds here;
* R (decimal number): an optional leading ``-``, digits with at most one ``.``, at least one
  digit. No exponent, ``+``, spaces, ``NaN``, ``sNaN`` or ``Infinity``. N0 and N2 (numbers
  with 0 or 2 implied decimal places): an optional ``-`` and digits;
* money is read only when the ledger can hold it. The ledger keeps amounts as NUMERIC(14,2)
  (integer cents on SQLite): 14 digits of which 2 are decimals. So an amount has at most
  :data:`MONEY_INTEGER_DIGITS` (12) significant digits before the point and
  :data:`MONEY_FRACTION_DIGITS` (2) after it; leading zeros before the point and trailing
  zeros after it carry no value and are allowed, within the element's length (18 digits for
  data element 782, monetary amount). Anything larger would fail, or be rounded, only when
  posted; here it is refused while the file is read, so it becomes a finding at its element;
* dates are exactly CCYYMMDD (8 digits) or YYMMDD (6) and a real calendar day; times are
  HHMM, HHMMSS or HHMMSSd..d (X12 TM, 4 to 8 digits) with hours below 24, minutes and
  seconds below 60.

Every converter returns ``None`` for empty or unreadable text and never raises, whatever the
``str``. When a value is refused, the matching ``*_problem`` function says why, as the IK403
code a 999 would carry and plain words that never repeat the value (how a message may show
the value is :mod:`edi.x12.quoting`'s matter): 5 too long, 6 invalid character, 8 invalid date,
9 invalid time. An amount beyond the ledger's range is a 5: every character of it is valid, it
has more digits than the receiving system takes, and a shorter value is what the sender must
send (a 6 would send them looking for a bad character). Problem functions return ``None`` for
empty text (a missing value is the caller's matter) and for text the converter accepts.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

MAX_DIGITS: Final = 18
"""The longest numeric element of the 5010 guides: data element 782, monetary amount (R 1/18)."""
QUANTITY_DIGITS: Final = 15
"""Data element 380, quantity (R 1/15): units, counts of days and claims."""
MONEY_INTEGER_DIGITS: Final = 12
"""Significant digits before the decimal point that NUMERIC(14,2) holds."""
MONEY_FRACTION_DIGITS: Final = 2
"""Significant digits after the decimal point that NUMERIC(14,2) holds (cents)."""

TOO_LONG: Final = "5"
INVALID_CHARACTER: Final = "6"
INVALID_DATE: Final = "8"
INVALID_TIME: Final = "9"

_DECIMAL = re.compile(r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")  # [0-9]: ASCII digits only
_WHOLE = re.compile(r"-?[0-9]+")
_CENTURY_PIVOT = 69  # YYMMDD: 69-99 are 1969-1999, 00-68 are 2000-2068 (as POSIX strptime %y)
_TIME_SIZES = (4, 6, 7, 8)


@dataclass(frozen=True)
class Problem:
    """Why a value was refused: the IK403 code and plain words (never the value itself)."""

    code: str
    reason: str


def is_digits(text: str) -> bool:
    """Whether ``text`` is one or more ASCII digits and nothing else."""
    return text.isascii() and text.isdigit()


# -- whole numbers (N0) ------------------------------------------------------------------------
def whole_form(text: str) -> bool:
    """Whether ``text`` has the N0 form (an optional leading ``-``, ASCII digits), whatever
    its length; nothing is converted."""
    return _WHOLE.fullmatch(text) is not None


def count(text: str, max_digits: int = MAX_DIGITS) -> int | None:
    """Unsigned ASCII digits (a count, a control number, a pointer) as an int, or None."""
    if len(text) > max_digits or not is_digits(text):
        return None
    return int(text)


def count_problem(text: str, max_digits: int = MAX_DIGITS) -> Problem | None:
    if not text or count(text, max_digits) is not None:
        return None
    if not is_digits(text):
        return Problem(INVALID_CHARACTER, "must be digits 0-9 only")
    return Problem(TOO_LONG, f"has more than {max_digits} digits")


def whole(text: str, max_digits: int = MAX_DIGITS) -> int | None:
    """An N0 value (optional leading ``-``, ASCII digits) as an int, or None."""
    if len(text) > max_digits + 1 or not _WHOLE.fullmatch(text):
        return None
    if len(text) - (1 if text.startswith("-") else 0) > max_digits:
        return None
    return int(text)


def whole_problem(text: str, max_digits: int = MAX_DIGITS) -> Problem | None:
    if not text or whole(text, max_digits) is not None:
        return None
    if not whole_form(text):
        return Problem(INVALID_CHARACTER, "must be a whole number (digits 0-9, a leading '-')")
    return Problem(TOO_LONG, f"has more than {max_digits} digits")


def implied(text: str, places: int, max_digits: int = MAX_DIGITS) -> Decimal | None:
    """An N value with ``places`` implied decimal places (N2: ``"1050"`` is 10.50), or None."""
    value = whole(text, max_digits)
    return None if value is None else Decimal(value).scaleb(-places)


# -- decimal numbers (R) and money -------------------------------------------------------------
def decimal_form(text: str) -> bool:
    """Whether ``text`` has the R form (see the module docstring), whatever its length;
    nothing is converted."""
    return _DECIMAL.fullmatch(text) is not None


def _digits_of(text: str) -> tuple[str, str]:
    """The digits before and after the point of text that has the R form."""
    integer, _, fraction = (text[1:] if text.startswith("-") else text).partition(".")
    return integer, fraction


def decimal(text: str, max_digits: int = MAX_DIGITS) -> Decimal | None:
    """An R value as a Decimal, or None when empty, not of the R form or too long."""
    if len(text) > max_digits + 2 or not _DECIMAL.fullmatch(text):
        return None
    integer, fraction = _digits_of(text)
    if len(integer) + len(fraction) > max_digits:
        return None
    return Decimal(text)


def decimal_problem(text: str, max_digits: int = MAX_DIGITS) -> Problem | None:
    if not text or decimal(text, max_digits) is not None:
        return None
    if not decimal_form(text):
        return Problem(
            INVALID_CHARACTER, "must be a decimal number (digits 0-9, one '.', a leading '-')"
        )
    return Problem(TOO_LONG, f"has more than {max_digits} digits")


def money(text: str, max_digits: int = MAX_DIGITS) -> Decimal | None:
    """An R monetary amount the ledger can hold as a Decimal, or None (see the module
    docstring for the bound and why)."""
    value = decimal(text, max_digits)
    if value is None:
        return None
    integer, fraction = _digits_of(text)
    if len(integer.lstrip("0")) > MONEY_INTEGER_DIGITS:
        return None
    if len(fraction.rstrip("0")) > MONEY_FRACTION_DIGITS:
        return None
    return value


def money_problem(text: str, max_digits: int = MAX_DIGITS) -> Problem | None:
    if not text or money(text, max_digits) is not None:
        return None
    problem = decimal_problem(text, max_digits)
    if problem is not None:
        return problem
    integer, _ = _digits_of(text)
    if len(integer.lstrip("0")) > MONEY_INTEGER_DIGITS:
        return Problem(
            TOO_LONG,
            f"is more than an amount can be (at most {MONEY_INTEGER_DIGITS} digits before "
            "the decimal point)",
        )
    return Problem(
        TOO_LONG, f"has more than {MONEY_FRACTION_DIGITS} decimal places (amounts are in cents)"
    )


# -- dates and times ---------------------------------------------------------------------------
def _day(year: int, month: int, day: int) -> dt.date | None:
    if not (1 <= month <= 12 and 1 <= day <= 31 and year >= 1):
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:  # 30 February and the like
        return None


def date8(text: str) -> dt.date | None:
    """A CCYYMMDD date (exactly 8 ASCII digits, a real calendar day), or None."""
    if len(text) != 8 or not is_digits(text):
        return None
    return _day(int(text[:4]), int(text[4:6]), int(text[6:]))


def date6(text: str) -> dt.date | None:
    """A YYMMDD date (exactly 6 ASCII digits, a real calendar day), or None. Years 69-99
    are 1969-1999 and 00-68 are 2000-2068, as ``strptime``'s ``%y``."""
    if len(text) != 6 or not is_digits(text):
        return None
    year = int(text[:2])
    year += 1900 if year >= _CENTURY_PIVOT else 2000
    return _day(year, int(text[2:4]), int(text[4:]))


def date(text: str) -> dt.date | None:
    """A DT value of either length: CCYYMMDD (8 digits) or YYMMDD (6), or None."""
    return date8(text) if len(text) == 8 else date6(text)


def date_problem(text: str, sizes: tuple[int, ...] = (8,)) -> Problem | None:
    """Why ``text`` is not a date of one of ``sizes`` (8 CCYYMMDD, 6 YYMMDD)."""
    if not text:
        return None
    size = len(text)
    if size in sizes and (date8(text) if size == 8 else date6(text)) is not None:
        return None
    form = " or ".join("CCYYMMDD" if s == 8 else "YYMMDD" for s in sizes)
    return Problem(INVALID_DATE, f"is not a valid date ({form})")


def date_range(text: str) -> tuple[dt.date, dt.date] | None:
    """An RD8 range ``CCYYMMDD-CCYYMMDD`` as (first, last), or None."""
    if len(text) != 17 or text[8] != "-":
        return None
    first, last = date8(text[:8]), date8(text[9:])
    return None if first is None or last is None else (first, last)


def time(text: str, max_length: int = 8) -> dt.time | None:
    """A TM value: HHMM, HHMMSS or HHMMSSd..d (up to ``max_length`` digits), or None."""
    size = len(text)
    if size > max_length or size not in _TIME_SIZES or not is_digits(text):
        return None
    hours, minutes = int(text[:2]), int(text[2:4])
    seconds = int(text[4:6]) if size >= 6 else 0
    if hours > 23 or minutes > 59 or seconds > 59:
        return None
    fraction = text[6:]
    micro = int(fraction) * 10 ** (6 - len(fraction)) if fraction else 0
    return dt.time(hours, minutes, seconds, micro)


def time_problem(text: str, max_length: int = 8) -> Problem | None:
    if not text or time(text, max_length) is not None:
        return None
    forms = "HHMM" if max_length < 6 else "HHMM, HHMMSS or HHMMSSd..d"
    return Problem(INVALID_TIME, f"is not a valid time ({forms})")
