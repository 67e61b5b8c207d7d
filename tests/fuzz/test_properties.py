"""Properties: no input makes a reader raise anything but an X12FlowError (the exception root,
which the command line turns into a message and exit 2)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import interchange, transaction_set
from tests.fuzz.mutate import Mutator
from tests.fuzz.seeds import sample_seeds
from tests.fuzz.targets import Context, Target, parse, stream835, text, validate
from tests.fuzz.values import CORE_HOSTILE, HOSTILE

READERS: tuple[Target, ...] = (validate, parse, text, stream835)
MUTATOR = Mutator(sample_seeds())
NO_CONTEXT = Context(Path("."))  # the reader targets never touch it

# One short set of each kind: every segment's elements are where hostile values go.
SETS: dict[str, tuple[str, str, list[str]]] = {
    "835": (
        "HP",
        "005010X221A1",
        [
            "BPR*I*150*C*ACH*CCP*01*999999999*DA*123456*1512345678**01*999988880*DA*98765*20261115",
            "TRN*1*12345*1512345678",
            "DTM*405*20261115",
            "N1*PR*PAYER",
            "N1*PE*CLINIC*XX*1234567893",
            "LX*1",
            "CLP*PCN1*1*200*150*20*12*ICN1",
            "CAS*CO*45*30",
            "NM1*QC*1*DOE*JANE****MI*M123",
            "DTM*232*20261101",
            "AMT*AU*200",
            "SVC*HC:99213:25*200*150**1",
            "DTM*472*20261101",
            "CAS*PR*1*20",
            "REF*6R*LINE1",
            "PLB*1512345678*20261231*L6:X*-10",
        ],
    ),
    "999": (
        "FA",
        "005010X231A1",
        [
            "AK1*HC*17*005010X222A1",
            "AK2*837*0001*005010X222A1",
            "IK3*NM1*8*2010*8",
            "CTX*CLM01:PCN1",
            "IK4*3*66*7*X",
            "IK5*R*5",
            "AK9*R*1*1*0",
        ],
    ),
    "277": (
        "HN",
        "005010X214",
        [
            "BHT*0085*08*1*20261130*1200*TH",
            "HL*1**20*1",
            "NM1*PR*2*PAYER*****PI*1",
            "TRN*1*1",
            "DTP*050*D8*20261130",
            "DTP*009*D8*20261130",
            "HL*2*1*21*1",
            "NM1*41*2*CLINIC*****46*1",
            "TRN*2*1",
            "STC*A1:19:PR*20261130*WQ*200",
            "QTY*90*1",
            "AMT*YU*200",
            "HL*3*2*19*1",
            "NM1*85*2*CLINIC*****XX*1234567893",
            "HL*4*3*PT",
            "NM1*QC*1*DOE*JANE****MI*M123",
            "TRN*2*PCN1",
            "STC*A2:20:PR*20261130*WQ*200",
            "REF*1K*ICN1",
            "DTP*472*RD8*20261101-20261101",
        ],
    ),
}


def _handled(data: bytes) -> None:
    """Each reader target returns quietly or raises the exception that escaped x12flow."""
    for target in READERS:
        target(data, NO_CONTEXT)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=3000))
def test_any_bytes_are_read_or_refused(data: bytes) -> None:
    _handled(data)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="ISAGSTEHLCPBR*~:^\n 0123456789²", max_size=600))
def test_any_segment_soup_is_read_or_refused(soup: str) -> None:
    _handled(soup.encode())


@settings(max_examples=150, deadline=None)
@given(index=st.integers(min_value=0, max_value=10**9))
def test_any_mutant_of_a_sample_is_read_or_refused(index: int) -> None:
    _handled(MUTATOR.make(1, index).data)


@settings(max_examples=200, deadline=None)
@given(
    kind=st.sampled_from(sorted(SETS)),
    where=st.tuples(st.integers(0, 40), st.integers(1, 20)),
    value=st.sampled_from(HOSTILE) | st.sampled_from(CORE_HOSTILE) | st.binary(max_size=12),
)
def test_a_hostile_element_anywhere_is_read_or_refused(
    kind: str, where: tuple[int, int], value: bytes
) -> None:
    functional, version, body = SETS[kind]
    set_id = "277" if kind == "277" else kind
    segments = transaction_set(set_id, "0001", body, version=version if kind != "835" else "")
    text_form = interchange(segments, functional_id=functional, version=version)
    lines = text_form.encode().split(b"~\n")
    row = 2 + where[0] % (len(lines) - 5)  # a segment inside the set, ST and SE included
    elements = lines[row].split(b"*")
    column = min(where[1], len(elements))
    elements[column:] = [value, *elements[column + 1 :]]
    lines[row] = b"*".join(elements)
    _handled(b"~\n".join(lines))
