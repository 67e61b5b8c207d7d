"""The payer simulator: 837 files in; 999, 277CA and 835 files and a decision record out.

    result = simulate([Path("outbox/837P-000000001.x12")], Path("inbox"), seed=7, rules=Rules())

Deterministic: control numbers, payer claim numbers, check numbers and dates come from the seed
and the inputs (dates count from the 837's GS04), never from the clock, so the same seed and
inputs give byte-identical files. An interchange that asks for a TA1 (ISA14 = 1) gets one; an
interchange the TA1 rejects gets nothing else. Claims in a set the 999 rejects get no 277CA;
claims the 277CA rejects get no 835.
"""

from __future__ import annotations

import os
import random
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from edi.simulator.acknowledge import Draws, claim_status, claim_verdict, set_verdict
from edi.simulator.reading import read_837
from edi.simulator.record import ClaimRecord, DecisionRecord
from edi.simulator.remit import Payment, arrange, plan_claim, remittance
from edi.simulator.rules import Rules
from edi.simulator.submitted import SubmittedClaim, SubmittedFile, SubmittedSet
from edi.simulator.writing import Numbers, ReplyWriter
from edi.x12.errors import InputError
from edi.x12.files import file_sha256
from generators.replies import InterchangeAck


@dataclass(frozen=True, slots=True)
class SimulationResult:
    files: tuple[Path, ...]
    record_path: Path
    record: DecisionRecord


def _digest(inputs: Sequence[SubmittedFile]) -> str:
    return file_sha256(*(item.path for item in inputs))


def _first_sent(item: SubmittedFile) -> date:
    return min(g.sent for g in item.groups)


def _claim_records(inputs: Sequence[SubmittedFile]) -> dict[str, ClaimRecord]:
    out: dict[str, ClaimRecord] = {}
    for item in inputs:
        for group in item.groups:
            for ts in group.sets:
                for claim in ts.claims:
                    if claim.claim_id in out:
                        raise InputError(
                            f"CLM01 {claim.claim_id} appears twice; the simulator "
                            "matches replies by CLM01",
                            file=str(item.path),
                        )
                    out[claim.claim_id] = ClaimRecord(
                        claim.claim_id,
                        item.path.name,
                        group.control_number,
                        ts.control_number,
                        claim.charge,
                    )
    return out


class Simulation:
    """One run: the inputs, the draws, the writer and the record."""

    def __init__(self, inputs: Sequence[SubmittedFile], out: Path, seed: int, rules: Rules) -> None:
        self.inputs = inputs
        self.rules = rules
        self.draws = Draws(seed)
        self.record = DecisionRecord(
            seed, rules.model_dump(mode="json"), claims=_claim_records(inputs)
        )
        self.numbers = Numbers(random.Random(f"{seed}|{_digest(inputs)}"))
        self.writer = ReplyWriter(out, self.numbers, self.record, rules)
        first = inputs[0]
        self.provider_side = (first.sender, first.usage)

    def run(self) -> None:
        accepted: list[tuple[SubmittedClaim, str]] = []
        for item in self.inputs:
            if self.interchange_ack(item):
                accepted += self.claim_acks(item, self.acknowledge(item))
        if accepted:
            self.remit(accepted)

    def interchange_ack(self, item: SubmittedFile) -> bool:
        """The TA1 for one input, when asked for or when it rejects; whether the interchange
        goes on to the 999."""
        rules = self.rules.ta1
        rejected = self.draws.rng("TA1", item.control_number).random() < rules.rejected
        if not (rejected or item.ack_requested):
            return True
        when = datetime.combine(_first_sent(item) + timedelta(days=1), time(5, 0))
        status, note = ("R", rules.note_code) if rejected else ("A", "000")
        ack = InterchangeAck(item.control_number, item.date, item.time, status, note)
        name = self.writer.ta1(item, ack, when)
        for claim in item.claims():
            entry = self.record.claims[claim.claim_id]
            entry.ta1 = {"file": name, "status": status, "note_code": note}
            if rejected:
                entry.outcome = "rejected_ta1"
        return not rejected

    def acknowledge(self, item: SubmittedFile) -> list[SubmittedSet]:
        """The 999 for one input; the sets it accepts."""
        when = datetime.combine(_first_sent(item) + timedelta(days=1), time(6, 0))
        verdicts = {
            g.control_number: [
                set_verdict(self.draws, self.rules.ack999, g.control_number, ts) for ts in g.sets
            ]
            for g in item.groups
        }
        name = self.writer.ack999(item, verdicts, when)
        passed: list[SubmittedSet] = []
        for group in item.groups:
            for ts, ack in zip(group.sets, verdicts[group.control_number], strict=True):
                named = {n.claim_id for n in ack.notes}
                for claim in ts.claims:
                    entry = self.record.claims[claim.claim_id]
                    entry.ack999 = {
                        "file": name,
                        "code": ack.code,
                        "named": claim.claim_id in named,
                    }
                    if not ack.accepted:
                        entry.outcome = "rejected_999"
                if ack.accepted:
                    passed.append(ts)
        return passed

    def claim_acks(
        self, item: SubmittedFile, sets: list[SubmittedSet]
    ) -> list[tuple[SubmittedClaim, str]]:
        """The 277CA for the accepted sets of one input; accepted claims and their ICNs."""
        if not sets:
            return []
        when = datetime.combine(_first_sent(item) + timedelta(days=2), time(7, 0))
        answered = []
        for ts in sets:
            statuses = []
            for claim in ts.claims:
                verdict = claim_verdict(self.draws, self.rules.claim_ack, claim)
                icn = self.numbers.icn(when.date()) if verdict.accepted else ""
                statuses.append(
                    claim_status(verdict, icn, self.draws.rng("277CA-line", claim.claim_id))
                )
            answered.append((ts, statuses))
        name = self.writer.claim_ack(item, answered, when)
        accepted = []
        for ts, statuses in answered:
            for claim, status in zip(ts.claims, statuses, strict=True):
                entry = self.record.claims[claim.claim_id]
                entry.claim_ack = {
                    "file": name,
                    "accepted": status.accepted,
                    "status": str(status.status),
                    "payer_claim_number": status.payer_claim_number,
                    "lines": [str(line.status) for line in status.lines],
                }
                if status.accepted:
                    accepted.append((claim, status.payer_claim_number))
                else:
                    entry.outcome = "rejected_277ca"
        return accepted

    def remit(self, accepted: Sequence[tuple[SubmittedClaim, str]]) -> None:
        """835 cycles: first payments, then reversals and corrections."""
        rules = self.rules.remittance
        paid_on = max(_first_sent(i) for i in self.inputs) + timedelta(days=rules.payment_days)
        corrected_on = paid_on + timedelta(days=rules.correction_days)
        first: list[Payment] = []
        later: list[Payment] = []
        for claim, icn in accepted:
            plan = plan_claim(self.draws, rules, claim, icn, lambda: self.numbers.icn(corrected_on))
            self.record.claims[claim.claim_id].outcome = plan.label
            first.append(plan.first)
            later += plan.later
        self.cycle(first, paid_on)
        if later:
            self.cycle(later, corrected_on)

    def cycle(self, payments: Sequence[Payment], paid_on: date) -> None:
        receiver, usage = self.provider_side
        when = datetime.combine(paid_on, time(8, 0))
        for sets in arrange(payments):
            remittances = [
                remittance(
                    self.draws,
                    self.rules.remittance,
                    self.rules.payer,
                    items,
                    paid_on,
                    self.numbers.check(),
                )
                for items in sets
            ]
            payer_id = sets[0][0].claim.payer.identifier
            name, controls = self.writer.remittance(payer_id, receiver, usage, remittances, when)
            for items, control in zip(sets, controls, strict=True):
                for item in items:
                    self.record.claims[item.claim.claim_id].add_payment(name, control, item.payment)


def simulate(paths: Sequence[Path], out: Path, seed: int, rules: Rules) -> SimulationResult:
    """Read the 837 files, answer them, write the files and the decision record."""
    if not paths:
        raise InputError("no 837 file given")
    inputs = [read_837(Path(p)) for p in paths]
    out.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".simulate-", dir=out))
    try:
        simulation = Simulation(inputs, staging, seed, rules)
        simulation.run()
        record_path = simulation.writer.finish()
        # Every reply is written, or none is: the files move out of the staging folder last.
        files = tuple(_publish(p, out) for p in simulation.writer.written)
        record_path = _publish(record_path, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return SimulationResult(files, record_path, simulation.record)


def _publish(path: Path, out: Path) -> Path:
    target = out / path.name
    os.replace(path, target)
    return target
