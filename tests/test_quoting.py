"""What a message shows of a value: codes quoted in their own shape, anything else described."""

from __future__ import annotations

import pytest

from edi.x12 import quoting
from edi.x12.delimiters import Delimiters
from edi.x12.location import Location
from edi.x12.segment import Segment


@pytest.mark.parametrize(
    "value, words",
    [
        ("", "empty"),
        ("7", "a digit"),
        ("19610423", "8 digits"),
        ("ZZQUINTANILLA", "13 letters"),
        ("MBR98765432X", "12 letters and digits"),
        ("742 EVERGREEN TERRACE", "21 letters, digits and spaces"),
        ("1961-04-23", "10 digits and punctuation"),
        ("JOSÉ", "4 letters and other characters"),
        ("\x07", "a character that is not printable ASCII"),
    ],
)
def test_a_value_is_described_by_length_and_kinds(value: str, words: str) -> None:
    assert quoting.describe(value) == words


@pytest.mark.parametrize(
    "text, words",
    [
        ("ZZQ1NTANILLA", "3 letters and a digit"),
        ("ZZQUINTANILLA, XIOMARA", "4 letters"),
        ("<?xm", "'<', '?' and 2 letters"),
        ("12 M", "2 digits, a space and a letter"),
        ("", "nothing"),
    ],
)
def test_the_start_of_a_file_is_described_in_runs(text: str, words: str) -> None:
    assert quoting.describe_start(text) == words


def test_codes_are_quoted_only_in_a_codes_shape() -> None:
    assert quoting.code("ZZ") == "'ZZ'"
    assert quoting.code("19610423") == "(8 digits)"
    assert quoting.code("D 8") == "(3 letters, digits and spaces)"
    assert quoting.code_for("19610423", {"D8", "RD8"}) == "(8 digits)"
    assert quoting.code_for("005010X223A1", {"005010X223A2"}) == "'005010X223A1'"
    assert quoting.version("005010X222A1") == "'005010X222A1'"
    assert quoting.control_number(" 000000001 ") == "'000000001'"
    assert quoting.control_number("ZZQUINTANILLA") == "(13 letters)"
    assert quoting.count("28") == "'28'"
    assert quoting.count("19610423") == "(8 digits)"
    assert quoting.count("ZZ") == "(2 letters)"


def test_a_segment_with_another_element_separator_is_named_by_its_id() -> None:
    seg = Segment(["NM1|IL|1|ZZQUINTANILLA|XIOMARA"], 12, 0, Delimiters())
    assert quoting.unrecognized(seg) == (
        "segment 12 (NM1) uses '|' as element separator but the ISA declared '*'"
    )
    assert quoting.unrecognized(Segment(["N3:742 EVERGREEN"], 3)).startswith(
        "segment 3 (N3) uses ':'"
    )
    assert quoting.unrecognized(Segment(["ZZQUINTANILLA"], 4)) == (
        "unrecognized segment ID (13 letters)"
    )
    assert quoting.unrecognized(Segment(["ZZZ"], 5)) == "unrecognized segment ID 'ZZZ'"


@pytest.mark.parametrize(
    "text, element, found",
    [("NM1*IL", "*", "NM1"), ("N3*74", "*", "N3"), ("N3", "*", "N3"), ("ZZQU", "*", None)],
)
def test_the_id_in_front_of_a_refused_segment(text: str, element: str, found: str | None) -> None:
    assert quoting.leading_id(text, element) == found


def test_a_location_keeps_only_ids_and_control_numbers_of_their_shape() -> None:
    loc = Location(
        segment_id="NM1|IL|1|ZZQUINTANILLA",
        interchange="000000001",
        group="ZZQUINTANILLA",
        transaction="MBR98765432X",
    )
    assert (loc.segment_id, loc.interchange, loc.group, loc.transaction) == (
        "NM1",
        "000000001",
        None,
        None,
    )
    assert Location(segment_id="ZZQUINTANILLA").segment_id is None
    assert Location(segment_id="CLP").with_(element=3).segment_id == "CLP"
