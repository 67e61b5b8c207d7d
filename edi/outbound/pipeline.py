"""The one outbound pipeline: claims checked, numbered, written, recorded, then published.

:func:`send_claims` is what ``x12flow generate``, ``x12flow submit`` and ``x12flow demo`` run:

1. The clean-claim edits and the first half of the send-once rule, claim by claim
   (:func:`edi.outbound.sending.check_inputs`); unless it is a dry run, each clean claim is
   also rendered for its 837 and set aside on disk (:mod:`edi.outbound.spool`), so a batch of
   any size is checked and written in the memory of a few claims.
2. One ledger transaction: the second half of the send-once rule, the claims' rows locked
   (:func:`edi.outbound.sending.refuse_sent_before`); then, unless it is a dry run or a claim
   was refused and ``skip_invalid`` is not given, one 837 per claim type staged
   (:func:`edi.outbound.staging.stage_claims_file`: control numbers, the file under a staging
   name, the batch and its claims), and the consumed claim input files recorded by sha256. A
   failure before the commit removes the staged files and records nothing.
3. After the commit each 837 is renamed into place. A rename that fails leaves its file under
   the staging name (:attr:`SentFile.not_renamed`): its claims are recorded as sent.

Without a ledger (a dry run where there is none) only step 1 runs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from edi.config import Config
from edi.ledger import Ledger, LedgerError
from edi.ledger.store import describe
from edi.ledger.submission import ClaimSource, record_claim_sources
from edi.outbound.sending import Checked, Inputs, KindOf, check_inputs, refuse_sent_before
from edi.outbound.staging import (
    OutputError,
    StagedFile,
    claim_file_settings,
    prepare_directory,
    stage_claims_file,
)
from edi.x12 import clock
from generators.claim_file import MAX_CLAIMS_PER_TRANSACTION, FileSummary
from generators.kinds import ClaimKind


@dataclass(frozen=True, slots=True)
class SentFile:
    """An 837 whose claims are recorded as sent: renamed into place, or (when the rename after
    the commit failed) still under its staging name."""

    staged: StagedFile
    not_renamed: str | None = None  # why the rename failed

    @property
    def path(self) -> Path:
        return self.staged.staging if self.not_renamed else self.staged.target

    @property
    def summary(self) -> FileSummary:
        return self.staged.summary


@dataclass
class Sent:
    """The claims checked, and the 837s that carry the ones sent (one per claim type)."""

    checked: Checked
    files: list[SentFile] = field(default_factory=list)

    @property
    def claims(self) -> int:
        """How many claims were recorded as sent."""
        return sum(f.summary.claims for f in self.files)


def send_claims(
    inputs: Inputs,
    kind_of: KindOf | ClaimKind,
    config: Config,
    *,
    ledger: Ledger | None,
    directory: Path,
    today: date | None = None,
    dry_run: bool = False,
    skip_invalid: bool = False,
    sources: Sequence[ClaimSource] = (),
    max_claims_per_transaction: int = MAX_CLAIMS_PER_TRANSACTION,
    when: datetime | None = None,
    progress: Callable[[int], None] | None = None,
) -> Sent:
    """Check the claims of ``inputs`` and, unless ``dry_run`` or refused, write them to
    ``directory`` as one 837 per claim type, recorded in ``ledger`` with ``sources`` (the
    claim files they came from) in one transaction and published after its commit.

    A claim refused keeps every claim from being sent unless ``skip_invalid``; ``ledger`` None
    (only with ``dry_run``) checks without the ledger's earlier submissions.
    """
    if ledger is None and not dry_run:
        raise ValueError("only a dry run goes without a ledger")
    checked = check_inputs(
        inputs,
        kind_of,
        today or clock.today(),
        progress,
        settings=None if dry_run else claim_file_settings(config),
        skip_invalid=skip_invalid,
    )
    try:
        return _send(
            checked,
            config,
            ledger,
            directory,
            dry_run=dry_run,
            skip_invalid=skip_invalid,
            sources=sources,
            max_claims_per_transaction=max_claims_per_transaction,
            when=when,
        )
    finally:
        checked.candidates.close()  # the claims set aside on disk


def _send(
    checked: Checked,
    config: Config,
    ledger: Ledger | None,
    directory: Path,
    *,
    dry_run: bool,
    skip_invalid: bool,
    sources: Sequence[ClaimSource],
    max_claims_per_transaction: int,
    when: datetime | None,
) -> Sent:
    """Steps 2 and 3 of :func:`send_claims`, once the claims are checked."""
    sent = Sent(checked)
    if ledger is None:
        return sent
    staged: list[StagedFile] = []
    try:
        with ledger.atomic() as connection:
            refuse_sent_before(connection, checked)
            if dry_run:
                return sent
            if checked.candidates and (skip_invalid or not checked.refused_claims):
                prepare_directory(directory)
                for kind, claims in checked.candidates.by_kind():
                    staged.append(
                        stage_claims_file(
                            connection,
                            claims,
                            kind,
                            config,
                            directory=directory,
                            when=when,
                            max_claims_per_transaction=max_claims_per_transaction,
                            checked_sent_before=True,  # refuse_sent_before, above
                        )
                    )
            if sources:
                batch_id = staged[-1].batch_id if staged else None
                record_claim_sources(connection, sources, batch_id, clock.now())
    except BaseException as exc:
        for file in staged:  # their records were rolled back
            file.discard()
        if isinstance(exc, OSError):
            raise OutputError(
                f"cannot write the 837: {exc.strerror or exc}; nothing was recorded",
                file=str(directory),
            ) from None
        if isinstance(exc, SQLAlchemyError):  # e.g. another run recorded the same claim
            raise LedgerError(
                f"cannot record the batch in the ledger: {describe(exc)}; nothing was sent"
            ) from None
        raise
    for file in staged:
        try:
            file.publish()
        except OSError as exc:
            sent.files.append(SentFile(file, exc.strerror or str(exc)))
        else:
            sent.files.append(SentFile(file))
    return sent
