"""Write the simulator's reply files: envelopes, control numbers, names, and the record.

Files are named like the generator's: ``TA1-<ISA13>.x12``, ``999-<ISA13>.x12``,
``277CA-<ISA13>.x12``, ``835-<ISA13>.x12``; the record is ``simulation-<first ISA13>.json``.
Each file is written under a temporary name and renamed when complete.
"""

from __future__ import annotations

import json
import os
import random
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

from edi.simulator.record import DecisionRecord, FileRecord, remittance_json
from edi.simulator.rules import Rules
from edi.simulator.submitted import SubmittedFile, SubmittedSet
from generators.replies import (
    ClaimStatus,
    Envelope,
    GroupAck,
    InterchangeAck,
    Name,
    ProviderStatus,
    RemittanceAdvice,
    SetAck,
    SourceStatus,
    TransactionBody,
    ack999_body,
    claim_ack_body,
    remittance_body,
    write_interchange,
    write_ta1,
)
from generators.replies.claim_ack import FUNCTIONAL_ID as HN
from generators.replies.claim_ack import VERSION as X214
from generators.replies.remittance import FUNCTIONAL_ID as HP
from generators.replies.remittance import VERSION as X221A1

FA, X231A1 = "FA", "005010X231A1"


class Numbers:
    """Control, payer claim and check numbers: sequences that start where the seed says."""

    def __init__(self, rng: random.Random) -> None:
        self._interchange = rng.randint(1_000, 800_000_000)
        self._claim = rng.randint(1, 10**9)
        self._check = rng.randint(10**6, 10**8)

    def interchange(self) -> int:
        """ISA13 (GS06 takes the same number)."""
        self._interchange += 1
        return self._interchange

    def icn(self, processed: date) -> str:
        """A payer claim control number: Julian date and a sequence (REF*1K, CLP07)."""
        self._claim += 1
        return f"{processed:%y%j}{self._claim:010d}"

    def check(self) -> str:
        """An 835 check or EFT trace number (TRN02)."""
        self._check += 1
        return f"{self._check:09d}"


def _group_by(
    statuses: Sequence[tuple[str, str, ClaimStatus]],
) -> dict[str, dict[str, list[ClaimStatus]]]:
    out: dict[str, dict[str, list[ClaimStatus]]] = {}
    for payer, provider, status in statuses:
        out.setdefault(payer, {}).setdefault(provider, []).append(status)
    return out


def claim_ack_sources(
    ts: SubmittedSet, statuses: Sequence[ClaimStatus], received: date, processed: date, receipt: str
) -> list[SourceStatus]:
    """2000A per payer, 2000C per billing provider, in order of appearance."""
    parties = {c.payer.identifier: c.payer for c in ts.claims}
    providers = {c.billing.identifier: c.billing for c in ts.claims}
    keyed = [
        (c.payer.identifier, c.billing.identifier, s)
        for c, s in zip(ts.claims, statuses, strict=True)
    ]
    submitter = Name(ts.submitter.last, ts.submitter.first, "46", ts.submitter.identifier)
    sources = []
    for n, (payer_id, by_provider) in enumerate(_group_by(keyed).items(), 1):
        payer = parties[payer_id]
        levels = tuple(
            ProviderStatus(
                Name(providers[npi].last, providers[npi].first, "XX", npi),
                f"{receipt}-{n}-{k}",
                tuple(claims),
            )
            for k, (npi, claims) in enumerate(by_provider.items(), 1)
        )
        sources.append(
            SourceStatus(
                Name(payer.last, "", payer.id_qualifier, payer.identifier),
                f"{receipt}-{n}",
                received,
                processed,
                submitter,
                ts.batch_id,
                levels,
            )
        )
    return sources


class ReplyWriter:
    """Writes reply interchanges into ``out`` and notes each in the record."""

    def __init__(self, out: Path, numbers: Numbers, record: DecisionRecord, rules: Rules) -> None:
        self.out = out
        self.numbers = numbers
        self.record = record
        self.rules = rules
        self.written: list[Path] = []

    def _envelope(
        self,
        sender: tuple[str, str],
        receiver: tuple[str, str],
        usage: str,
        functional_id: str,
        version: str,
        when: datetime,
    ) -> Envelope:
        number = self.numbers.interchange()
        return Envelope(
            sender[0],
            sender[1],
            receiver[0],
            receiver[1],
            number,
            number,
            functional_id,
            version,
            when,
            usage,
        )

    def _write(
        self,
        kind: str,
        envelope: Envelope,
        bodies: Sequence[TransactionBody],
        answers: tuple[str, ...],
    ) -> str:
        return self._file(kind, envelope, write_interchange(envelope, bodies), answers)

    def _file(self, kind: str, envelope: Envelope, text: str, answers: tuple[str, ...]) -> str:
        name = f"{kind}-{envelope.interchange_number:09d}.x12"
        self.out.mkdir(parents=True, exist_ok=True)
        _atomic_write(self.out / name, text)
        self.written.append(self.out / name)
        self.record.files.append(
            FileRecord(name, kind, f"{envelope.interchange_number:09d}", answers)
        )
        return name

    def ta1(self, item: SubmittedFile, ack: InterchangeAck, when: datetime) -> str:
        envelope = self._envelope(item.receiver, item.sender, item.usage, "", "", when)
        return self._file("TA1", envelope, write_ta1(envelope, ack), (item.path.name,))

    def ack999(self, item: SubmittedFile, verdicts: dict[str, list[SetAck]], when: datetime) -> str:
        envelope = self._envelope(item.receiver, item.sender, item.usage, FA, X231A1, when)
        bodies = [
            ack999_body(
                GroupAck(
                    g.functional_id, g.control_number, g.version, tuple(verdicts[g.control_number])
                ),
                f"{n:04d}",
            )
            for n, g in enumerate(item.groups, 1)
        ]
        return self._write("999", envelope, bodies, (item.path.name,))

    def claim_ack(
        self,
        item: SubmittedFile,
        answered: Sequence[tuple[SubmittedSet, Sequence[ClaimStatus]]],
        when: datetime,
    ) -> str:
        envelope = self._envelope(item.receiver, item.sender, item.usage, HN, X214, when)
        received = min(g.sent for g in item.groups)
        bodies = []
        for n, (ts, statuses) in enumerate(answered, 1):
            receipt = f"{envelope.interchange_number}{n:04d}"
            sources = claim_ack_sources(ts, statuses, received, when.date(), receipt)
            bodies.append(claim_ack_body(f"{n:04d}", receipt, when, sources))
        return self._write("277CA", envelope, bodies, (item.path.name,))

    def remittance(
        self,
        payer_id: str,
        receiver: tuple[str, str],
        usage: str,
        sets: Sequence[RemittanceAdvice],
        when: datetime,
    ) -> tuple[str, list[str]]:
        """One 835 file: a transaction set per remittance; its name and the ST02s."""
        envelope = self._envelope(("ZZ", payer_id), receiver, usage, HP, X221A1, when)
        controls = [f"{n:04d}" for n in range(1, len(sets) + 1)]
        bodies = [remittance_body(c, r) for c, r in zip(controls, sets, strict=True)]
        name = self._write("835", envelope, bodies, ())
        self.record.remittances += [
            remittance_json(name, c, r) for c, r in zip(controls, sets, strict=True)
        ]
        return name, controls

    def finish(self) -> Path:
        """Write the decision record beside the files; its path."""
        first = self.record.files[0].interchange if self.record.files else "000000000"
        path = self.out / f"simulation-{first}.json"
        self.out.mkdir(parents=True, exist_ok=True)
        _atomic_write(path, json.dumps(self.record.to_json(), indent=1) + "\n")
        return path


def _atomic_write(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.tmp")
    with open(temporary, "w", encoding="utf-8", newline="") as stream:
        stream.write(text)
    os.replace(temporary, path)
