"""Write an 837 file and record it in the ledger: one transaction, or no trace at all.

:func:`submit_claims_file`: inside one ledger transaction it bumps the control numbers,
writes the file under a temporary name, records the batch and every claim as submitted, and
renames the file into place; leaving the block commits. A failure before the commit rolls
everything back and removes the temporary file: the numbers were never published, so the next
run may use them. A failed commit removes the renamed file. Numbers reserved earlier on their
own (``reserve``) stay burnt.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from edi.config import Config
from edi.control_numbers import GS06, ISA13, ST02, Block
from edi.ledger.store import Ledger
from edi.ledger.submission import OutboundBatch, allocate_control_numbers, record_submission
from generators.arrange import arrange
from generators.claim_file import MAX_CLAIMS_PER_TRANSACTION, ClaimFileWriter, FileSummary
from generators.kinds import ClaimKind
from generators.models import Claim
from generators.output import OutputError, WrittenFile, file_name, transaction_count


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


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


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
    """Write ``claims`` (checked, at least one) as one interchange and record them as submitted."""
    if not claims:
        raise ValueError("no claims to write")
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(
            f"cannot create the output directory: {exc.strerror}", file=str(directory)
        ) from None
    moment = when or datetime.now()
    ordered = arrange(claims)
    sets = transaction_count(len(ordered), max_claims_per_transaction)
    published: Path | None = None
    try:
        with ledger.atomic() as connection:
            numbers = allocate_control_numbers(connection, {ISA13: 1, GS06: 1, ST02: sets})
            target = directory / file_name(kind, numbers[ISA13].first)
            if target.exists():
                raise OutputError(
                    "already exists; the control number table was reset?", file=str(target)
                )
            temporary, summary = _write(
                directory,
                target,
                ordered,
                kind,
                config,
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
                    _sha256(temporary),
                )
                record_submission(connection, batch, ordered)
                os.replace(temporary, target)
                published = target
            finally:
                temporary.unlink(missing_ok=True)
    except BaseException as exc:
        if published is not None:  # renamed, but the commit failed
            published.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise OutputError(
                f"cannot write the 837: {exc.strerror or exc}; nothing was recorded",
                file=str(directory),
            ) from None
        raise
    return WrittenFile(target, summary)
