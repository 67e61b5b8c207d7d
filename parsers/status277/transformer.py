"""Builds the 277 models as the grammar closes each loop (277CA X214 and 277 X212 alike).

Nothing grows with the file: each finished item is appended to ``emitted``, which the grammar
driver hands on as it goes (see :mod:`edi.x12.grammar.run`):

* a :class:`LevelRead` per HL level (2000A-E) as its loop closes (post-order: children first);
* a :class:`ClaimStatus` per claim (2200D/E), in file order, once its patient level closed;
* a :class:`ReportEnd` (the BHT header) at SE.

A level's loop hands its parent nothing, so a provider with 100,000 patients keeps nothing of
them; a claim waits only for its own patient (or subscriber) level to close.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from edi.x12 import values
from edi.x12.elementcheck import report
from edi.x12.elementdefs import guide_elements
from edi.x12.findings import Findings
from edi.x12.grammar import LoopTransformer
from edi.x12.grammar.machine import Machine
from edi.x12.grammar.tree import place
from edi.x12.location import Location
from edi.x12.occurs import check_segments
from edi.x12.segment import Segment
from parsers.status277 import codes
from parsers.status277.models import (
    ClaimStatus,
    HierarchyLevel,
    LineStatus,
    Party,
    StatusHeader,
)
from parsers.status277.outcome import verdict
from parsers.status277.segments import (
    amount,
    dates,
    party,
    quantity,
    reference,
    service_id,
    status,
)

_ACCEPTED_QTY = ("90", "QA")
_REJECTED_QTY = ("AA", "QC")


@dataclass(slots=True)
class _Detail:
    """What a level's 2200 loop (A, B or C) says, handed to its HL loop."""

    values: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class LevelRead:
    """One finished HL level and the ordinal of its HL segment (the level's place in the file)."""

    ordinal: int
    level: HierarchyLevel


@dataclass(frozen=True, slots=True)
class ReportEnd:
    """The end of a transaction set that could be read: its BHT header."""

    header: StatusHeader | None


StatusItem = LevelRead | ClaimStatus | ReportEnd


def _own(children: list[Any], seg_id: str) -> list[Segment]:
    return [c for c in children if type(c) is Segment and c.elements[0] == seg_id]


def _first(children: list[Any], seg_id: str, qualifier: tuple[str, ...]) -> Segment | None:
    return next((s for s in _own(children, seg_id) if s[1] in qualifier), None)


class StatusTransformer(LoopTransformer):
    """One instance per grammar, reused across transaction sets; :meth:`start` resets it."""

    def __init__(self, kind: str) -> None:
        super().__init__()
        self.guide = guide_elements(kind)
        self.findings: Findings | None = None
        self.emitted: list[StatusItem] = []
        self._waiting: deque[ClaimStatus] = deque()  # in file order, until their level closes
        self._machine: Machine | None = None
        self.base = Location()

    def start(
        self,
        findings: Findings | None,
        base: Location | None = None,
        machine: Machine | None = None,
    ) -> None:
        """Read the next transaction set: its findings go to ``findings`` (None: idle), located
        from ``base``, where the claims' locations start from too."""
        self.findings = findings
        self.base = base if base is not None else Location()
        self._machine = machine
        self.emitted.clear()
        self._waiting.clear()

    def _placed(self, children: list[Any], loop: str | None) -> list[Any]:
        """Place the loop's own segments, check each with the one checker and count them
        against the guide."""
        if loop is not None:
            place(children, loop)
        findings = self.findings
        if findings is not None:
            own = [child for child in children if type(child) is Segment]
            for seg in own:
                report(seg, self.guide, findings, self.base, self.displaced)
            check_segments(own, loop, self.guide, findings, self.base, self.positions, self.noted)
        return children

    # -- names (2100) and level statuses (2200A-C) -------------------------------------------
    def _name(self, children: list[Any], loop: str) -> Party:
        self._placed(children, loop)
        return party(children[0])

    def _level_status(self, children: list[Any], loop: str) -> _Detail:
        self._placed(children, loop)
        trn = children[0]
        found = {
            "trace_type": trn[1] or None,
            "trace": trn[2] or None,
            "statuses": [status(s) for s in _own(children, "STC")],
            "references": [reference(s) for s in _own(children, "REF")],
        }
        for key, qualifier in (("receipt_date", "050"), ("process_date", "009")):
            dtp = _first(children, "DTP", (qualifier,))
            if dtp is not None:
                found[key] = dates(dtp)[0]
        self._amounts(children, found)
        return _Detail(found)

    def _amounts(self, children: list[Any], found: dict[str, Any]) -> None:
        accepted, rejected = (
            _first(children, "QTY", _ACCEPTED_QTY),
            _first(children, "QTY", _REJECTED_QTY),
        )
        found["accepted_count"] = _count(accepted)
        found["rejected_count"] = _count(rejected)
        yu, yy = _first(children, "AMT", ("YU",)), _first(children, "AMT", ("YY",))
        found["accepted_amount"] = amount(yu[2]) if yu is not None else None
        found["rejected_amount"] = amount(yy[2]) if yy is not None else None

    # -- hierarchical levels (2000A-E) --------------------------------------------------------
    def _level(self, children: list[Any], loop: str) -> HierarchyLevel:
        self._placed(children, loop)
        hl = children[0]
        values: dict[str, Any] = {}
        for detail in (c for c in children if isinstance(c, _Detail)):
            for key, value in detail.values.items():
                if isinstance(value, list):
                    values.setdefault(key, []).extend(value)
                elif values.get(key) is None:
                    values[key] = value
        level = HierarchyLevel(
            hl_id=hl[1],
            parent_id=hl[2] or None,
            level_code=hl[3],
            level=codes.LEVELS.get(hl[3]),
            party=next((c for c in children if isinstance(c, Party)), None),
            **values,
        )
        self.emitted.append(LevelRead(hl.ordinal, level))
        return level

    def _patient_closes(self, children: list[Any], level: HierarchyLevel) -> None:
        """The level's own claims know their patient now; hand on every claim that is done."""
        for claim in (x for x in children if isinstance(x, ClaimStatus)):
            claim.patient_level = level.hl_id
        self._release(lambda claim: claim.patient_level is not None)

    def _release(self, done: Callable[[ClaimStatus], bool]) -> None:
        waiting = self._waiting
        provider: str | None = None
        while waiting and done(waiting[0]):
            claim = waiting.popleft()
            if provider is None:
                provider = self._open_provider()
            claim.provider_level = provider
            self.emitted.append(claim)

    def _open_provider(self) -> str | None:
        """HL01 of the provider level (2000C) still open around the loop just closed: its HL
        segment starts one of the parser's open entries."""
        machine = self._machine
        if machine is None:
            return None
        values = machine.values
        for mark in reversed(machine.marks):
            if mark < len(values):
                value = values[mark]
                if type(value) is Segment and value.type == "HL_19":
                    return value[1]
        return None

    # -- claims (2200D/E) and lines (2220D/E) -------------------------------------------------
    def _line(self, children: list[Any], loop: str) -> LineStatus:
        self._placed(children, loop)
        svc = children[0]
        refs = [reference(s) for s in _own(children, "REF")]
        dtp = _first(children, "DTP", ("472",))
        start, end = dates(dtp) if dtp is not None else (None, None)
        statuses = [status(s) for s in _own(children, "STC")]
        return LineStatus(
            service=service_id(svc),
            charge=amount(svc[2]),
            payment=amount(svc[3]),
            revenue_code=svc[4] or None,
            units=quantity(svc[7]),
            line_item_control_number=next((r.value for r in refs if r.qualifier == "FJ"), None),
            references=refs,
            service_date_from=start,
            service_date_to=end,
            statuses=statuses,
            accepted=verdict(statuses)[0],
        )

    def _claim(self, children: list[Any], loop: str) -> ClaimStatus:
        self._placed(children, loop)
        refs = [reference(s) for s in _own(children, "REF")]
        by_qualifier = {r.qualifier: r.value for r in reversed(refs)}
        dtp = _first(children, "DTP", ("472",))
        start, end = dates(dtp) if dtp is not None else (None, None)
        statuses = [status(s) for s in _own(children, "STC")]
        accepted, outcome = verdict(statuses)
        trn = children[0]
        claim = ClaimStatus(
            patient_control_number=trn[2],
            payer_claim_control_number=by_qualifier.get("1K"),
            clearinghouse_trace=by_qualifier.get("D9"),
            bill_type=by_qualifier.get("BLT"),
            references=refs,
            total_charge=next((s.charge for s in statuses if s.charge is not None), None),
            service_date_from=start,
            service_date_to=end,
            statuses=statuses,
            lines=[c for c in children if isinstance(c, LineStatus)],
            accepted=accepted,
            outcome=outcome,
            location=self.base.at(trn) if trn.ordinal else None,  # none: TRN missing
        )
        self._waiting.append(claim)
        return claim

    # -- the transaction set -------------------------------------------------------------------
    def transaction(self, children: list[Any]) -> ReportEnd:
        self._placed(children, None)
        self._release(lambda claim: True)
        bht = next(iter(_own(children, "BHT")), None)
        end = ReportEnd(_header(bht) if bht is not None and bht.ordinal else None)
        self.emitted.append(end)
        return end

    # -- the grammar's loop rules --------------------------------------------------------------
    def loop_2100a(self, c: list[Any]) -> Party:
        return self._name(c, "2100A")

    def loop_2100b(self, c: list[Any]) -> Party:
        return self._name(c, "2100B")

    def loop_2100c(self, c: list[Any]) -> Party:
        return self._name(c, "2100C")

    def loop_2100d(self, c: list[Any]) -> Party:
        return self._name(c, "2100D")

    def loop_2100e(self, c: list[Any]) -> Party:
        return self._name(c, "2100E")

    def loop_2200a(self, c: list[Any]) -> _Detail:
        return self._level_status(c, "2200A")

    def loop_2200b(self, c: list[Any]) -> _Detail:
        return self._level_status(c, "2200B")

    def loop_2200c(self, c: list[Any]) -> _Detail:
        return self._level_status(c, "2200C")

    def loop_2200d(self, c: list[Any]) -> ClaimStatus:
        return self._claim(c, "2200D")

    def loop_2200e(self, c: list[Any]) -> ClaimStatus:
        return self._claim(c, "2200E")

    def loop_2220d(self, c: list[Any]) -> LineStatus:
        return self._line(c, "2220D")

    def loop_2220e(self, c: list[Any]) -> LineStatus:
        return self._line(c, "2220E")

    # A level loop leaves nothing for its parent: the level itself is emitted.
    def loop_2000a(self, c: list[Any]) -> None:
        self._level(c, "2000A")

    def loop_2000b(self, c: list[Any]) -> None:
        self._level(c, "2000B")

    def loop_2000c(self, c: list[Any]) -> None:
        self._level(c, "2000C")

    def loop_2000d(self, c: list[Any]) -> None:
        self._patient_closes(c, self._level(c, "2000D"))

    def loop_2000e(self, c: list[Any]) -> None:
        self._patient_closes(c, self._level(c, "2000E"))


def _count(seg: Segment | None) -> int | None:
    """QTY02 (R 1/15) as a whole count; its length is bounded before it is read, so even an
    exponent (``1E+999999``) is refused as text rather than expanded."""
    value = quantity(seg[2]) if seg is not None else None
    return int(value) if value is not None and value == value.to_integral_value() else None


def _header(bht: Segment) -> StatusHeader:
    return StatusHeader(
        structure=bht[1],
        purpose=bht[2] or None,
        reference=bht[3] or None,
        date=values.date8(bht[4]),
        time=bht[5] or None,
        transaction_type=bht[6] or None,
    )
