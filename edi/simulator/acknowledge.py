"""The clearinghouse's and the payer's front door: 999 verdicts per set, 277CA per claim.

Every draw comes from :class:`Draws` keyed by what it decides about (a set's control numbers, a
claim's CLM01), so the same seed gives the same verdicts whatever the order of the inputs.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from edi.simulator.rules import Ack999Rules, ClaimAckRules, RejectReason
from edi.simulator.submitted import CodedElement, SubmittedClaim, SubmittedSet
from generators.replies import (
    ClaimStatus,
    ElementNote,
    LineStatus,
    Name,
    SegmentNote,
    SetAck,
    StatusCode,
)
from generators.replies.ack999 import SetCode

ACCEPTED = StatusCode("A2", "20", "PR")
ERROR_KINDS = ("procedure", "diagnosis", "facility")


class Draws:
    """Independent random streams, one per decision, all from one seed."""

    def __init__(self, seed: int) -> None:
        self.seed = seed

    def rng(self, *scope: str) -> random.Random:
        return random.Random("|".join((str(self.seed), *scope)))


def _element_note(code: str, element: CodedElement) -> ElementNote:
    return ElementNote(element.position, element.reference, code, element.component, element.value)


def error_note(rng: random.Random, claim: SubmittedClaim, code: str) -> SegmentNote:
    """IK3/CTX/IK4 for an (invented) invalid code value in ``claim``."""
    kind = rng.choice(ERROR_KINDS)
    if kind == "procedure" and claim.lines:
        line = rng.choice(claim.lines)
        return SegmentNote(
            line.segment_id,
            line.position,
            "2400",
            "8",
            claim.claim_id,
            (_element_note(code, line.code),),
        )
    if kind == "diagnosis":
        return SegmentNote(
            "HI",
            claim.diagnosis_position,
            "2300",
            "8",
            claim.claim_id,
            (_element_note(code, claim.diagnosis),),
        )
    return SegmentNote(
        "CLM", claim.position, "2300", "8", claim.claim_id, (_element_note(code, claim.facility),)
    )


def set_verdict(draws: Draws, rules: Ack999Rules, group: str, ts: SubmittedSet) -> SetAck:
    """The 999's AK2 loop for one 837 transaction set."""
    rng = draws.rng("999", group, ts.control_number, ts.batch_id)
    roll = rng.random()
    code: SetCode
    if roll < rules.rejected:
        code = "R"
    elif roll < rules.rejected + rules.accepted_with_errors:
        code = "E"
    else:
        return SetAck("837", ts.control_number, ts.implementation, "A")
    if not ts.claims:
        return SetAck("837", ts.control_number, ts.implementation, code, (), ("I5",))
    note = error_note(rng, rng.choice(ts.claims), "7")
    return SetAck("837", ts.control_number, ts.implementation, code, (note,), ("I5",))


@dataclass(frozen=True, slots=True)
class ClaimVerdict:
    """The 277CA's word on one claim: a rejection reason, or None for accepted."""

    claim: SubmittedClaim
    reason: RejectReason | None

    @property
    def accepted(self) -> bool:
        return self.reason is None


def claim_verdict(draws: Draws, rules: ClaimAckRules, claim: SubmittedClaim) -> ClaimVerdict:
    rng = draws.rng("277CA", claim.claim_id)
    if rng.random() >= rules.rejected:
        return ClaimVerdict(claim, None)
    reason = rng.choices(rules.reasons, weights=[r.weight for r in rules.reasons])[0]
    return ClaimVerdict(claim, reason)


def _patient(claim: SubmittedClaim) -> Name:
    who = claim.patient or claim.subscriber
    return Name(who.last, who.first, "MI", claim.subscriber.member_id)


def claim_status(verdict: ClaimVerdict, payer_claim_number: str, rng: random.Random) -> ClaimStatus:
    """2000D for one claim: A2:20 with REF*1K, or the rejection (with a 2220D line)."""
    claim, reason = verdict.claim, verdict.reason
    lines: tuple[LineStatus, ...] = ()
    if reason is None:
        status, number = ACCEPTED, payer_claim_number
    elif reason.line and claim.lines:
        line = rng.choice(claim.lines)
        status, number = StatusCode(reason.category, "21"), ""
        lines = (
            LineStatus(
                line.procedure,
                line.charge,
                StatusCode(reason.category, reason.status, reason.entity),
                line.service,
                line.revenue_code,
                line.units,
                line.line_control,
            ),
        )
    else:
        status = StatusCode(reason.category, reason.status, reason.entity)
        number = ""
    return ClaimStatus(
        claim.claim_id,
        claim.charge,
        status,
        _patient(claim),
        claim.service,
        number,
        claim.clearinghouse_trace,
        claim.bill_type,
        lines,
    )
