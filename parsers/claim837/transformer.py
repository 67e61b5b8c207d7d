"""The 837 transformer: claims in the generator's input format, built as the parser closes loops.

One instance per kind is reused across transaction sets (the engine caches callbacks per
instance); :meth:`ClaimTransformer.reset` starts a new set. What it hands out through
``emitted`` while the file is still being read:

* a :class:`Header` (submitter, receiver) once loop 1000B closes,
* the claims of a billing provider (one per CLM, with billing provider, subscriber, patient and
  payer copied from its HL parents) once its loop 2000A closes; the 2000A is then checked for
  occurrence limits and dropped, so memory holds one billing provider at a time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ValidationError

from edi.elementcheck import report
from edi.elementdefs import GuideElements
from edi.findings import Findings
from edi.grammar import Loop, LoopTransformer
from edi.grammar.tree import place
from edi.location import Location
from edi.segment import Segment
from parsers.claim837 import parties
from parsers.claim837.hierarchy import HierarchyCheck
from parsers.claim837.occurs import OccurrenceTable
from parsers.claim837.values import Json


@dataclass(frozen=True, slots=True)
class Header:
    submitter: Json  # 1000A, shaped as the configuration's submitter settings
    receiver: Json  # 1000B


@dataclass(slots=True)
class Counts:
    """What one 837 transaction set holds."""

    billing_providers: int = 0
    subscribers: int = 0
    patients: int = 0
    claims: int = 0
    lines: int = 0
    total_charges: Decimal = field(default_factory=Decimal)  # sum of CLM02

    def to_json(self) -> dict[str, Any]:
        return {
            "billing_providers": self.billing_providers,
            "subscribers": self.subscribers,
            "patients": self.patients,
            "claims": self.claims,
            "lines": self.lines,
            "total_charges": str(self.total_charges),
        }


class Built(Loop):
    """A loop together with what the transformer read from it."""

    __slots__ = ("value",)

    def __init__(self, rule: str, children: list[Any], value: Json) -> None:
        super().__init__(rule, children)
        self.value = value


class ClaimTransformer(LoopTransformer):
    """Claims of one kind (``model`` built from loop 2300 by ``read_claim``)."""

    def __init__(
        self,
        kind: str,
        model: type[BaseModel],
        read_claim: Callable[[Loop], Json],
        table: OccurrenceTable,
        guide: GuideElements | None = None,
    ) -> None:
        super().__init__()
        self.kind = kind
        self.model = model
        self.read_claim = read_claim
        self.table = table
        self.guide = guide
        self.hierarchy = HierarchyCheck()
        self.emitted: list[Any] = []
        self.reset(Findings(), Location())

    def reset(self, findings: Findings, base: Location) -> None:
        self.findings = findings
        self.base = base
        self.hierarchy.reset(findings, base)
        self.counts = Counts()
        self.emitted.clear()
        self._submitter: Json = {}
        self._header_sent = False

    # -- loops ------------------------------------------------------------------------------
    def loop_1000a(self, children: list[Any]) -> Loop:
        loop = _loop("loop_1000a", "1000A", children)
        self._submitter = parties.submitter(loop)
        self.table.check(loop, self.findings, self.base)
        self._check_elements(loop.walk())
        return loop

    def loop_1000b(self, children: list[Any]) -> Loop:
        loop = _loop("loop_1000b", "1000B", children)
        self._send_header(parties.receiver(loop))
        self._check_elements(loop.walk())
        return loop

    def loop_2300(self, children: list[Any]) -> Built:
        place(children, "2300")
        built = Built("loop_2300", children, {})
        built.value = self.read_claim(built)
        return built

    def loop_2000c(self, children: list[Any]) -> Built:
        place(children, "2000C")
        built = Built("loop_2000c", children, {})
        built.value = {"patient": parties.patient(built)}
        self.counts.patients += 1
        return built

    def loop_2000b(self, children: list[Any]) -> Built:
        place(children, "2000B")
        built = Built("loop_2000b", children, {})
        built.value = {"subscriber": parties.subscriber(built), "payer": parties.payer(built)}
        self.counts.subscribers += 1
        return built

    def loop_2000a(self, children: list[Any]) -> Loop:
        level = _loop("loop_2000a", "2000A", children)
        self.table.check(level, self.findings, self.base)
        self._check_elements(level.walk())
        self.hierarchy.check(level)
        self._send_header({})
        provider = {"billing_provider": parties.billing_provider(level)}
        pay_to = parties.pay_to_address(level)
        if pay_to is not None:
            provider["pay_to_address"] = pay_to
        self.counts.billing_providers += 1
        for claim, context in _claims(level):
            self.emitted.append(self._claim(claim, context | provider))
        # only the HL stays: the transaction-level check counts 2000A loops, nothing more
        return Loop("loop_2000a", children[:1])

    def transaction(self, children: list[Any]) -> Loop:
        tree = Loop("transaction", children)
        self.table.check_loop(tree, self.findings, self.base)
        self._check_elements(tree.segments())
        self._send_header({})
        return tree

    def _check_elements(self, segments: Iterator[Segment]) -> None:
        """Element checks (IK4) on segments read from the file (not on assumed ones)."""
        if self.guide is None:
            return
        for seg in segments:
            if seg.ordinal:
                report(seg, self.guide, self.findings, self.base)

    # -- claims -----------------------------------------------------------------------------
    def _send_header(self, receiver: Json) -> None:
        if not self._header_sent:
            self._header_sent = True
            self.emitted.append(Header(self._submitter, receiver))

    def _claim(self, loop: Built, data: Json) -> BaseModel | Json:
        counts = self.counts
        counts.claims += 1
        counts.lines += len(data.get("service_lines", ()))
        counts.total_charges += data.get("total_charge") or Decimal(0)
        try:
            return self.model.model_validate(data)
        except ValidationError as exc:
            self._misfit(exc, next(loop.segments(), None))
            return data

    def _misfit(self, exc: ValidationError, clm: Segment | None) -> None:
        """A claim the input models refuse (values are not quoted: they may be personal)."""
        errors = exc.errors()
        where = ".".join(str(p) for p in errors[0]["loc"]) or "claim"
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        loc = (
            self.base.with_(
                segment=clm.ordinal or None,
                position=clm.position or None,
                segment_id="CLM",
                loop="2300",
            )
            if clm is not None
            else self.base
        )
        self.findings.warning(
            "CLAIM",
            "input",
            f"claim {self.counts.claims} does not fit the "
            f"{self.kind} claim input: {where}: {errors[0]['msg']}{more}",
            loc,
        )


def _loop(rule: str, loop_id: str, children: list[Any]) -> Loop:
    place(children, loop_id)
    return Loop(rule, children)


def _claims(level: Loop) -> Iterator[tuple[Built, Json]]:
    """Every claim of a billing provider, with its subscriber, payer and patient."""
    for sub in level.loops("2000B"):
        context = sub.value if isinstance(sub, Built) else {}
        for claim in sub.loops("2300"):
            if isinstance(claim, Built):
                yield claim, dict(claim.value) | context
        for pat in sub.loops("2000C"):
            patient = pat.value if isinstance(pat, Built) else {}
            for claim in pat.loops("2300"):
                if isinstance(claim, Built):
                    yield claim, dict(claim.value) | context | patient
