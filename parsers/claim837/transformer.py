"""The 837 transformer: claims in the generator's input format, built as the parser closes loops.

One instance per kind is reused across transaction sets (the engine caches callbacks per
instance); :meth:`ClaimTransformer.reset` starts a new set. What it hands out through
``emitted`` while the file is still being read:

* a :class:`Header` (submitter, receiver, BHT03) once loop 1000B closes,
* the claims of a subscriber (one per CLM, with billing provider, subscriber, patient and payer
  copied from its HL parents, each a :class:`~parsers.claim837.located.LocatedClaim`) once its
  loop 2000B closes. The 2000B is checked then (occurrence limits, elements, HL and LX numbers)
  and dropped: its 2000A keeps a placeholder in its place, so memory holds one subscriber at a
  time, however many a billing provider has.

The findings of a billing provider keep the order they have in a whole-2000A check (occurrences,
elements, numbering, refused claims): those of its subscribers are held (:mod:`.held`) and
released when the 2000A closes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from pydantic import ValidationError

from edi.model.claim import Claim
from edi.x12.elementcheck import report
from edi.x12.elementdefs import GuideElements
from edi.x12.findings import Findings
from edi.x12.grammar import Loop, LoopTransformer
from edi.x12.grammar.tree import place
from edi.x12.location import Location
from edi.x12.occurs import OccurrenceTable
from edi.x12.segment import Segment
from parsers.claim837 import parties
from parsers.claim837.held import Held
from parsers.claim837.hierarchy import HierarchyCheck
from parsers.claim837.located import locate
from parsers.claim837.values import Json


@dataclass(frozen=True, slots=True)
class Header:
    submitter: Json  # 1000A, shaped as the configuration's submitter settings
    receiver: Json  # 1000B
    batch_id: str = ""  # BHT03


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


# What a finished 2000B leaves in its 2000A: enough for the 2000A's occurrence check to count it
# (the guides put no upper limit on 2000B loops, so no extra one is ever pointed at).
FINISHED_2000B = Loop("loop_2000b", [])


@dataclass(frozen=True, slots=True)
class OpenLevel:
    """What the 2000B loops of the open 2000A need from it."""

    provider: Json  # billing_provider, pay_to_address
    number: str | None  # the HL01 its 2000B loops must name in HL02


class ClaimTransformer(LoopTransformer):
    """Claims of one kind (``model`` built from loop 2300 by ``read_claim``)."""

    def __init__(
        self,
        kind: str,
        model: type[Claim],
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
        self.reset(Findings(), Location(), [])

    def reset(self, findings: Findings, base: Location, values: list[Any]) -> None:
        """Start a transaction set. ``values`` is the parser's list of segments and finished
        loops not yet taken into a parent loop: the open 2000A's HL and 2010AA/AB are there."""
        self.findings = findings
        self.base = base
        self.values = values
        self.held = Held.like(findings)
        self.hierarchy.reset(self.held.hierarchy, base)
        self.counts = Counts()
        self.emitted.clear()
        self._submitter: Json = {}
        self._header_sent = False
        self._level: OpenLevel | None = None

    # -- loops ------------------------------------------------------------------------------
    def loop_1000a(self, children: list[Any]) -> Loop:
        loop = _loop("loop_1000a", "1000A", children)
        self._submitter = parties.submitter(loop)
        self.table.check(loop, self.findings, self.base, self.noted)
        self._check_elements(loop.walk(), self.findings)
        return loop

    def loop_1000b(self, children: list[Any]) -> Loop:
        loop = _loop("loop_1000b", "1000B", children)
        self._send_header(parties.receiver(loop))
        self._check_elements(loop.walk(), self.findings)
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

    def loop_2000b(self, children: list[Any]) -> Loop:
        """Check the subscriber, emit its claims, and leave only a placeholder."""
        place(children, "2000B")
        sub = Built("loop_2000b", children, {})
        sub.value = {"subscriber": parties.subscriber(sub), "payer": parties.payer(sub)}
        self.counts.subscribers += 1
        level = self._open_level()
        held = self.held
        self.table.check(sub, held.occurs, self.base, self.noted)
        self._check_elements(sub.walk(), held.elements)
        self.hierarchy.check(sub, level.number)
        self._send_header({})
        qualifier = parties.payer_qualifier(sub)
        for claim, context in _claims(sub):
            data = self._claim(claim, context | level.provider)
            self.emitted.append(locate(data, claim, qualifier))
        return FINISHED_2000B

    def loop_2000a(self, children: list[Any]) -> Loop:
        level = _loop("loop_2000a", "2000A", children)
        opened, self._level = self._level, None
        findings, held = self.findings, self.held
        self.table.check_loop(level, findings, self.base, self.noted)
        for inner in level.loops():
            if inner is not FINISHED_2000B:
                self.table.check(inner, findings, self.base, self.noted)
        held.occurs.release(findings)
        for child in children:
            if child is FINISHED_2000B:
                continue
            self._check_elements(
                child.walk() if isinstance(child, Loop) else iter((child,)), findings
            )
        held.elements.release(findings)
        if opened is None:  # no 2000B: the level's own HL was not checked yet
            self.hierarchy.check(level)
        held.hierarchy.release(findings)
        held.claims.release(findings)
        self._send_header({})
        self.counts.billing_providers += 1
        # only the HL stays: the transaction-level check counts 2000A loops, nothing more
        return Loop("loop_2000a", children[:1])

    def transaction(self, children: list[Any]) -> Loop:
        tree = Loop("transaction", children)
        self.table.check_loop(tree, self.findings, self.base, self.noted)
        self._check_elements(tree.segments(), self.findings)
        self._send_header({}, children)
        return tree

    def _open_level(self) -> OpenLevel:
        """The open 2000A, read (and its own HL checked) when its first 2000B closes: its HL,
        PRV, CUR and 2010AA/AB/AC are then the last of the parser's values, from its HL on."""
        if self._level is None:
            start = _last_billing_hl(self.values)
            head = _loop("loop_2000a", "2000A", self.values[start:] if start is not None else [])
            provider = {"billing_provider": parties.billing_provider(head)}
            pay_to = parties.pay_to_address(head)
            if pay_to is not None:
                provider["pay_to_address"] = pay_to
            number = self.hierarchy.head(head.first("HL"), None, below=True)
            self._level = OpenLevel(provider, number)
        return self._level

    def _check_elements(self, segments: Iterator[Segment], findings: Findings) -> None:
        """Element checks (IK4) on segments read from the file (not on assumed ones)."""
        if self.guide is None:
            return
        for seg in segments:
            if seg.ordinal:
                report(seg, self.guide, findings, self.base, self.displaced)

    # -- claims -----------------------------------------------------------------------------
    def _send_header(self, receiver: Json, values: list[Any] | None = None) -> None:
        """The header, once: ``values`` (the parser's, by default) still hold ST and BHT."""
        if not self._header_sent:
            self._header_sent = True
            bht = _bht(self.values if values is None else values)
            batch_id = bht[3] if bht is not None else ""
            self.emitted.append(Header(self._submitter, receiver, batch_id))

    def _claim(self, loop: Built, data: Json) -> Claim | Json:
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
        self.held.claims.warning(
            "CLAIM",
            "input",
            f"claim {self.counts.claims} does not fit the "
            f"{self.kind} claim input: {where} {_plain(errors[0]['type'])}{more}",
            loc,
        )


_PLAIN = {
    "missing": "is missing",
    "string_pattern_mismatch": "does not have the form it must have",
    "string_too_short": "is too short",
    "string_too_long": "is too long",
    "literal_error": "is not one of the values it may take",
    "enum": "is not one of the values it may take",
    "date_from_datetime_parsing": "is not a date",
    "date_parsing": "is not a date",
    "decimal_parsing": "is not a number",
    "greater_than_equal": "is too small",
    "less_than_equal": "is too large",
}


def _plain(error_type: str) -> str:
    """What a claim field's problem is, in words a biller reads (never the model library's
    own message, which quotes patterns and types)."""
    return _PLAIN.get(error_type, "is not a value the claim input takes")


def _loop(rule: str, loop_id: str, children: list[Any]) -> Loop:
    place(children, loop_id)
    return Loop(rule, children)


def _bht(values: list[Any]) -> Segment | None:
    """The BHT among the first of the parser's values (ST, BHT, then the header loops)."""
    for value in values[:3]:
        if type(value) is Segment and value.id == "BHT":
            return value
    return None


def _last_billing_hl(values: list[Any]) -> int | None:
    """Where the open 2000A starts among the parser's values: its HL_20 (read or assumed)."""
    for i in range(len(values) - 1, -1, -1):
        value = values[i]
        if type(value) is Segment and value.type == "HL_20":
            return i
    return None


def _claims(sub: Loop) -> Iterator[tuple[Built, Json]]:
    """Every claim of a subscriber, with its subscriber, payer and patient."""
    context = sub.value if isinstance(sub, Built) else {}
    for claim in sub.loops("2300"):
        if isinstance(claim, Built):
            yield claim, dict(claim.value) | context
    for pat in sub.loops("2000C"):
        patient = pat.value if isinstance(pat, Built) else {}
        for claim in pat.loops("2300"):
            if isinstance(claim, Built):
                yield claim, dict(claim.value) | context | patient
