"""Builds the acknowledgment models as the grammar closes each loop, and checks each segment."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from edi.x12 import values
from edi.x12.elementcheck import report
from edi.x12.elementdefs import guide_elements
from edi.x12.findings import Findings
from edi.x12.grammar import LoopTransformer
from edi.x12.grammar.tree import place
from edi.x12.location import Location
from edi.x12.occurs import check_segments
from edi.x12.segment import Segment
from parsers.ack999 import codes
from parsers.ack999.consistency import check_group
from parsers.ack999.models import (
    CodeMeaning,
    Context,
    ElementError,
    FunctionalGroupResponse,
    SegmentError,
    SetResponse,
)


@dataclass(frozen=True, slots=True)
class Dialect:
    """What differs between the 999 and the 997: segment names, code lists; ``name`` is also
    the kind of guide data their elements are checked with."""

    name: str
    stem: str
    element_note: str  # IK4 / AK4
    segment_errors: dict[str, str]
    element_errors: dict[str, str]
    set_errors: dict[str, str]


def number(value: str, max_digits: int) -> int | None:
    """An X12 N0 value of at most ``max_digits`` digits (the guide's maximum for the element)
    as an int, or None when empty or unreadable (the element checker reports why)."""
    return values.whole(value, max_digits)


def _segments(children: list[Any], seg_id: str) -> list[Segment]:
    return [c for c in children if type(c) is Segment and c.elements[0] == seg_id]


def _codes(seg: Segment, first: int, last: int, table: dict[str, str]) -> list[CodeMeaning]:
    return [
        CodeMeaning(code=seg[i], meaning=table.get(seg[i]))
        for i in range(first, last + 1)
        if seg[i]
    ]


def contexts(seg: Segment) -> list[Context]:
    """One CTX segment: a context per repetition of CTX01 (C998 repeats up to 10 times, split
    on the interchange's repetition separator, ISA11), each with the segment's other elements."""
    d = seg.delimiters
    first = seg[1]
    ids = first.split(d.repetition) if d.repetition and d.repetition in first else [first]
    common = {
        "segment_id": seg[2] or None,
        "position": number(seg[3], 10),
        "loop": seg[4] or None,
        "element": number(seg.component(5, 1), 2),
        "component": number(seg.component(5, 2), 2),
        "repetition": number(seg.component(5, 3), 4),
        "reference_number": seg.component(6, 1) or None,
        "component_reference_number": seg.component(6, 2) or None,
    }
    out = []
    for repetition in ids:
        name, _, rest = repetition.partition(d.component)
        value = rest.split(d.component, 1)[0]
        out.append(Context(name=name, value=value or None, **common))
    return out


def _contexts(segments: list[Segment]) -> list[Context]:
    return [c for seg in segments for c in contexts(seg)]


class AckTransformer(LoopTransformer):
    """One instance per dialect, reused across transaction sets; :meth:`start` resets it."""

    def __init__(self, dialect: Dialect) -> None:
        super().__init__()
        self.dialect = dialect
        self.guide = guide_elements(dialect.name)
        self.findings: Findings | None = None
        self.base = Location()

    def start(self, findings: Findings | None, base: Location | None = None) -> None:
        """Read the next transaction set: its findings go to ``findings`` (None: idle), located
        from ``base``, where the models' locations start from too."""
        self.findings = findings
        self.base = base if base is not None else Location()

    def _check(self, children: list[Any], loop: str | None) -> None:
        """The one checker on each segment the loop holds, and the guide's segment counts."""
        findings = self.findings
        if findings is None:
            return
        own = [child for child in children if type(child) is Segment]
        for seg in own:
            report(seg, self.guide, findings, self.base, self.displaced)
        check_segments(own, loop, self.guide, findings, self.base, self.positions, self.noted)

    def loop_2110(self, children: list[Any]) -> ElementError:
        place(children, "2110")
        self._check(children, "2110")
        return self._element_error(children[0], _segments(children, "CTX"))

    def _element_error(self, ik4: Segment, ctx: list[Segment]) -> ElementError:
        return ElementError(
            position=number(ik4.component(1, 1), 2),
            component=number(ik4.component(1, 2), 2),
            repetition=number(ik4.component(1, 3), 4),
            reference_number=ik4[2] or None,
            code=ik4[3],
            meaning=self.dialect.element_errors.get(ik4[3]),
            bad_value=ik4[4] or None,
            contexts=_contexts(ctx),
        )

    def loop_2100(self, children: list[Any]) -> SegmentError:
        place(children, "2100")
        self._check(children, "2100")
        ik3 = children[0]
        d = self.dialect
        contexts = _contexts(_segments(children, "CTX"))
        claim = next((c.value for c in contexts if c.name == "CLM01"), None)
        elements = [c for c in children if isinstance(c, ElementError)]
        if d.element_note == "AK4":  # the 997 has AK4 as plain segments, not loops
            elements = [self._element_error(s, []) for s in _segments(children, "AK4")]
        return SegmentError(
            segment_id=ik3[1],
            position=number(ik3[2], 10),
            loop=ik3[3] or None,
            code=ik3[4] or None,
            meaning=d.segment_errors.get(ik3[4]),
            patient_control_number=claim,
            contexts=contexts,
            element_errors=elements,
        )

    def loop_2000(self, children: list[Any]) -> SetResponse:
        place(children, "2000")
        self._check(children, "2000")
        ak2, trailer = children[0], children[-1]
        status = trailer[1]
        return SetResponse(
            set_id=ak2[1],
            set_id_meaning=codes.TRANSACTION_SETS.get(ak2[1]),
            set_control_number=ak2[2],
            implementation=ak2[3] or None,
            status=status,
            status_meaning=codes.SET_STATUS.get(status),
            accepted=status in codes.ACCEPTED,
            set_errors=_codes(trailer, 2, 6, self.dialect.set_errors),
            errors=[c for c in children if isinstance(c, SegmentError)],
            location=self.base.at(ak2) if ak2.ordinal else None,  # none: AK2 missing
        )

    def transaction(self, children: list[Any]) -> FunctionalGroupResponse:
        self._check(children, None)
        ak1 = next(iter(_segments(children, "AK1")))
        ak9 = next(iter(_segments(children, "AK9")))
        group = FunctionalGroupResponse(
            functional_id=ak1[1],
            functional_id_meaning=codes.FUNCTIONAL_IDS.get(ak1[1]),
            group_control_number=ak1[2],
            version=ak1[3] or None,
            group_status=ak9[1],
            group_status_meaning=codes.GROUP_STATUS.get(ak9[1]),
            sets_included=number(ak9[2], 6),
            sets_received=number(ak9[3], 6),
            sets_accepted=number(ak9[4], 6),
            group_errors=_codes(ak9, 5, 9, codes.GROUP_ERRORS),
            set_responses=[c for c in children if isinstance(c, SetResponse)],
            location=self.base.at(ak1) if ak1.ordinal else None,  # none: AK1 missing
        )
        if self.findings is not None:
            check_group(group, ak9, self.findings, self.base)
        return group
