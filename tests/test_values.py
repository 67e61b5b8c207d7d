"""edi.x12.values: every converter over hostile text. Nothing raises, whatever the text; what is
accepted reads back to the same value; what is refused says why with an IK403 code."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from edi.ledger.submission import normal_control_number
from edi.x12 import values

# Text that looks numeric to str.isdigit(), int() or Decimal() but is not X12.
HOSTILE = [
    "²",  # superscript two: isdigit() but int() refuses it
    "①",  # circled one: isdigit() too
    "١٢",  # Arabic-Indic digits: int() reads them as 12
    "１２",  # fullwidth digits: int() reads them as 12
    "sNaN",
    "NaN",
    "-nan",
    "Infinity",
    "-Infinity",
    "inf",
    "1E+999999",
    "1e5",
    "+1",
    " 1",
    "1 ",
    "1\n",
    "1_000",
    "1,5",
    "0x1F",
    "--1",
    "-",
    ".",
    "1.2.3",
    "1" * 5000,
]

CONVERTERS: dict[str, Callable[[str], object]] = {
    "count": values.count,
    "whole": values.whole,
    "implied": lambda text: values.implied(text, 2),
    "decimal": values.decimal,
    "money": values.money,
    "date8": values.date8,
    "date6": values.date6,
    "date": values.date,
    "date_range": values.date_range,
    "time": values.time,
}
PAIRS: dict[str, tuple[Callable[[str], object], Callable[[str], values.Problem | None]]] = {
    "count": (values.count, values.count_problem),
    "whole": (values.whole, values.whole_problem),
    "decimal": (values.decimal, values.decimal_problem),
    "money": (values.money, values.money_problem),
    "date8": (values.date8, values.date_problem),
    "date6": (values.date6, lambda text: values.date_problem(text, (6,))),
    "time": (values.time, values.time_problem),
}


@pytest.mark.parametrize("text", HOSTILE)
@pytest.mark.parametrize("name", CONVERTERS)
def test_hostile_text_is_refused(name: str, text: str) -> None:
    assert CONVERTERS[name](text) is None


@pytest.mark.parametrize("name", PAIRS)
def test_empty_text_is_no_value_and_no_problem(name: str) -> None:
    read, problem = PAIRS[name]
    assert read("") is None and problem("") is None


def test_ascii_digits_only() -> None:
    assert values.is_digits("0123456789")
    assert not any(values.is_digits(t) for t in ("", "²", "①", "١", "５", "1a", " 1", "-1"))


def test_whole_numbers() -> None:
    assert values.count("007") == 7
    assert values.count("1" * 18) == int("1" * 18)
    assert values.count("1" * 19) is None
    assert values.count("123", 2) is None
    assert values.count("-1") is None
    assert values.whole("-12") == -12
    assert values.whole("-" + "9" * 18) == -int("9" * 18)  # the sign is no digit
    assert values.whole("1234567", 6) is None
    assert values.implied("1050", 2) == Decimal("10.50")
    assert values.implied("-5", 2) == Decimal("-0.05")


def test_decimal_numbers() -> None:
    assert values.decimal("1.5") == Decimal("1.5")
    assert values.decimal("-.5") == Decimal("-0.5")
    assert values.decimal("5.") == Decimal(5)
    assert values.decimal("-" + "9" * 9 + "." + "9" * 9) is not None  # 18 digits
    assert values.decimal("9" * 10 + "." + "9" * 9) is None  # 19 digits
    assert values.decimal("1234567890123456", values.QUANTITY_DIGITS) is None


def test_money_is_what_the_ledger_holds() -> None:
    assert values.money("123456789012.99") == Decimal("123456789012.99")
    assert values.money("-123456789012") == Decimal("-123456789012")
    assert values.money("000000000000000") == 0  # leading zeros carry no value
    assert values.money("605.0000") == Decimal("605.0000")  # nor trailing ones
    assert values.money("1234567890123") is None
    assert values.money("12.345") is None
    assert values.money("12.340") == Decimal("12.34")


@pytest.mark.parametrize(
    "text, code",
    [
        ("ABC", "6"),
        ("1E+999999", "6"),
        ("sNaN", "6"),
        ("²", "6"),
        ("12345678901234567890", "5"),  # beyond 782's 18 digits
        ("1234567890123", "5"),  # 13 digits before the point: beyond NUMERIC(14,2)
        ("1234567890123.00", "5"),
        ("12.345", "5"),  # a tenth of a cent
    ],
)
def test_money_problems(text: str, code: str) -> None:
    problem = values.money_problem(text)
    assert problem is not None and problem.code == code
    assert text not in problem.reason


def test_count_problems() -> None:
    assert values.count_problem("²") == values.Problem("6", "must be digits 0-9 only")
    found = values.count_problem("1" * 5000, 6)
    assert found is not None and found.code == "5" and "6 digits" in found.reason
    assert values.count_problem("12") is None


def test_dates_are_exact_and_real() -> None:
    assert values.date8("20240229") == dt.date(2024, 2, 29)
    assert values.date8("20230229") is None
    assert values.date8("00000101") is None  # no year 0
    assert values.date8("20261301") is None
    assert values.date8("071214") is None  # strptime('%Y%m%d') reads it as 0712-01-04
    assert values.date8("0712014") is None
    assert values.date8("2026010²") is None
    assert values.date6("071214") == dt.date(2007, 12, 14)
    assert values.date6("691231") == dt.date(1969, 12, 31)
    assert values.date6("000229") == dt.date(2000, 2, 29)
    assert values.date("071214") == dt.date(2007, 12, 14)
    assert values.date("20071214") == dt.date(2007, 12, 14)
    assert values.date("2007121") is None
    assert values.date_range("20260101-20260105") == (dt.date(2026, 1, 1), dt.date(2026, 1, 5))
    assert values.date_range("20260101-2026010") is None
    assert values.date_range("20260101") is None
    assert values.date_problem("071214") == values.Problem("8", "is not a valid date (CCYYMMDD)")
    assert values.date_problem("071214", (8, 6)) is None


def test_times() -> None:
    assert values.time("0000") == dt.time(0, 0)
    assert values.time("235959") == dt.time(23, 59, 59)
    assert values.time("2359591") == dt.time(23, 59, 59, 100000)
    assert values.time("23595999") == dt.time(23, 59, 59, 990000)
    for bad in ("2400", "2360", "235960", "12345", "123456789", "¹²³⁴", "12:30", "123"):
        assert values.time(bad) is None, bad
        assert values.time_problem(bad) is not None
    assert values.time("1230", 4) == dt.time(12, 30)
    assert values.time("123000", 4) is None
    problem = values.time_problem("2400")
    assert problem is not None and problem.code == "9"


def test_control_numbers_are_normalised_only_when_ascii_digits() -> None:
    assert normal_control_number("000000042") == "42"
    assert normal_control_number("００４２") == "００４２"
    assert normal_control_number("²") == "²"


# -- properties ---------------------------------------------------------------------------------
NUMERIC_TEXT = st.text(alphabet="0123456789.-+eE ²١５_", max_size=30)


@given(st.one_of(st.text(), NUMERIC_TEXT))
def test_no_text_makes_a_converter_raise(text: str) -> None:
    for convert in CONVERTERS.values():
        convert(text)
    for name, (read, problem) in PAIRS.items():
        found = problem(text)
        # refused exactly when it is not empty and the converter gives nothing
        assert (found is not None) == (bool(text) and read(text) is None), name
        if found is not None:
            assert found.code in ("5", "6", "8", "9")


@given(
    st.decimals(
        min_value=Decimal("-999999999999.99"),
        max_value=Decimal("999999999999.99"),
        places=2,
        allow_nan=False,
        allow_infinity=False,
    )
)
def test_amounts_the_ledger_holds_read_back(value: Decimal) -> None:
    text = format(value, "f")
    assert values.money(text) == value
    assert values.decimal(text) == value


@given(NUMERIC_TEXT)
def test_accepted_decimals_read_back_from_their_plain_form(text: str) -> None:
    value = values.decimal(text)
    if value is not None:
        assert values.decimal(format(value, "f")) == value
        assert values.decimal_form(text)


@given(st.integers(min_value=-(10**18) + 1, max_value=10**18 - 1))
def test_whole_numbers_read_back(number: int) -> None:
    assert values.whole(str(number)) == number
    if number >= 0:
        assert values.count(str(number)) == number


@given(st.dates(min_value=dt.date(1, 1, 1)))
def test_dates_read_back(day: dt.date) -> None:
    text = f"{day.year:04d}{day.month:02d}{day.day:02d}"
    assert values.date8(text) == day
    if dt.date(1969, 1, 1) <= day <= dt.date(2068, 12, 31):
        assert values.date6(text[2:]) == day


@given(st.times().map(lambda t: t.replace(microsecond=t.microsecond // 10000 * 10000)))
def test_times_read_back(moment: dt.time) -> None:
    text = f"{moment.hour:02d}{moment.minute:02d}{moment.second:02d}"
    assert values.time(text) == moment.replace(microsecond=0)
    hundredths = f"{text}{moment.microsecond // 10000:02d}"
    assert values.time(hundredths) == moment
