"""The pieces of an 837 output file: its name ``<837P|837I>-<ISA13>.x12``, how many
transaction sets it needs, and what was written. The write itself — control numbers, file,
batch and claims in one ledger transaction — is :func:`edi.ledger.outbound.submit_claims_file`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from edi.x12.errors import X12FlowError
from generators.claim_file import MAX_CLAIMS_PER_TRANSACTION, FileSummary
from generators.kinds import ClaimKind


class OutputError(X12FlowError):
    """The output file cannot be written."""


@dataclass(frozen=True, slots=True)
class WrittenFile:
    path: Path
    summary: FileSummary


def file_name(kind: ClaimKind, interchange_number: int) -> str:
    return f"{kind.name}-{interchange_number:09d}.x12"


def transaction_count(claims: int, per_transaction: int = MAX_CLAIMS_PER_TRANSACTION) -> int:
    return max(1, math.ceil(claims / per_transaction))
