"""One 837 written under a staging name and recorded in the caller's ledger transaction.

:func:`stage_claims_file`, inside the open transaction, checks the send-once rule again (unless
its caller has just done so in that transaction), takes the control numbers, writes the file
under a staging name in the out folder (a dot-name ending ``.tmp``, which pickup agents and the
inbox watcher ignore), flushed to disk, and records the batch and every claim as submitted.
The caller renames the file into place (:meth:`StagedFile.publish`) only after its commit, or
removes it (:meth:`StagedFile.discard`) when the transaction fails: no 837 is ever published
that the ledger does not hold as sent.
The numbers of a rolled-back run were never published, so the next run may use them; numbers
reserved earlier on their own (``reserve``) stay burnt.

The file is named ``<837P|837I>-<ISA13>.x12``; its sender, receiver and delimiters come from the
configuration (:func:`claim_file_settings`).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

from sqlalchemy import Connection

from edi.config import Config
from edi.ledger.outbound import ORIGINAL, AlreadySent, sent_before
from edi.ledger.submission import (
    OutboundBatch,
    SubmittedClaim,
    allocate_control_numbers,
    record_submission,
)
from edi.model.claim import Claim
from edi.x12 import clock
from edi.x12.control_numbers import GS06, ISA13, ST02, Block
from edi.x12.errors import X12FlowError
from edi.x12.files import file_sha256
from generators.arrange import arrange
from generators.claim_file import (
    MAX_CLAIMS_PER_TRANSACTION,
    ClaimFileSettings,
    ClaimFileWriter,
    FileSummary,
    Receiver,
    Submitter,
    transaction_count,
)
from generators.kinds import ClaimKind
from generators.prepared import PreparedClaim


class OutputError(X12FlowError):
    """The output file cannot be written."""


class Outgoing(Protocol):
    """The claims of one 837, in the order the file carries them: the writer's and the
    ledger's view of each (each read once), and the numbers of the originals."""

    def __len__(self) -> int: ...

    def originals(self) -> Iterable[str]: ...

    def claims(self) -> Iterable[Claim | PreparedClaim]: ...

    def records(self) -> Iterable[Claim | SubmittedClaim]: ...


class ClaimsInMemory:
    """:class:`Outgoing` for claim models at hand, arranged (:func:`generators.arrange.arrange`)."""

    def __init__(self, claims: Sequence[Claim]) -> None:
        self._claims = arrange(claims)

    def __len__(self) -> int:
        return len(self._claims)

    def originals(self) -> list[str]:
        return [c.patient_control_number for c in self._claims if c.frequency_code == ORIGINAL]

    def claims(self) -> list[Claim]:
        return self._claims

    def records(self) -> list[Claim]:
        return self._claims


def claim_file_settings(config: Config) -> ClaimFileSettings:
    """What the 837 writer takes from the configuration: the parties and the delimiters."""
    ic, submitter, receiver = config.interchange, config.submitter, config.receiver
    return ClaimFileSettings(
        sender_qualifier=ic.sender_qualifier,
        sender_id=ic.sender_id,
        receiver_qualifier=ic.receiver_qualifier,
        receiver_id=ic.receiver_id,
        usage_indicator=ic.usage_indicator,
        acknowledgment_requested=ic.acknowledgment_requested,
        submitter=Submitter(
            submitter.name, submitter.id, submitter.contact_name, submitter.phone, submitter.email
        ),
        receiver=Receiver(receiver.name, receiver.id),
        delimiters=config.delimiters.delimiters(),
        line_break=config.delimiters.line_break,
    )


def file_name(kind: ClaimKind, interchange_number: int) -> str:
    return f"{kind.name}-{interchange_number:09d}.x12"


def prepare_directory(directory: Path) -> None:
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(
            f"cannot create the output directory: {exc.strerror}", file=str(directory)
        ) from None


@dataclass(frozen=True, slots=True)
class StagedFile:
    """An 837 recorded in an open transaction, still under its staging name."""

    staging: Path
    target: Path
    summary: FileSummary
    batch_id: int

    def publish(self) -> Path:
        """Rename the 837 into place: call only once its transaction has committed."""
        os.replace(self.staging, self.target)
        return self.target

    def discard(self) -> None:
        self.staging.unlink(missing_ok=True)


def _write(
    target: Path,
    claims: Iterable[Claim | PreparedClaim],
    kind: ClaimKind,
    settings: ClaimFileSettings,
    numbers: dict[str, Block],
    when: datetime,
    per_set: int,
) -> tuple[Path, FileSummary]:
    """The 837 under a staging name beside ``target``, flushed to disk."""
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    staging = Path(name)
    try:
        with os.fdopen(handle, "w", encoding="ascii", newline="") as stream:
            writer = ClaimFileWriter(
                stream,
                kind,
                settings,
                interchange_number=numbers[ISA13].first,
                group_number=numbers[GS06].first,
                transaction_numbers=iter(numbers[ST02]),
                when=when,
                max_claims_per_transaction=per_set,
            )
            summary = writer.write(claims)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(staging, 0o666 & ~_umask())
    except BaseException:
        staging.unlink(missing_ok=True)
        raise
    return staging, summary


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def stage_claims_file(
    connection: Connection,
    claims: Sequence[Claim] | Outgoing,
    kind: ClaimKind,
    config: Config,
    *,
    directory: Path,
    when: datetime | None = None,
    max_claims_per_transaction: int = MAX_CLAIMS_PER_TRANSACTION,
    checked_sent_before: bool = False,
) -> StagedFile:
    """Inside the open transaction of ``connection``: check the send-once rule, take the
    control numbers, write ``claims`` (checked, at least one; models, or claims set aside by the
    outbound pipeline) as one interchange under a staging name in ``directory`` (which exists)
    and record them as submitted. The caller publishes the file after its commit, or discards
    it.

    Raises :class:`AlreadySent`, and writes nothing, when an original claim among them was sent
    before and not rejected. ``checked_sent_before`` says the caller has just refused those
    claims in this same transaction (:func:`edi.outbound.sending.refuse_sent_before`, which
    locked their rows): the ledger is not asked a second time.
    """
    outgoing = ClaimsInMemory(claims) if isinstance(claims, Sequence) else claims
    if not len(outgoing):
        raise ValueError("no claims to write")
    moment = when or clock.now()
    sets = transaction_count(len(outgoing), max_claims_per_transaction)
    if not checked_sent_before:
        repeated = sent_before(connection, outgoing.originals())
        if repeated:
            raise AlreadySent(repeated)
    numbers = allocate_control_numbers(connection, {ISA13: 1, GS06: 1, ST02: sets})
    target = directory / file_name(kind, numbers[ISA13].first)
    if target.exists():
        raise OutputError("already exists; the control number table was reset?", file=str(target))
    staging, summary = _write(
        target,
        outgoing.claims(),
        kind,
        claim_file_settings(config),
        numbers,
        moment,
        max_claims_per_transaction,
    )
    try:
        batch = OutboundBatch(
            target.name,
            kind.name,
            summary.interchange,
            summary.group,
            summary.transactions,
            moment,
            file_sha256(staging),
        )
        recorded = record_submission(connection, batch, outgoing.records())
    except BaseException:
        staging.unlink(missing_ok=True)
        raise
    return StagedFile(staging, target, summary, recorded.batch_id)
