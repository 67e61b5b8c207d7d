"""edi.x12.writer: segments and envelopes as X12 text."""

from __future__ import annotations

import io
from datetime import datetime
from decimal import Decimal

import pytest

from edi.x12.delimiters import Delimiters
from edi.x12.writer import (
    DelimiterInData,
    InterchangeHeader,
    SegmentWriter,
    format_amount,
    isa_text,
    st_control,
)

STANDARD = Delimiters()


def _render(segment: list[object], delimiters: Delimiters = STANDARD) -> str:
    return SegmentWriter(io.StringIO(), delimiters, "").render(segment)  # type: ignore[arg-type]


def test_trailing_empty_elements_and_components_are_dropped() -> None:
    assert _render(["NM1", "85", "2", "CLINIC", "", "", "", "", "", ""]) == "NM1*85*2*CLINIC~"
    assert _render(["SV1", ("HC", "99213", "", ""), "10", "", ""]) == "SV1*HC:99213*10~"
    assert _render(["CLM", "A", "", "", ("11", "B", "1")]) == "CLM*A***11:B:1~"


def test_other_delimiters_are_used() -> None:
    d = Delimiters(element="|", component=">", repetition="!", segment="\\")
    assert _render(["SV1", ("HC", "99213", "25"), "10"], d) == "SV1|HC>99213>25|10\\"


@pytest.mark.parametrize("value", ["A*B", "A:B", "A~B", "A^B", "A\nB"])
def test_a_delimiter_inside_a_value_is_refused(value: str) -> None:
    with pytest.raises(DelimiterInData):
        _render(["NM1", "85", value])
    with pytest.raises(DelimiterInData):
        _render(["HI", ("ABK", value)])


def test_writer_counts_segments_and_breaks_lines() -> None:
    out = io.StringIO()
    writer = SegmentWriter(out, Delimiters(), "\n")
    writer.write(["LX", "1"])
    writer.write(["LX", "2"])
    assert writer.count == 2 and out.getvalue() == "LX*1~\nLX*2~\n"


@pytest.mark.parametrize(
    ("amount", "text"),
    [("145.50", "145.5"), ("100.00", "100"), ("0.00", "0"), ("0.05", "0.05"), ("1E+2", "100")],
)
def test_amounts_lose_trailing_zeros(amount: str, text: str) -> None:
    assert format_amount(Decimal(amount)) == text


def test_isa_is_fixed_width() -> None:
    header = InterchangeHeader("ZZ", "SENDER", "ZZ", "RECEIVER", 42, "P", True)
    isa = isa_text(header, Delimiters(), datetime(2026, 1, 2, 3, 4))
    assert len(isa) == 105
    assert isa.split("*")[6] == "SENDER".ljust(15)
    assert isa.endswith("*260102*0304*^*00501*000000042*1*P*:")


def test_isa_control_number_range() -> None:
    header = InterchangeHeader("ZZ", "S", "ZZ", "R", 1_000_000_000)
    with pytest.raises(ValueError):
        isa_text(header, Delimiters(), datetime(2026, 1, 1))


def test_st_control_is_at_least_four_digits() -> None:
    assert (st_control(7), st_control(123456)) == ("0007", "123456")
