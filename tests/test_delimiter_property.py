"""Property: the same interchange written with any legal delimiters and line breaks parses to
the same result."""

from __future__ import annotations

import io
import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from edi.inbound.document import Document, write_document

# An 835 as data: each segment a list of elements; a composite is a list of components.
SEGMENTS: list[list[Any]] = [
    ["ST", "835", "0001"],
    [
        "BPR",
        "I",
        "150.00",
        "C",
        "ACH",
        "CCP",
        "01",
        "999999999",
        "DA",
        "123456",
        "1512345678",
        "",
        "01",
        "999988880",
        "DA",
        "98765",
        "20261115",
    ],
    ["TRN", "1", "12345", "1512345678"],
    ["N1", "PR", "PAYER ONE"],
    ["N3", "1 PAYER WAY"],
    ["N4", "CITY", "ST", "12345"],
    ["PER", "BL", "", "TE", "8005551212"],
    ["N1", "PE", "CLINIC", "XX", "1234567893"],
    ["LX", "1"],
    ["CLP", "PCN1", "1", "200.00", "150.00", "20.00", "12", "ICN1"],
    ["CAS", "CO", "45", "30.00"],
    ["NM1", "QC", "1", "DOE", "JANE", "", "", "", "MI", "M123"],
    ["SVC", ["HC", "99213", "25"], "200.00", "150.00", "", "1"],
    ["DTM", "472", "20261101"],
    ["CAS", "PR", "1", "20.00", "", "45", "30.00"],
    ["REF", "6R", "LINE1"],
    ["SE", "16", "0001"],
]
# Any punctuation that does not occur in the data ("." does, in amounts) is a legal delimiter.
PUNCT = [c for c in "!\"#$%&'()*+,/:;<=>?@[\\]^_`{|}~" if c != "."] + ["\x1d", "\x1c", "\x1f"]


def render(element: str, component: str, repetition: str, terminator: str, eol: str) -> bytes:
    isa = [
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
        repetition,
        "00501",
        "000000001",
        "0",
        "T",
        component,
    ]
    lines = [
        element.join(isa),
        element.join(["GS", "HP", "S", "R", "20261130", "1200", "1", "X", "005010X221A1"]),
    ]
    for seg in SEGMENTS:
        lines.append(element.join(component.join(e) if isinstance(e, list) else e for e in seg))
    lines += [element.join(["GE", "1", "1"]), element.join(["IEA", "1", "000000001"])]
    return ("".join(line + terminator + eol for line in lines)).encode("latin-1")


def parsed(data: bytes) -> Any:
    out = io.StringIO()
    write_document(Document(io.BytesIO(data), "x.835"), out.write)
    doc = json.loads(out.getvalue())
    sets = doc["interchanges"][0]["groups"][0]["transaction_sets"]
    for ts in sets:
        for finding in ts["findings"]:
            finding["location"].pop("offset", None)
    return sets, [f["code"] for f in doc["findings"]]


BASELINE = parsed(render("*", ":", "^", "~", "\n"))


@settings(max_examples=60, deadline=None)
@given(
    chars=st.lists(st.sampled_from(PUNCT), min_size=4, max_size=4, unique=True),
    eol=st.sampled_from(["", "\n", "\r\n"]),
    newline_terminated=st.booleans(),
)
def test_any_legal_delimiters_parse_the_same(
    chars: list[str], eol: str, newline_terminated: bool
) -> None:
    element, component, repetition, terminator = chars
    if newline_terminated:
        terminator, eol = "\n", ""
    assert parsed(render(element, component, repetition, terminator, eol)) == BASELINE
