"""``x12flow generate`` as a library call: check claim files, then write one 837 and record it.

Nothing is written when an input file is unusable (exit 2), or when a claim is refused unless
``skip_invalid`` (exit 1). Claims are checked against the ledger's earlier submissions
(:mod:`edi.outbound.sending`): a writing run opens the ledger, creating it when there is none (a new
ledger holds no earlier submissions); a dry run, or a run whose input is unusable, reads the
ledger only when it exists and never creates it — without one, only repeats within the input
are refused, and :attr:`GenerateResult.unchecked_ledger` says so.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from edi.config import Config
from edi.ledger import Ledger
from edi.ledger.outbound import submit_claims_file
from edi.ledger.presence import exists, shown
from edi.outbound.sending import Checked, check_inputs, read_inputs, refuse_sent_before
from edi.x12 import clock
from generators.claim_file import MAX_CLAIMS_PER_TRANSACTION
from generators.kinds import ClaimKind
from generators.output import WrittenFile


@dataclass
class GenerateResult:
    checked: Checked
    written: WrittenFile | None = None
    unchecked_ledger: str | None = None  # no ledger at this URL: earlier sends not checked

    @property
    def exit_code(self) -> int:
        """0 every claim clean, 1 a claim refused, 2 an input file unusable."""
        if self.checked.unusable:
            return 2
        return 1 if self.checked.refused_claims else 0


def generate(
    names: Iterable[str],
    kind: ClaimKind,
    config: Config,
    *,
    url: str,
    directory: Path,
    dry_run: bool = False,
    skip_invalid: bool = False,
    max_claims_per_transaction: int = MAX_CLAIMS_PER_TRANSACTION,
    today: date | None = None,
) -> GenerateResult:
    """Check the claims of ``names`` (``-`` is standard input) and, unless told or refused,
    write them as one interchange recorded in the ledger at ``url``."""
    checked = check_inputs(read_inputs(names), lambda _record: kind, today or clock.today())
    result = GenerateResult(checked)
    writing = not dry_run and not checked.unusable
    if not writing and not exists(url):
        result.unchecked_ledger = shown(url)
        return result
    with Ledger.open(url) as ledger:
        with ledger.atomic() as connection:
            refuse_sent_before(connection, checked)
        if writing and checked.candidates and (skip_invalid or not checked.refused_claims):
            # One ledger transaction: control numbers, the file, the batch and its claims. It
            # checks the send-once rule again, for a run that sent the same claim meanwhile.
            result.written = submit_claims_file(
                [c.claim for c in checked.candidates],
                kind,
                config,
                ledger=ledger,
                directory=directory,
                max_claims_per_transaction=max_claims_per_transaction,
            )
    return result
