"""Write an 837 file and record it in the ledger: one transaction, or no trace at all.

:func:`stage_claims_file`, inside the caller's ledger transaction, bumps the control numbers,
writes the file under a staging name in the out folder (a dot-name ending ``.tmp``, which pickup
agents and the inbox watcher ignore) and records the batch and every claim as submitted.
:func:`submit_claims_file` does that in a transaction of its own and renames the file into
place only after the commit: a failure before it rolls everything back and removes the staging
file, so no 837 is ever published that the ledger does not hold as sent. The numbers were never
published, so the next run may use them. Numbers reserved earlier on their own (``reserve``)
stay burnt.

Each claim is sent once: :func:`sent_before` finds the claims the ledger holds as sent and not
rejected, and an original (CLM05-3 = 1) of one of them is refused — the claim is changed with a
replacement (7) or cancelled with a void (8). A claim rejected by a TA1, 999/997 or 277CA may
be sent again as an original. The clean-claim checking (:mod:`edi.outbound.sending`) refuses
such claims one by one; :func:`stage_claims_file` checks again inside its transaction and
writes nothing when one slipped through (another run sent it in the meantime). The check locks
the claims' rows first (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite's write transaction is
exclusive), so two runs sending the same claim are serialized: the second waits for the first
to commit, then sees its submission.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Connection, select
from sqlalchemy.exc import SQLAlchemyError

from edi.config import Config
from edi.ledger import schema, states
from edi.ledger.claims_store import chunks
from edi.ledger.store import Ledger, describe
from edi.ledger.submission import OutboundBatch, allocate_control_numbers, record_submission
from edi.model.claim import Claim
from edi.x12 import clock
from edi.x12.control_numbers import GS06, ISA13, ST02, Block
from edi.x12.errors import X12FlowError
from edi.x12.files import file_sha256
from generators.arrange import arrange
from generators.claim_file import MAX_CLAIMS_PER_TRANSACTION, ClaimFileWriter, FileSummary
from generators.kinds import ClaimKind
from generators.output import OutputError, WrittenFile, file_name, transaction_count

ORIGINAL = "1"  # CLM05-3 claim frequency: 1 original, 7 replacement, 8 void


@dataclass(frozen=True, slots=True)
class EarlierSubmission:
    """The latest submission of a claim the ledger holds as sent and not rejected."""

    patient_control_number: str
    file_name: str  # the 837 that carried it
    batch_id: int
    submitted_at: datetime
    status: str  # the claim's status now

    def __str__(self) -> str:
        return (
            f"sent in {self.file_name} (batch {self.batch_id}) on "
            f"{self.submitted_at.date().isoformat()} (status {self.status}, not rejected)"
        )


def resend_advice(earlier: EarlierSubmission) -> str:
    """Why an original of ``earlier``'s claim is refused, and what to send instead."""
    return (
        f"already {earlier}: an original is sent once; to change the claim send a replacement "
        "(frequency_code 7), to cancel it a void (frequency_code 8), with the payer's claim "
        "number in payer_claim_number"
    )


class AlreadySent(X12FlowError):
    """Original claims the ledger holds as sent and not rejected: nothing was written."""

    exit_code = 1

    def __init__(self, earlier: Mapping[str, EarlierSubmission]) -> None:
        shown = [f"claim {n} {resend_advice(e)}" for n, e in list(earlier.items())[:5]]
        more = f"; and {len(earlier) - 5} more" if len(earlier) > 5 else ""
        super().__init__("; ".join(shown) + more + "; nothing was written")
        self.earlier = dict(earlier)


def sent_before(connection: Connection, numbers: Iterable[str]) -> dict[str, EarlierSubmission]:
    """The claims among ``numbers`` (CLM01) that were sent and not rejected since, with their
    latest submission."""
    c, s, b = schema.claims, schema.submissions, schema.batches
    found: dict[str, EarlierSubmission] = {}
    for part in chunks(sorted(set(numbers))):
        # Lock the claims' rows (in CLM01 order) before reading their submissions: a run that
        # is sending one of them holds its lock until it commits, and the query below, a new
        # statement, then sees what that run recorded.
        connection.execute(
            select(c.c.id)
            .where(c.c.patient_control_number.in_(part))
            .order_by(c.c.patient_control_number)
            .with_for_update()
        ).all()
        query = (
            select(c.c.patient_control_number, c.c.status, b.c.file_name, b.c.id, s.c.submitted_at)
            .join(s, s.c.claim_id == c.c.id)
            .join(b, b.c.id == s.c.batch_id)
            .where(c.c.patient_control_number.in_(part), c.c.status != states.REJECTED)
            .order_by(s.c.sequence)
        )
        for row in connection.execute(query):  # the latest submission comes last
            found[row.patient_control_number] = EarlierSubmission(
                row.patient_control_number, row.file_name, row.id, row.submitted_at, row.status
            )
    return found


def resent_originals(
    connection: Connection, claims: Iterable[Claim]
) -> dict[str, EarlierSubmission]:
    """The original claims (CLM05-3 = 1) among ``claims`` that would send a claim twice."""
    return sent_before(
        connection, (c.patient_control_number for c in claims if c.frequency_code == ORIGINAL)
    )


def _write(
    directory: Path,
    target: Path,
    claims: Sequence[Claim],
    kind: ClaimKind,
    config: Config,
    numbers: dict[str, Block],
    when: datetime,
    per_set: int,
) -> tuple[Path, FileSummary]:
    """The 837 under a temporary name in ``directory``, flushed to disk."""
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    temporary = Path(name)
    try:
        with os.fdopen(handle, "w", encoding="ascii", newline="") as stream:
            writer = ClaimFileWriter(
                stream,
                kind,
                config,
                interchange_number=numbers[ISA13].first,
                group_number=numbers[GS06].first,
                transaction_numbers=iter(numbers[ST02]),
                when=when,
                max_claims_per_transaction=per_set,
            )
            summary = writer.write(claims)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o666 & ~_umask())
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary, summary


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@dataclass(frozen=True, slots=True)
class StagedFile:
    """An 837 recorded in an open transaction, still under its staging name."""

    staging: Path
    target: Path
    summary: FileSummary

    def publish(self) -> WrittenFile:
        """Rename the 837 into place: call only once its transaction has committed."""
        os.replace(self.staging, self.target)
        return WrittenFile(self.target, self.summary)

    def discard(self) -> None:
        self.staging.unlink(missing_ok=True)


def prepare_directory(directory: Path) -> None:
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(
            f"cannot create the output directory: {exc.strerror}", file=str(directory)
        ) from None


def stage_claims_file(
    connection: Connection,
    claims: Sequence[Claim],
    kind: ClaimKind,
    config: Config,
    *,
    directory: Path,
    when: datetime | None = None,
    max_claims_per_transaction: int = MAX_CLAIMS_PER_TRANSACTION,
) -> StagedFile:
    """Inside the open transaction of ``connection``: check the send-once rule, take the
    control numbers, write ``claims`` (checked, at least one) as one interchange under a staging
    name in ``directory`` and record them as submitted. The caller publishes the file after its
    commit, or discards it.

    Raises :class:`AlreadySent`, and writes nothing, when an original claim among them was sent
    before and not rejected.
    """
    if not claims:
        raise ValueError("no claims to write")
    moment = when or clock.now()
    ordered = arrange(claims)
    sets = transaction_count(len(ordered), max_claims_per_transaction)
    repeated = resent_originals(connection, ordered)
    if repeated:
        raise AlreadySent(repeated)
    numbers = allocate_control_numbers(connection, {ISA13: 1, GS06: 1, ST02: sets})
    target = directory / file_name(kind, numbers[ISA13].first)
    if target.exists():
        raise OutputError("already exists; the control number table was reset?", file=str(target))
    temporary, summary = _write(
        directory, target, ordered, kind, config, numbers, moment, max_claims_per_transaction
    )
    try:
        batch = OutboundBatch(
            target.name,
            kind.name,
            summary.interchange,
            summary.group,
            summary.transactions,
            moment,
            file_sha256(temporary),
        )
        record_submission(connection, batch, ordered)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return StagedFile(temporary, target, summary)


def submit_claims_file(
    claims: Sequence[Claim],
    kind: ClaimKind,
    config: Config,
    *,
    ledger: Ledger,
    directory: Path,
    when: datetime | None = None,
    max_claims_per_transaction: int = MAX_CLAIMS_PER_TRANSACTION,
) -> WrittenFile:
    """Write ``claims`` (checked, at least one) as one interchange and record them as submitted,
    in a ledger transaction of their own; the 837 is renamed into place after the commit.

    Raises :class:`AlreadySent`, and writes nothing, when an original claim among them was sent
    before and not rejected.
    """
    if not claims:
        raise ValueError("no claims to write")
    prepare_directory(directory)
    staged: StagedFile | None = None
    try:
        with ledger.atomic() as connection:
            staged = stage_claims_file(
                connection,
                claims,
                kind,
                config,
                directory=directory,
                when=when,
                max_claims_per_transaction=max_claims_per_transaction,
            )
    except BaseException as exc:
        if staged is not None:  # written, but the commit failed
            staged.discard()
        if isinstance(exc, OSError):
            raise OutputError(
                f"cannot write the 837: {exc.strerror or exc}; nothing was recorded",
                file=str(directory),
            ) from None
        if isinstance(exc, SQLAlchemyError):  # e.g. another run recorded the same claim
            raise OutputError(
                f"cannot record the 837 in the ledger: {describe(exc)}; nothing was written"
            ) from None
        raise
    try:
        return staged.publish()
    except OSError as exc:
        raise OutputError(
            f"recorded the batch in the ledger, but cannot rename {staged.staging.name} to "
            f"{staged.target.name}: {exc.strerror or exc}; rename it by hand",
            file=str(directory),
        ) from None
