"""The claim ledger: batches, claims, acknowledgments, remittances and the event log.

Open it with :meth:`Ledger.open` (``--db URL``, ``$X12FLOW_DATABASE_URL`` or
``sqlite:///x12flow.db``); migrations run on open. Post inbound files with
:func:`edi.inbound.ingest.ingest_file`; record outbound claims with :func:`record_submission` inside
the transaction that bumps the control numbers (:func:`allocate_control_numbers`). A database
that cannot be reached raises :class:`LedgerUnavailable` (try again later); 835 sets that do
not balance wait in :mod:`edi.ledger.held`. Metric definitions are in this package's README.md.
"""

from edi.ledger.store import Ledger, LedgerError, LedgerUnavailable
from edi.ledger.submission import (
    OutboundBatch,
    SubmissionResult,
    allocate_control_numbers,
    record_submission,
)

__all__ = [
    "Ledger",
    "LedgerError",
    "LedgerUnavailable",
    "OutboundBatch",
    "SubmissionResult",
    "allocate_control_numbers",
    "record_submission",
]
