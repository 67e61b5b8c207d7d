"""The payer simulator: 837 files in; 999, 277CA and 835 files and a decision record out.

    result = simulate([Path("outbox/837P-000000001.x12")], Path("inbox"), seed=7, rules=Rules())

Deterministic: control numbers, payer claim numbers, check numbers and dates come from the seed
and the inputs (dates count from the 837's GS04), never from the clock, so the same seed and
inputs give byte-identical files. An interchange that asks for a TA1 (ISA14 = 1) gets one; an
interchange the TA1 rejects gets nothing else. Claims in a set the 999 rejects get no 277CA;
claims the 277CA rejects get no 835.

Memory does not grow with the claims: they are answered one at a time, in passes over records
kept on disk (:mod:`edi.simulator.spool`).

1. Every 837 is read into a spool of claims before anything is written (a bad one stops all).
2. Per 837: the TA1 and the 999, then the 277CA set by set (each claim's status is spooled in
   reading order, then written in the hierarchy's order); each claim's decisions so far go to
   its entry of the decision record, spooled.
3. The accepted claims are adjudicated in reading order (payments spooled; only the claims'
   numbers and running totals per 835 set are kept), then each 835 set is written head first,
   its claims read back one at a time.
4. The decision record is written claim by claim.

The replies are written to a staging folder and move out of it last, so a failure leaves none.
"""

from __future__ import annotations

import os
import random
import shutil
import tempfile
from array import array
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, closing
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from edi.model.remittance.claims import ClaimPayment
from edi.simulator.acknowledge import Draws, claim_status, claim_verdict, set_verdict
from edi.simulator.reading import read_837
from edi.simulator.record import ClaimRecord, DecisionRecord, remittance_json
from edi.simulator.remit import Cycle, RemittanceSet, plan_claim
from edi.simulator.rules import Rules
from edi.simulator.spool import ClaimSpool, Spool
from edi.simulator.submitted import SubmittedClaim, SubmittedFile, SubmittedGroup, SubmittedSet
from edi.simulator.writing import ClaimAckHierarchy, Numbers, ReplyWriter
from edi.x12.errors import InputError
from edi.x12.files import file_sha256
from generators.replies import (
    ClaimStatus,
    InterchangeAck,
    InterchangeWriter,
    SetAck,
    settle,
    write_remittance,
)


@dataclass(frozen=True, slots=True)
class SimulationResult:
    files: tuple[Path, ...]
    record_path: Path
    record: DecisionRecord


@dataclass(frozen=True, slots=True)
class Planned:
    """One accepted claim's 835s, as spooled: its outcome, its CLPs and their sets."""

    label: str
    first: ClaimPayment
    later: tuple[ClaimPayment, ...]  # reversal and correction
    first_set: int
    later_set: int  # -1 when there is no later payment


@dataclass(frozen=True, slots=True)
class SetAnswer:
    """What the TA1 and the 999 said to one transaction set."""

    ta1: dict[str, str] | None  # the TA1's entry, when one was sent
    file: str  # the 999
    ack: SetAck

    def entry(self, claim: SubmittedClaim) -> dict[str, Any]:
        """The TA1 and 999 parts of ``claim``'s entry in the record."""
        named = any(note.claim_id == claim.claim_id for note in self.ack.notes)
        return {
            "ta1": self.ta1,
            "ack999": {"file": self.file, "code": self.ack.code, "named": named},
        }


def _digest(inputs: Sequence[SubmittedFile]) -> str:
    return file_sha256(*(item.path for item in inputs))


def _first_sent(item: SubmittedFile) -> date:
    return min(g.sent for g in item.groups)


class Simulation:
    """One run: the inputs, the draws, the writer, the record and the spools between passes."""

    def __init__(
        self,
        inputs: Sequence[SubmittedFile],
        claims: ClaimSpool,
        out: Path,
        seed: int,
        rules: Rules,
    ) -> None:
        self.inputs = inputs
        self.claims = claims
        self.rules = rules
        self.draws = Draws(seed)
        self.record = DecisionRecord(seed, rules.model_dump(mode="json"))
        self.numbers = Numbers(random.Random(f"{seed}|{_digest(inputs)}"))
        self.writer = ReplyWriter(out, self.numbers, self.record, rules)
        self.entries: Spool[ClaimRecord] = Spool()  # one per claim, in reading order
        self.statuses: Spool[ClaimStatus] = Spool()  # one 277CA set's, in reading order
        self.plans: Spool[Planned] = Spool()
        self.planned = array("q", [-1]) * len(claims)  # claim number -> its plan in the spool
        self.sets: list[RemittanceSet] = []  # every 835 set of the run
        self.seen: set[str] = set()  # CLM01s so far
        first = inputs[0]
        self.provider_side = (first.sender, first.usage)

    def close(self) -> None:
        for spool in (self.entries, self.statuses, self.plans):
            spool.close()

    def run(self) -> None:
        for item in self.inputs:
            self.answer(item)
        self.seen = set()
        self.remit()

    def enter(
        self,
        item: SubmittedFile,
        group: SubmittedGroup,
        ts: SubmittedSet,
        claim: SubmittedClaim,
        outcome: str,
        **decisions: Any,
    ) -> None:
        """The claim's entry in the record, with what the front door decided; a final outcome
        is counted (an accepted claim's comes with its 835s)."""
        if claim.claim_id in self.seen:
            raise InputError(
                f"CLM01 {claim.claim_id} appears twice; the simulator matches replies by CLM01",
                file=str(item.path),
            )
        self.seen.add(claim.claim_id)
        entry = ClaimRecord(
            claim.claim_id,
            item.path.name,
            group.control_number,
            ts.control_number,
            claim.charge,
            outcome,
            **decisions,
        )
        self.entries.add(entry)
        if outcome != "pending":
            self.record.count(outcome)

    def answer(self, item: SubmittedFile) -> None:
        """The TA1, 999 and 277CA for one input; every claim's entry in the record."""
        ta1, passed = self.interchange_ack(item)
        if not passed:
            for group in item.groups:
                for ts in group.sets:
                    for claim in ts.claims:
                        self.enter(item, group, ts, claim, "rejected_ta1", ta1=ta1)
            return
        name, verdicts = self.acknowledge(item)
        answers = [
            (group, ts, SetAnswer(ta1, name, ack))
            for group in item.groups
            for ts, ack in zip(group.sets, verdicts[group.control_number], strict=True)
        ]
        when = datetime.combine(_first_sent(item) + timedelta(days=2), time(7, 0))
        with ExitStack() as stack:
            claim_ack: tuple[str, InterchangeWriter] | None = None
            if any(answer.ack.accepted for _, _, answer in answers):
                claim_ack = stack.enter_context(self.writer.claim_ack(item, when))
            number = 0
            for group, ts, answer in answers:  # in reading order, as the entries go
                if claim_ack is None or not answer.ack.accepted:
                    for claim in ts.claims:
                        self.enter(item, group, ts, claim, "rejected_999", **answer.entry(claim))
                    continue
                number += 1
                self.claim_acks(item, group, ts, answer, claim_ack, number, when)

    def interchange_ack(self, item: SubmittedFile) -> tuple[dict[str, str] | None, bool]:
        """The TA1 for one input, when asked for or when it rejects: its entry in the record,
        and whether the interchange goes on to the 999."""
        rules = self.rules.ta1
        rejected = self.draws.rng("TA1", item.control_number).random() < rules.rejected
        if not (rejected or item.ack_requested):
            return None, True
        when = datetime.combine(_first_sent(item) + timedelta(days=1), time(5, 0))
        status, note = ("R", rules.note_code) if rejected else ("A", "000")
        ack = InterchangeAck(item.control_number, item.date, item.time, status, note)
        name = self.writer.ta1(item, ack, when)
        return {"file": name, "status": status, "note_code": note}, not rejected

    def acknowledge(self, item: SubmittedFile) -> tuple[str, dict[str, list[SetAck]]]:
        """The 999 for one input: its name and the verdict on each set."""
        when = datetime.combine(_first_sent(item) + timedelta(days=1), time(6, 0))
        verdicts = {
            g.control_number: [
                set_verdict(self.draws, self.rules.ack999, g.control_number, ts) for ts in g.sets
            ]
            for g in item.groups
        }
        return self.writer.ack999(item, verdicts, when), verdicts

    def claim_acks(
        self,
        item: SubmittedFile,
        group: SubmittedGroup,
        ts: SubmittedSet,
        answer: SetAnswer,
        claim_ack: tuple[str, InterchangeWriter],
        number: int,
        when: datetime,
    ) -> None:
        """One 277CA transaction set, for a set the 999 accepted: each claim's verdict and
        payer claim number in reading order, then the hierarchy written."""
        name, out = claim_ack
        self.statuses.clear()
        hierarchy = ClaimAckHierarchy()
        for claim in ts.claims:
            verdict = claim_verdict(self.draws, self.rules.claim_ack, claim)
            icn = self.numbers.icn(when.date()) if verdict.accepted else ""
            status = claim_status(verdict, icn, self.draws.rng("277CA-line", claim.claim_id))
            hierarchy.add(claim, status, self.statuses.add(status))
            entry = {
                "file": name,
                "accepted": status.accepted,
                "status": str(status.status),
                "payer_claim_number": status.payer_claim_number,
                "lines": [str(line.status) for line in status.lines],
            }
            outcome = "pending" if status.accepted else "rejected_277ca"
            self.enter(item, group, ts, claim, outcome, **answer.entry(claim), claim_ack=entry)
        receipt = f"{out.envelope.interchange_number}{number:04d}"
        hierarchy.write(
            out, f"{number:04d}", receipt, when, _first_sent(item), ts, self.statuses.load
        )

    def remit(self) -> None:
        """835 cycles: first payments, then reversals and corrections."""
        rules = self.rules.remittance
        paid_on = max(_first_sent(i) for i in self.inputs) + timedelta(days=rules.payment_days)
        corrected_on = paid_on + timedelta(days=rules.correction_days)
        first, later = Cycle(self.rules.payer, self.sets), Cycle(self.rules.payer, self.sets)
        for number, (claim, entry) in enumerate(zip(self.claims, self.entries, strict=True)):
            ack = entry.claim_ack
            if ack is None or not ack["accepted"]:
                continue
            plan = plan_claim(
                self.draws,
                rules,
                claim,
                ack["payer_claim_number"],
                lambda: self.numbers.icn(corrected_on),
            )
            self.record.count(plan.label)
            first_set = first.add(number, claim, (plan.first,))
            later_set = later.add(number, claim, plan.later) if plan.later else -1
            planned = Planned(plan.label, plan.first, plan.later, first_set, later_set)
            self.planned[number] = self.plans.add(planned)
        self.cycle(first, paid_on, lambda p: (p.first,))
        self.cycle(later, corrected_on, lambda p: p.later)

    def cycle(
        self,
        cycle: Cycle,
        paid_on: date,
        payments: Callable[[Planned], tuple[ClaimPayment, ...]],
    ) -> None:
        """One 835 file per payer, a set per payee, each claim's payments read back."""
        receiver, usage = self.provider_side
        when = datetime.combine(paid_on, time(8, 0))
        for payer_id, sets in cycle.files():
            traces = [self.numbers.check() for _ in sets]
            with self.writer.remittance(payer_id, receiver, usage, when) as (name, out):
                for n, (rset, trace) in enumerate(zip(sets, traces, strict=True), 1):
                    rset.file, rset.control = name, f"{n:04d}"
                    head, end = rset.parts(self.draws, self.rules.remittance, paid_on, trace)
                    claims = (p for c in rset.claims for p in payments(self.plan(c)))
                    write_remittance(out, rset.control, head, settle(claims), end)
                    self.record.remittances.append(remittance_json(name, rset.control, head, end))

    def plan(self, number: int) -> Planned:
        return self.plans.load(self.planned[number])

    def claim_records(self) -> Iterator[ClaimRecord]:
        """Every claim's entry in the record, in reading order, with its 835 payments."""
        for number, entry in enumerate(self.entries):
            if self.planned[number] >= 0:
                planned = self.plan(number)
                entry.outcome = planned.label
                first = self.sets[planned.first_set]
                entry.add_payment(first.file, first.control, planned.first)
                for payment in planned.later:
                    later = self.sets[planned.later_set]
                    entry.add_payment(later.file, later.control, payment)
            yield entry


def simulate(
    paths: Sequence[Path],
    out: Path,
    seed: int,
    rules: Rules,
    progress: Callable[[int], None] | None = None,
) -> SimulationResult:
    """Read the 837 files, answer them, write the files and the decision record. ``progress``
    is called with the number of claims read, transaction set by transaction set."""
    if not paths:
        raise InputError("no 837 file given")
    with closing(ClaimSpool()) as claims:
        inputs = [read_837(Path(p), claims, progress) for p in paths]
        out.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".simulate-", dir=out))
        try:
            with closing(Simulation(inputs, claims, staging, seed, rules)) as simulation:
                simulation.run()
                written = simulation.writer.finish(simulation.claim_records())
            # Every reply is written, or none is: the files move out of the staging folder last.
            files = tuple(_publish(p, out) for p in simulation.writer.written)
            record_path = _publish(written, out)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    simulation.record.path = record_path
    return SimulationResult(files, record_path, simulation.record)


def _publish(path: Path, out: Path) -> Path:
    target = out / path.name
    os.replace(path, target)
    return target
