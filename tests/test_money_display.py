"""Amounts shown to people: one format for every text output (``edi.model.money``)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from edi.model.money import display


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        ("0", "0.00"),
        ("-0.00", "0.00"),
        ("5", "5.00"),
        ("12.5", "12.50"),
        ("999.99", "999.99"),
        ("1000", "1,000.00"),
        ("1234.50", "1,234.50"),
        ("-2957.76", "-2,957.76"),
        ("999999999999.99", "999,999,999,999.99"),
        ("1E+3", "1,000.00"),
        ("10.125", "10.125"),  # never rounded: the file said so
        ("-0.005", "-0.005"),
    ],
)
def test_amounts_are_shown_with_separators_and_two_decimals(amount: str, shown: str) -> None:
    assert display(Decimal(amount)) == shown


def test_a_missing_amount() -> None:
    assert display(None) == "-"
    assert display(None, "?") == "?"


@given(st.decimals(min_value=-(10**12), max_value=10**12, places=2, allow_nan=False))
def test_the_text_reads_back_as_the_same_amount(amount: Decimal) -> None:
    shown = display(amount)
    assert Decimal(shown.replace(",", "")) == amount
    whole, cents = shown.lstrip("-").split(".")
    assert len(cents) == 2 and all(len(g) == 3 for g in whole.split(",")[1:])
