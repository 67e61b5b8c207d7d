"""Write the simulator's reply files: envelopes, control numbers, names, and the record.

Files are named like the generator's: ``TA1-<ISA13>.x12``, ``999-<ISA13>.x12``,
``277CA-<ISA13>.x12``, ``835-<ISA13>.x12``; the record is ``simulation-<first ISA13>.json``.
The 277CA and 835 interchanges are written as they are decided (:meth:`ReplyWriter.interchange`),
never held whole. Each file is written under a temporary name and renamed when complete.
"""

from __future__ import annotations

import os
import random
from array import array
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TextIO

from edi.simulator.record import ClaimRecord, DecisionRecord, FileRecord, write_record
from edi.simulator.rules import Rules
from edi.simulator.submitted import Party, SubmittedClaim, SubmittedFile, SubmittedSet
from generators.replies import (
    ClaimAckWriter,
    ClaimStatus,
    Envelope,
    GroupAck,
    InterchangeAck,
    InterchangeWriter,
    Name,
    SetAck,
    Source,
    Tally,
    ack999_body,
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


@dataclass(slots=True)
class _ProviderLevel:
    tally: Tally = field(default_factory=Tally)
    statuses: array[int] = field(default_factory=lambda: array("q"))  # where each was spooled


@dataclass(slots=True)
class _PayerLevel:
    party: Party
    tally: Tally = field(default_factory=Tally)
    providers: dict[str, _ProviderLevel] = field(default_factory=dict)  # by NPI


class ClaimAckHierarchy:
    """One 277CA set's hierarchy in the making: a 2000A per payer and a 2000C per billing
    provider under it, in order of appearance, with their tallies and where each claim's
    status was spooled (the statuses themselves are read back as they are written)."""

    def __init__(self) -> None:
        self.payers: dict[str, _PayerLevel] = {}
        self.billing: dict[str, Party] = {}  # by NPI: the names of the set's last claim

    def add(self, claim: SubmittedClaim, status: ClaimStatus, at: int) -> None:
        payer = self.payers.get(claim.payer.identifier)
        if payer is None:
            payer = self.payers[claim.payer.identifier] = _PayerLevel(claim.payer)
        payer.party = claim.payer  # the names of the payer's last claim
        self.billing[claim.billing.identifier] = claim.billing
        provider = payer.providers.setdefault(claim.billing.identifier, _ProviderLevel())
        payer.tally.add(status)
        provider.tally.add(status)
        provider.statuses.append(at)

    def write(
        self,
        out: InterchangeWriter,
        control_number: str,
        receipt: str,
        when: datetime,
        received: date,
        ts: SubmittedSet,
        status: Callable[[int], ClaimStatus],
    ) -> None:
        """The 277CA transaction set answering ``ts`` (``status`` reads a spooled status)."""
        writer = ClaimAckWriter(out, control_number, receipt, when)
        submitter = Name(ts.submitter.last, ts.submitter.first, "46", ts.submitter.identifier)
        for n, (payer_id, payer) in enumerate(self.payers.items(), 1):
            party = payer.party
            source = Name(party.last, "", party.id_qualifier, payer_id)
            writer.source(
                Source(source, f"{receipt}-{n}", received, when.date(), submitter, ts.batch_id),
                payer.tally,
            )
            for k, (npi, provider) in enumerate(payer.providers.items(), 1):
                billing = self.billing[npi]
                name = Name(billing.last, billing.first, "XX", npi)
                writer.provider(name, f"{receipt}-{n}-{k}", provider.tally)
                for at in provider.statuses:
                    writer.claim(status(at))
        writer.end()


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

    def _file(self, kind: str, envelope: Envelope, text: str, answers: tuple[str, ...]) -> str:
        with self._open(kind, envelope, answers) as (name, stream):
            stream.write(text)
        return name

    @contextmanager
    def _open(
        self, kind: str, envelope: Envelope, answers: tuple[str, ...]
    ) -> Iterator[tuple[str, TextIO]]:
        """A reply file to write: renamed to its name, and noted, once written whole."""
        name = f"{kind}-{envelope.interchange_number:09d}.x12"
        self.out.mkdir(parents=True, exist_ok=True)
        path = self.out / name
        temporary = path.with_name(f".{name}.tmp")
        with open(temporary, "w", encoding="utf-8", newline="") as stream:
            yield name, stream
        os.replace(temporary, path)
        self.written.append(path)
        self.record.files.append(
            FileRecord(name, kind, f"{envelope.interchange_number:09d}", answers)
        )

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
        return self._file("999", envelope, write_interchange(envelope, bodies), (item.path.name,))

    @contextmanager
    def claim_ack(
        self, item: SubmittedFile, when: datetime
    ) -> Iterator[tuple[str, InterchangeWriter]]:
        """The 277CA answering ``item``: its name and the interchange to write its sets to."""
        envelope = self._envelope(item.receiver, item.sender, item.usage, HN, X214, when)
        with self.interchange("277CA", envelope, (item.path.name,)) as opened:
            yield opened

    @contextmanager
    def remittance(
        self, payer_id: str, receiver: tuple[str, str], usage: str, when: datetime
    ) -> Iterator[tuple[str, InterchangeWriter]]:
        """One 835 file from ``payer_id``: its name and the interchange (a set per payee)."""
        envelope = self._envelope(("ZZ", payer_id), receiver, usage, HP, X221A1, when)
        with self.interchange("835", envelope, ()) as opened:
            yield opened

    @contextmanager
    def interchange(
        self, kind: str, envelope: Envelope, answers: tuple[str, ...]
    ) -> Iterator[tuple[str, InterchangeWriter]]:
        with self._open(kind, envelope, answers) as (name, stream):
            writer = InterchangeWriter(stream, envelope)
            yield name, writer
            writer.close()

    def finish(self, claims: Iterable[ClaimRecord]) -> Path:
        """Write the decision record beside the files, its claims as they come; its path."""
        first = self.record.files[0].interchange if self.record.files else "000000000"
        path = self.out / f"simulation-{first}.json"
        self.out.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.tmp")
        with open(temporary, "w", encoding="utf-8", newline="") as stream:
            write_record(stream, self.record, claims)
        os.replace(temporary, path)
        return path
