"""Clean claims set aside on disk between the check and the write.

The check (:func:`edi.outbound.sending.check_inputs`) renders each clean claim for its 837
(:class:`generators.prepared.PreparedClaim`) and takes what the ledger will record of it
(:class:`edi.ledger.submission.SubmittedClaim`). Both go to temporary files, and memory keeps
only where each record ends, so a batch of any size takes the memory of a few of its claims.
The 837 is written, and the ledger rows are made, by reading the records back in the file's
order. Closing the spool removes the files (they have no name: nothing is left behind even if
the process dies).
"""

from __future__ import annotations

import os
import pickle
import tempfile
from array import array
from datetime import date
from decimal import Decimal
from typing import IO, Any

from edi.ledger.submission import SubmittedClaim, SubmittedLine
from generators.prepared import PreparedClaim


class ClaimSpool:
    """Each clean claim's rendered segments and ledger facts, by the claim's index."""

    def __init__(self) -> None:
        self._file: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 - closed by close()
        self._ends = array("q")  # where each record ends: its facts, then its segments
        self._facts = array("I")  # how long each record's facts are
        self._size = 0
        self._unflushed = False

    def add(self, prepared: PreparedClaim, facts: SubmittedClaim) -> None:
        """Set the next claim aside (its index is the number of claims added before)."""
        lines = tuple([(c, p, str(a), d and d.toordinal()) for c, p, a, d in facts.lines])
        start, end = facts.service_from.toordinal(), facts.service_to.toordinal()
        born = facts.patient_birth_date and facts.patient_birth_date.toordinal()
        identity = (*facts[8:11], born)  # the patient, for the ledger's `find`
        facts_data = _dumps((*facts[:4], str(facts.total_charge), start, end, lines, identity))
        segments_data = _dumps(prepared.to_tuple())
        self._file.write(facts_data + segments_data)  # one call: the record is small
        self._size += len(facts_data) + len(segments_data)
        self._ends.append(self._size)
        self._facts.append(len(facts_data))
        self._unflushed = True

    def _read(self, index: int, facts: bool) -> Any:
        if self._unflushed:
            self._file.flush()
            self._unflushed = False
        start = self._ends[index - 1] if index else 0
        middle = start + self._facts[index]
        if facts:
            return pickle.loads(os.pread(self._file.fileno(), middle - start, start))
        return pickle.loads(os.pread(self._file.fileno(), self._ends[index] - middle, middle))

    def prepared(self, index: int) -> PreparedClaim:
        return PreparedClaim.from_tuple(self._read(index, False))

    def facts(self, index: int) -> SubmittedClaim:
        number, frequency, payer_id, payer_name, charge, start, end, lines, identity = self._read(
            index, True
        )
        last_name, first_name, member_id, born = identity
        return SubmittedClaim(
            number,
            frequency,
            payer_id,
            payer_name,
            Decimal(charge),
            date.fromordinal(start),
            date.fromordinal(end),
            tuple(
                [
                    SubmittedLine(c, p, Decimal(a), None if d is None else date.fromordinal(d))
                    for c, p, a, d in lines
                ]
            ),
            last_name,
            first_name,
            member_id,
            None if born is None else date.fromordinal(born),
        )

    def close(self) -> None:
        self._file.close()


def _dumps(values: tuple[Any, ...]) -> bytes:
    return pickle.dumps(values, pickle.HIGHEST_PROTOCOL)
