"""``x12flow generate`` as a library call: check claim files, then write one 837 and record it.

Nothing is written when an input file is unusable (exit 2), or when a claim is refused unless
``skip_invalid`` (exit 1). The claims go through the outbound pipeline
(:func:`edi.outbound.pipeline.send_claims`), which checks them against the ledger's earlier
submissions: a writing run opens the ledger, creating it when there is none (a new ledger holds
no earlier submissions); a dry run, or a run whose input is unusable, reads the ledger only
when it exists and never creates it — without one, only repeats within the input are refused,
and :attr:`GenerateResult.unchecked_ledger` says so.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from edi.config import Config
from edi.ledger import Ledger
from edi.ledger.presence import exists, shown
from edi.outbound.pipeline import SentFile, send_claims
from edi.outbound.sending import Checked, read_inputs
from edi.outbound.staging import OutputError
from generators.claim_file import MAX_CLAIMS_PER_TRANSACTION
from generators.kinds import ClaimKind


@dataclass
class GenerateResult:
    checked: Checked
    written: SentFile | None = None
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
    progress: Callable[[int], None] | None = None,
) -> GenerateResult:
    """Check the claims of ``names`` (``-`` is standard input) and, unless told or refused,
    write them as one interchange recorded in the ledger at ``url``. ``progress`` is called
    with 1 as each claim is checked."""
    inputs = read_inputs(names)
    writing = not dry_run and not inputs.unusable
    if not writing and not exists(url):
        sent = send_claims(
            inputs,
            kind,  # every claim is of it
            config,
            ledger=None,
            directory=directory,
            today=today,
            dry_run=True,
            progress=progress,
        )
        return GenerateResult(sent.checked, unchecked_ledger=shown(url))
    with Ledger.open(url) as ledger:
        sent = send_claims(
            inputs,
            kind,  # every claim is of it
            config,
            ledger=ledger,
            directory=directory,
            today=today,
            dry_run=not writing,
            skip_invalid=skip_invalid,
            max_claims_per_transaction=max_claims_per_transaction,
            progress=progress,
        )
    result = GenerateResult(sent.checked)
    for file in sent.files:  # one: every claim is of ``kind``
        if file.not_renamed:
            raise OutputError(
                f"recorded the batch in the ledger, but cannot rename {file.staged.staging.name} "
                f"to {file.staged.target.name}: {file.not_renamed}; rename it by hand",
                file=str(directory),
            )
        result.written = file
    return result
