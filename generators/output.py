"""Write checked claims to an 837 file: control numbers first, then an atomic file write.

Control numbers are reserved in their own committed transaction *before* the file is written,
so a run that fails halfway burns its numbers and a later run never reuses them. The file is
written under a temporary name in the output directory and renamed when complete; its final
name is ``<837P|837I>-<ISA13>.x12``.
"""

from __future__ import annotations

import math
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from edi.config import Config
from edi.control_numbers import GS06, ISA13, ST02, reserve
from edi.errors import X12FlowError
from generators.arrange import arrange
from generators.claim_file import MAX_CLAIMS_PER_TRANSACTION, ClaimFileWriter, FileSummary
from generators.kinds import ClaimKind
from generators.models import Claim


class OutputError(X12FlowError):
    """The output file cannot be written."""


@dataclass(frozen=True, slots=True)
class WrittenFile:
    path: Path
    summary: FileSummary


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def file_name(kind: ClaimKind, interchange_number: int) -> str:
    return f"{kind.name}-{interchange_number:09d}.x12"


def transaction_count(claims: int, per_transaction: int = MAX_CLAIMS_PER_TRANSACTION) -> int:
    return max(1, math.ceil(claims / per_transaction))


def write_claims_file(
    claims: Sequence[Claim],
    kind: ClaimKind,
    config: Config,
    *,
    database_url: str,
    directory: Path,
    when: datetime | None = None,
    max_claims_per_transaction: int = MAX_CLAIMS_PER_TRANSACTION,
) -> WrittenFile:
    """Write ``claims`` (already checked, at least one) as one interchange file."""
    if not claims:
        raise ValueError("no claims to write")
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(
            f"cannot create the output directory: {exc.strerror}", file=str(directory)
        ) from None
    sets = transaction_count(len(claims), max_claims_per_transaction)
    numbers = reserve(database_url, {ISA13: 1, GS06: 1, ST02: sets})
    interchange = numbers[ISA13].first
    target = directory / file_name(kind, interchange)
    if target.exists():
        raise OutputError(
            "already exists; the control number database was reset?", file=str(target)
        )
    handle, temporary = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=".tmp", dir=directory, text=True
    )
    try:
        with os.fdopen(handle, "w", encoding="ascii", newline="") as stream:
            writer = ClaimFileWriter(
                stream,
                kind,
                config,
                interchange_number=interchange,
                group_number=numbers[GS06].first,
                transaction_numbers=iter(numbers[ST02]),
                when=when or datetime.now(),
                max_claims_per_transaction=max_claims_per_transaction,
            )
            summary = writer.write(arrange(claims))
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return WrittenFile(target, summary)
