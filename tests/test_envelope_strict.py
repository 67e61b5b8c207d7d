"""The strict envelope: every ISA element's codes and widths, dates and times, versions against the
guides x12flow reads, the functional group of each set, and control numbers used twice. Each
test breaks one rule in an inline interchange and asserts the exact finding it gives."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from edi.x12.envelope import TransactionSet, Walker
from edi.x12.findings import Finding, Findings
from edi.x12.reader import read_segments
from tests.conftest import corpus_dir

# The fields of a valid ISA, by element number (ISA00 is the ID).
ISA = [
    "ISA",
    "00",
    " " * 10,
    "00",
    " " * 10,
    "ZZ",
    "SENDER".ljust(15),
    "ZZ",
    "RECEIVER".ljust(15),
    "261130",
    "1200",
    "^",
    "00501",
    "000000001",
    "0",
    "T",
    ":",
]
BODIES = {
    "835": ["BPR*I*100.00*C*CHK", "TRN*1*12345*1512345678"],
    "837": ["BHT*0019*00*B1*20261130*1200*CH"],
    "999": ["AK1*HC*1*005010X222A1", "AK9*A*1*1*1"],
    "997": ["AK1*HC*1", "AK9*A*1*1*1"],
    "277": ["BHT*0085*08*1*20261130*1200*TH"],
}


def isa(**changes: str) -> str:
    """The ISA with elements changed by name: ``isa(ISA05="XX")``."""
    fields = list(ISA)
    for name, value in changes.items():
        fields[int(name[3:])] = value
    return "*".join(fields)


def st(set_id: str, control: str = "0001", version: str | None = None) -> list[str]:
    """ST…SE of ``set_id``; ``version`` is ST03 (none when empty or None)."""
    body = BODIES[set_id]
    head = f"ST*{set_id}*{control}" + (f"*{version}" if version else "")
    return [head, *body, f"SE*{len(body) + 2}*{control}"]


def gs(sets: list[list[str]], functional_id: str, version: str, control: str = "1") -> list[str]:
    """GS…GE around ``sets``; GS04 20261130, GS05 1200."""
    segments = [f"GS*{functional_id}*SENDER*RECEIVER*20261130*1200*{control}*X*{version}"]
    for body in sets:
        segments += body
    return [*segments, f"GE*{len(sets)}*{control}"]


def interchange(groups: list[list[str]], header: str | None = None) -> list[str]:
    head = header or isa()
    control = head.split("*")[13]
    return [
        head,
        *(segment for group in groups for segment in group),
        f"IEA*{len(groups)}*{control}",
    ]


def text(*interchanges: list[str]) -> bytes:
    return "".join(segment + "~\n" for ic in interchanges for segment in ic).encode()


def one(set_id: str, functional_id: str, version: str, st03: str | None = "") -> bytes:
    """One interchange of one group of one set; ST03 is ``version`` unless given."""
    return text(
        interchange(
            [gs([st(set_id, version=st03 if st03 != "" else version)], functional_id, version)]
        )
    )


@dataclass(frozen=True)
class Seen:
    """A finding as a test states it: severity, source-code, segment, segment ID, element."""

    severity: str
    code: str
    segment: int | None
    segment_id: str | None
    element: int | None


def walk(data: bytes) -> list[Finding]:
    findings = Findings("t.x12")
    for event in Walker(read_segments(data, findings, "t.x12"), findings):
        if isinstance(event, TransactionSet):
            list(event.segments())
    return list(findings)


def seen(findings: list[Finding]) -> list[Seen]:
    return [
        Seen(
            f.severity.value,
            f"{f.source}-{f.code}",
            f.location.segment,
            f.location.segment_id,
            f.location.element,
        )
        for f in findings
    ]


def only(data: bytes) -> Finding:
    """The one finding of ``data``."""
    findings = walk(data)
    assert len(findings) == 1, [str(f) for f in findings]
    return findings[0]


CLEAN = [
    ("835", "HP", "005010X221A1", None),
    ("837", "HC", "005010X222A1", "005010X222A1"),
    ("837", "HC", "005010X223A2", "005010X223A2"),
    ("999", "FA", "005010X231A1", "005010X231A1"),
    ("997", "FA", "005010", None),
    ("997", "FA", "005010X230", "005010X230"),
    ("277", "HN", "005010X214", "005010X214"),
    ("277", "HN", "005010X212", "005010X212"),
]


@pytest.mark.parametrize(("set_id", "functional_id", "gs08", "st03"), CLEAN)
def test_each_supported_guide_in_its_group_is_clean(
    set_id: str, functional_id: str, gs08: str, st03: str | None
) -> None:
    assert walk(one(set_id, functional_id, gs08, st03)) == []


# -- ISA codes --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("element", "value", "code", "message"),
    [
        (
            "ISA01",
            "01",
            "010",
            "ISA01 authorization information qualifier '01' is not one of 00, 03",
        ),
        ("ISA03", "03", "012", "ISA03 security information qualifier '03' is not one of 00, 01"),
        (
            "ISA05",
            "XX",
            "005",
            "ISA05 interchange sender ID qualifier 'XX' is not one of "
            "01, 14, 20, 27, 28, 29, 30, 33, ZZ",
        ),
        (
            "ISA07",
            "12",
            "007",
            "ISA07 interchange receiver ID qualifier '12' is not one of "
            "01, 14, 20, 27, 28, 29, 30, 33, ZZ",
        ),
        ("ISA14", "2", "019", "ISA14 acknowledgment requested code '2' is not one of 0, 1"),
        ("ISA15", "I", "020", "ISA15 usage indicator 'I' is not one of P, T"),
    ],
)
def test_isa_codes_are_the_guides(element: str, value: str, code: str, message: str) -> None:
    finding = only(
        text(interchange([gs([st("835")], "HP", "005010X221A1")], isa(**{element: value})))
    )
    assert seen([finding]) == [Seen("error", f"TA105-{code}", 1, "ISA", int(element[3:]))]
    assert finding.message == message
    assert finding.location.interchange == "000000001"


# -- ISA fixed widths -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("element", "value", "code", "message"),
    [
        ("ISA02", " " * 9, "011", "ISA02 authorization information is 9 characters; it must be 10"),
        ("ISA04", " " * 11, "013", "ISA04 security information is 11 characters; it must be 10"),
        ("ISA06", "SENDER", "006", "ISA06 interchange sender ID is 6 characters; it must be 15"),
        ("ISA08", "RECEIVER" + " " * 8, "008", "ISA08 interchange receiver ID is 16 characters"),
    ],
)
def test_isa_elements_have_their_fixed_width(
    element: str, value: str, code: str, message: str
) -> None:
    findings = walk(
        text(interchange([gs([st("835")], "HP", "005010X221A1")], isa(**{element: value})))
    )
    # The reader says the ISA is not fixed-width, the walker which element is not.
    assert seen(findings) == [
        Seen("error", "TA105-022", None, "ISA", None),
        Seen("error", f"TA105-{code}", 1, "ISA", int(element[3:])),
    ]
    assert findings[1].message.startswith(message)
    assert findings[1].message.endswith("padded with spaces")


def test_a_blank_sender_id_is_refused_and_a_sender_id_is_never_quoted() -> None:
    blank = only(text(interchange([gs([st("835")], "HP", "005010X221A1")], isa(ISA06=" " * 15))))
    assert seen([blank]) == [Seen("error", "TA105-006", 1, "ISA", 6)]
    assert blank.message == "ISA06 interchange sender ID is blank"
    named = walk(text(interchange([gs([st("835")], "HP", "005010X221A1")], isa(ISA08="JANE DOE"))))
    assert [f.code for f in named] == ["022", "008"]
    assert all("JANE" not in f.message for f in named)


# -- dates and times --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("changes", "code", "element", "message"),
    [
        (
            {"ISA09": "071332"},
            "014",
            9,
            "ISA09 interchange date (6 digits) is not a valid date (YYMMDD)",
        ),
        (
            {"ISA10": "2460"},
            "015",
            10,
            "ISA10 interchange time (4 digits) is not a valid time (HHMM)",
        ),
        (
            {"ISA10": "1275"},
            "015",
            10,
            "ISA10 interchange time (4 digits) is not a valid time (HHMM)",
        ),
    ],
)
def test_isa_date_and_time_are_real(
    changes: dict[str, str], code: str, element: int, message: str
) -> None:
    finding = only(text(interchange([gs([st("835")], "HP", "005010X221A1")], isa(**changes))))
    assert seen([finding]) == [Seen("error", f"TA105-{code}", 1, "ISA", element)]
    assert finding.message == message


def test_an_isa_date_of_8_digits_is_no_yymmdd() -> None:
    """20071214 is not read as the year 2007 or 712: ISA09 is exactly YYMMDD."""
    findings = walk(
        text(interchange([gs([st("835")], "HP", "005010X221A1")], isa(ISA09="20071214")))
    )
    assert seen(findings) == [
        Seen("error", "TA105-022", None, "ISA", None),
        Seen("error", "TA105-014", 1, "ISA", 9),
    ]


def group_with(
    gs04: str = "20261130", gs05: str = "1200", gs07: str = "X", gs06: str = "1"
) -> bytes:
    group = [
        f"GS*HP*SENDER*RECEIVER*{gs04}*{gs05}*{gs06}*{gs07}*005010X221A1",
        *st("835"),
        f"GE*1*{gs06}",
    ]
    return text(interchange([group]))


@pytest.mark.parametrize("gs04", ["071214", "20070230", "2007121 ", "200712140"])
def test_gs04_is_a_real_ccyymmdd_date(gs04: str) -> None:
    finding = only(group_with(gs04=gs04))
    assert seen([finding]) == [Seen("error", "IK403-8", 2, "GS", 4)]
    assert finding.message.startswith("GS04 functional group date (")
    assert finding.message.endswith(") is not a valid date (CCYYMMDD)")
    assert finding.location.group == "1"


@pytest.mark.parametrize("gs05", ["1200", "120059", "1200591", "12005912"])
def test_gs05_takes_every_time_form_of_the_guide(gs05: str) -> None:
    assert walk(group_with(gs05=gs05)) == []


@pytest.mark.parametrize("gs05", ["2400", "1260", "120060", "12000", "120059123", "12:00"])
def test_gs05_is_a_real_time(gs05: str) -> None:
    finding = only(group_with(gs05=gs05))
    assert seen([finding]) == [Seen("error", "IK403-9", 2, "GS", 5)]
    assert finding.message.endswith("is not a valid time (HHMM, HHMMSS, HHMMSSD or HHMMSSDD)")


def test_gs07_is_x() -> None:
    finding = only(group_with(gs07="T"))
    assert seen([finding]) == [Seen("error", "IK403-7", 2, "GS", 7)]
    assert finding.message == "GS07 responsible agency code 'T' is not X"


@pytest.mark.parametrize("gs06", ["A1", "1234567890"])
def test_gs06_is_a_number_of_at_most_9_digits(gs06: str) -> None:
    finding = only(group_with(gs06=gs06))
    assert seen([finding]) == [Seen("error", "AK905-6", 2, "GS", 6)]
    assert finding.message.endswith("is not a number of 1 to 9 digits")


# -- the separators in ISA11 -----------------------------------------------------------------
def test_isa11_u_in_5010_is_a_4010_habit() -> None:
    finding = only(text(interchange([gs([st("835")], "HP", "005010X221A1")], isa(ISA11="U"))))
    assert seen([finding]) == [Seen("warning", "TA105-016", 1, "ISA", 11)]
    assert "4010 interchange standards identifier" in finding.message


def test_isa11_a_letter_is_no_repetition_separator() -> None:
    finding = only(text(interchange([gs([st("835")], "HP", "005010X221A1")], isa(ISA11="A"))))
    assert seen([finding]) == [Seen("error", "TA105-016", 1, "ISA", 11)]
    assert finding.message.startswith("ISA11 repetition separator 'A' is a letter or digit")


# -- ISA12 ------------------------------------------------------------------------------------
def test_isa12_of_another_version_over_5010_groups_is_an_error() -> None:
    data = text(interchange([gs([st("835")], "HP", "005010X221A1")], isa(ISA12="00402")))
    finding = only(data)
    assert seen([finding]) == [Seen("error", "TA105-017", 1, "ISA", 12)]
    assert finding.message == (
        "ISA12 interchange control version '00402' is not 00501, but the interchange carries "
        "5010 groups (GS08 '005010X221A1')"
    )


def test_a_4010_interchange_gives_one_not_supported_finding() -> None:
    group = gs([st("837"), st("837", "0002")], "HC", "004010X098A1")
    finding = only(
        text(interchange([group, gs([st("835")], "HP", "004010X091A1", "2")], isa(ISA12="00401")))
    )
    assert seen([finding]) == [Seen("error", "TA105-017", 1, "ISA", 12)]
    assert finding.message == (
        "ISA12 interchange control version '00401' is not supported: x12flow reads 5010 "
        "interchanges (00501)"
    )


def test_a_4010_997_is_read_with_one_warning() -> None:
    data = text(interchange([gs([st("997")], "FA", "004010")], isa(ISA12="00401", ISA11="U")))
    finding = only(data)
    assert seen([finding]) == [Seen("warning", "TA105-017", 1, "ISA", 12)]
    assert finding.message.endswith("its 4010 997 acknowledgments read the same in 5010")


def test_a_4010_ta1_is_read_with_one_warning() -> None:
    data = text(
        [isa(ISA12="00401", ISA11="U"), "TA1*000000009*261130*1200*A*000", "IEA*0*000000001"]
    )
    finding = only(data)
    assert seen([finding]) == [Seen("warning", "TA105-017", 1, "ISA", 12)]
    assert finding.message.endswith("its TA1 read the same in 5010")


def test_isa12_that_is_no_version_number() -> None:
    data = text(interchange([gs([st("835")], "HP", "005010X221A1")], isa(ISA12="0050A")))
    finding = only(data)
    assert seen([finding]) == [Seen("error", "TA105-017", 1, "ISA", 12)]
    assert finding.message.startswith("ISA12 interchange control version '0050A' is not a version")


# -- GS01 against the sets it holds ----------------------------------------------------------
def test_gs01_must_be_the_group_of_its_sets_once_per_group() -> None:
    data = text(interchange([gs([st("835"), st("835", "0002")], "HC", "005010X221A1")]))
    finding = only(data)
    assert seen([finding]) == [Seen("error", "IK403-7", 2, "GS", 1)]
    assert finding.message == (
        "GS01 functional identifier code 'HC' does not fit the 835 transaction set at segment 3: "
        "an 835 is sent in a group with GS01 'HP'"
    )


@pytest.mark.parametrize(
    ("set_id", "functional_id", "version"),
    [("999", "HC", "005010X231A1"), ("277", "HP", "005010X214"), ("837", "HN", "005010X222A1")],
)
def test_gs01_of_each_kind(set_id: str, functional_id: str, version: str) -> None:
    finding = only(one(set_id, functional_id, version))
    assert seen([finding]) == [Seen("error", "IK403-7", 2, "GS", 1)]
    article = "an" if set_id == "837" else "a"
    expected = {"999": "FA", "277": "HN", "837": "HC"}[set_id]
    assert finding.message.endswith(
        f"at segment 3: {article} {set_id} is sent in a group with GS01 '{expected}'"
    )


# -- GS08 and ST03 against the guides ---------------------------------------------------------
@pytest.mark.parametrize(
    ("version", "reads"),
    [
        ("005010X223A3", "005010X222A1 (837P) and 005010X223A2 (837I)"),
        ("005010X223A1", "005010X222A1 (837P) and 005010X223A2 (837I)"),
        ("005010X222", "005010X222A1 (837P) and 005010X223A2 (837I)"),
        ("005010X222A2", "005010X222A1 (837P) and 005010X223A2 (837I)"),
    ],
)
def test_an_837_of_another_guide_is_one_not_supported_finding(version: str, reads: str) -> None:
    group = gs([st("837", "0001", version), st("837", "0002", version)], "HC", version)
    finding = only(text(interchange([group])))
    assert seen([finding]) == [Seen("error", "IK502-I6", 3, "ST", 3)]
    assert finding.message == (
        f"ST03 implementation '{version}' is not supported: x12flow reads 837 as {reads}"
    )
    assert finding.location.transaction == "0001"


def test_without_st03_the_group_version_is_judged_at_gs08() -> None:
    finding = only(one("835", "HP", "005010X221", None))
    assert seen([finding]) == [Seen("error", "IK502-I6", 2, "GS", 8)]
    assert finding.message == (
        "GS08 implementation '005010X221' is not supported: x12flow reads 835 as 005010X221A1 (835)"
    )


def test_st03_and_gs08_must_be_the_same() -> None:
    finding = only(one("837", "HC", "005010X222A1", "005010X223A2"))
    assert seen([finding]) == [Seen("error", "IK502-19", 3, "ST", 3)]
    assert finding.message == (
        "ST03 '005010X223A2' is not GS08 '005010X222A1': the guide requires the same version "
        "in both"
    )


def test_a_999_of_the_first_release_is_read_with_a_warning() -> None:
    finding = only(one("999", "FA", "005010X231"))
    assert seen([finding]) == [Seen("warning", "IK502-I6", 3, "ST", 3)]
    assert finding.message == (
        "ST03 '005010X231' is an earlier release of the 999 guide; read as 005010X231A1"
    )


def test_a_group_of_another_version_is_one_finding_at_gs08() -> None:
    group = gs([st("835"), st("835", "0002")], "HP", "004010X091A1")
    finding = only(text(interchange([group])))
    assert seen([finding]) == [Seen("error", "AK905-2", 2, "GS", 8)]
    assert "is not supported" in finding.message


# -- control numbers used twice ---------------------------------------------------------------
def test_isa13_used_twice_in_a_file() -> None:
    first = interchange([gs([st("835")], "HP", "005010X221A1")])
    second = interchange([gs([st("835")], "HP", "005010X221A1", "2")])
    finding = only(text(first, second))
    assert seen([finding]) == [Seen("error", "TA105-025", 9, "ISA", 13)]
    assert finding.message == (
        "ISA13 interchange control number '000000001' is used again: the interchange at "
        "segment 1 has it too (a sender numbers each interchange once)"
    )


def test_the_same_gs06_in_two_interchanges_is_fine_but_not_in_one() -> None:
    other = isa(ISA13="000000002")
    apart = text(
        interchange([gs([st("835")], "HP", "005010X221A1")]),
        interchange([gs([st("835")], "HP", "005010X221A1")], other),
    )
    assert walk(apart) == []
    together = interchange(
        [gs([st("835")], "HP", "005010X221A1", "7"), gs([st("835")], "HP", "005010X221A1", "7")]
    )
    finding = only(text(together))
    assert seen([finding]) == [Seen("error", "AK905-19", 8, "GS", 6)]
    assert finding.message == (
        "GS06 group control number '7' is used again in this interchange: the group at "
        "segment 2 has it too"
    )


def test_st02_used_twice_in_a_group() -> None:
    group = gs([st("835", "0005"), st("835", "0005")], "HP", "005010X221A1")
    finding = only(text(interchange([group])))
    assert seen([finding]) == [Seen("error", "IK502-23", 7, "ST", 2)]
    assert finding.message == "ST02 '0005' is not unique within the group"
    assert finding.location.transaction == "0005"


def test_the_corpus_file_of_156_interchanges_with_one_number() -> None:
    """profee-multiple (shared corpus): 156 interchanges, every one ISA13 006000600."""
    path = corpus_dir() / "835" / "tastypackets__x12-parser__profee-multiple.edi"
    findings = Findings(path.name)
    for event in Walker(read_segments(path, findings, path.name), findings):
        if isinstance(event, TransactionSet):
            list(event.segments())
    assert findings.error_count == 155
    listed = [f for f in findings if f.code == "025"]
    assert len(listed) == 100
    assert {(f.source, f.location.segment_id, f.location.element) for f in listed} == {
        ("TA105", "ISA", 13)
    }
    assert listed[0].location.segment == 70
    assert listed[0].message.startswith(
        "ISA13 interchange control number '006000600' is used again: the interchange at "
        "segment 1 has it too"
    )
    closing = list(findings)[-1]
    assert (closing.code, closing.details) == ("unlisted", {"TA105-025": 55})
