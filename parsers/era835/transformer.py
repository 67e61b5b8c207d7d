"""The 835 transformer: builds the typed models as the LALR parser closes each loop.

One instance is reused across transaction sets (the engine caches callbacks per instance);
:meth:`Era835Transformer.reset` starts a new one. Finished claims are appended to ``emitted``
and not kept, so the engine hands them out while the file is still being read:

* a :class:`Remittance` (payment, payer, payee) once loop 1000B closes,
* one :class:`ClaimPayment` per loop 2100,
* a :class:`RemittanceEnd` (header numbers, PLB adjustments, balance totals) at SE.

Each loop's segments go through the one element checker (:mod:`edi.x12.elementcheck`) with the
835 guide data as the loop closes, and are counted against the guide's segment limits
(:func:`edi.x12.occurs.check_segments`): what a value that cannot be read becomes in the model
(None) is the models' business, why it cannot be read is the checker's.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from edi.model.remittance.header import (
    BalanceTotals,
    HeaderNumber,
    Party,
    Payment,
    ProviderAdjustment,
    Remittance,
    RemittanceEnd,
)
from edi.x12.elementcheck import report
from edi.x12.elementdefs import guide_elements
from edi.x12.findings import Findings
from edi.x12.grammar import LoopTransformer
from edi.x12.location import Location
from edi.x12.occurs import check_segments
from edi.x12.segment import Segment
from parsers.codes import descriptions
from parsers.era835 import balance
from parsers.era835 import header as head
from parsers.era835.claims import ZERO, Describe
from parsers.era835.loops import (
    build_service,
    claim_kind,
    claim_values,
    collect_claim,
    make_claim,
)
from parsers.era835.values import constructor

_make_remittance = constructor(Remittance)
_make_end = constructor(RemittanceEnd)
_make_totals = constructor(BalanceTotals)


class Era835Transformer(LoopTransformer):
    """Typed 835 models from the grammar's loops; see the module docstring."""

    def __init__(self) -> None:
        super().__init__()
        self.guide = guide_elements("835")
        self.emitted: list[Any] = []
        self.reset(Findings(), Location())

    def reset(
        self,
        findings: Findings,
        base: Location,
        interchange: str | None = None,
        group: str | None = None,
        checking: bool = True,
    ) -> None:
        """Start a new transaction set: findings go to ``findings``, located from ``base``;
        the element and segment-count checks run only when ``checking``."""
        self.checking = checking
        self.findings = findings
        self.base = base
        self.interchange = interchange
        self.group = group
        self.emitted.clear()
        table = descriptions()
        self.carc: Describe = table.carc if len(table) else None
        self.rarc: Describe = table.rarc if len(table) else None
        self._payment: Payment | None = None
        self._payer: Party | None = None
        self.header_numbers: list[HeaderNumber] = []
        self.current_number: int | None = None
        self.reversed_ids: set[str] = set()
        self.line_cas = ZERO
        self.claim_count = 0
        self.total_charge = ZERO
        self.total_paid = ZERO
        self.payment_segment: Segment | None = None
        self._header: list[Segment] = []

    # -- findings ----------------------------------------------------------------------------
    def where(self, seg: Segment, element: int | None = None) -> Location:
        return self.base.at(seg, element=element)

    def located(self, seg: Segment) -> Location | None:
        """Where ``seg`` stands in the file, for the model built from it; None for a segment
        the parser assumed (it is missing). What ``base.at(seg)`` gives, built directly: it is
        made once per claim, and this costs half as much."""
        if not seg.ordinal:
            return None
        base = self.base
        return Location(
            file=base.file,
            interchange=base.interchange,
            group=base.group,
            transaction=base.transaction,
            segment=seg.ordinal,
            position=seg.position or None,
            segment_id=seg.elements[0],
            loop=seg.loop,
            offset=seg.offset,
        )

    def note(self, seg: Segment, element: int, what: str) -> None:
        """An element value the models cannot read (``what``: amount, quantity, number, line
        number, date); the model leaves it out. Nothing is reported here: the element checker
        reports every such value, with its code and message, when the loop closes."""

    def check(self, children: list[Any], loop: str | None) -> None:
        """The one checker on the loop's own segments, then the guide's segment counts."""
        if not self.checking:
            return
        guide, findings, base = self.guide, self.findings, self.base
        own = [child for child in children if child.__class__ is Segment]
        for seg in own:
            report(seg, guide, findings, base, self.displaced)
        check_segments(own, loop, guide, findings, base, self.positions, self.noted)

    def unbalanced_line(
        self, svc: Segment, charge: Decimal, paid: Decimal, adjustments: Decimal
    ) -> None:
        balance.service_line(self.findings, self.where(svc), charge, paid, adjustments)

    # -- loops -------------------------------------------------------------------------------
    def payment(self, children: list[Any]) -> Payment:
        self.payment_segment = children[0]
        self._payment = head.payment(children, self.note)
        self._header = children
        if self.checking:
            for seg in children:
                report(seg, self.guide, self.findings, self.base, self.displaced)
        return self._payment

    def loop_1000a(self, children: list[Any]) -> Party:
        self._payer = head.party(children, "1000A")
        self.check(children, "1000A")
        return self._payer

    def loop_1000b(self, children: list[Any]) -> Party:
        payee = head.party(children, "1000B")
        self.check(children, "1000B")
        self.emitted.append(
            _make_remittance(
                {
                    "interchange_control_number": self.interchange,
                    "group_control_number": self.group,
                    "control_number": self.base.transaction,
                    "payment": self._payment,
                    "payer": self._payer,
                    "payee": payee,
                }
            )
        )
        return payee

    def header_number(self, children: list[Any]) -> HeaderNumber:
        number = head.header_number(children, self.note)
        self.check(children, "2000")
        self.header_numbers.append(number)
        self.current_number = number.number
        return number

    def loop_2000(self, children: list[Any]) -> None:
        return None

    def loop_2110(self, children: list[Any]) -> Any:
        service = build_service(children, self)
        self.check(children, "2110")
        return service

    def loop_2100(self, children: list[Any]) -> None:
        clp: Segment = children[0]
        kind = claim_kind(clp[2], clp[1], self.reversed_ids)
        values = claim_values(clp, kind, self.current_number, self.note)
        claim_cas = collect_claim(children, values, self)
        line_cas, self.line_cas = self.line_cas, ZERO
        self.claim_count += 1
        charge, paid = values["charge"], values["paid"]
        if charge is not None:
            self.total_charge += charge
        if paid is not None:
            self.total_paid += paid
            if charge is not None and (values["services"] or claim_cas is not None):
                claim_cas = claim_cas or ZERO
                if charge - claim_cas - line_cas != paid:
                    balance.claim(
                        self.findings, self.where(clp), clp[1], charge, paid, claim_cas, line_cas
                    )
        values["location"] = self.located(clp)  # now that collect_claim placed it in 2100
        self.check(children, "2100")
        self.emitted.append(make_claim(values))

    def transaction(self, children: list[Any]) -> RemittanceEnd:
        if self.checking:
            own = [child for child in children if child.__class__ is Segment]
            for seg in own:
                report(seg, self.guide, self.findings, self.base, self.displaced)
            check_segments(
                own[:1] + self._header + own[1:],
                None,
                self.guide,
                self.findings,
                self.base,
                self.positions,
                self.noted,
            )
        adjustments: list[ProviderAdjustment] = []
        plb_total = ZERO
        for child in children:
            if child.__class__ is Segment and child.elements[0] == "PLB":
                pairs, total = head.provider_adjustments(child, self.note)
                adjustments.extend(pairs)
                plb_total += total
        end = _make_end(
            {
                "control_number": self.base.transaction,
                "header_numbers": self.header_numbers,
                "provider_adjustments": adjustments,
                "balance": self._totals(plb_total),
            }
        )
        self.emitted.append(end)
        return end

    def _totals(self, plb_total: Decimal) -> BalanceTotals:
        expected = self.total_paid - plb_total
        paid = self._payment.amount if self._payment is not None else None
        difference = paid - expected if paid is not None else None
        if difference and self.payment_segment is not None:
            balance.transaction(
                self.findings,
                self.where(self.payment_segment),
                self.total_paid,
                plb_total,
                paid or ZERO,
            )
        return _make_totals(
            {
                "claim_count": self.claim_count,
                "total_charge": self.total_charge,
                "total_paid": self.total_paid,
                "provider_adjustment_total": plb_total,
                "expected_payment": expected,
                "payment_amount": paid,
                "difference": difference,
                "balanced": difference == 0,
            }
        )
