"""The nightly batch: claim input files in, checked 837P/837I batches out, recorded in the ledger.

:func:`submit` works in this order, so that a failure leaves a state the next run can finish:

1. A file whose sha256 the ledger already holds is not sent again (it is only moved aside).
2. Every other file is read whole. An unusable one (unreadable, a JSON or YAML document that
   does not parse, no claims) is reported and left in place; the other files go on — one bad
   file does not stop the night's batch.
3. Before anything is written, each consumed file's ``submitted/<date>/`` folder is made and
   checked; if one cannot be, nothing is sent (:class:`CannotMoveClaims`).
4. The outbound pipeline (:func:`edi.outbound.pipeline.send_claims`) refuses claims one by one
   (the clean-claim edits and the send-once rule), then in one ledger transaction writes one
   837 per claim type under a staging name (a dot-name ending ``.tmp`` that pickup agents
   ignore) and records each consumed file by its sha256; on a failure before the commit the
   staging files are removed and nothing is recorded. After the commit the 837s are renamed
   into place.
5. Then the refused claims go to ``refused-<time>.json`` and the consumed files move aside.
   What fails after the commit is reported in :attr:`SubmitResult.not_done`, beside what was
   done: the claims are sent and recorded, and the next run will not send them again.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from edi.config import Config
from edi.ledger import Ledger
from edi.ledger.submission import ClaimSource, claim_source_known
from edi.outbound.pipeline import Sent, send_claims
from edi.outbound.sending import Refusal, Unusable, read_inputs
from edi.x12 import clock
from edi.x12.errors import X12FlowError
from edi.x12.files import file_sha256
from edi.x12.readiness import is_temporary
from generators.input import JSON_LINES_SUFFIXES, JSON_SUFFIXES, YAML_SUFFIXES, Record
from generators.kinds import KINDS, ClaimKind

CLAIM_SUFFIXES = JSON_SUFFIXES + JSON_LINES_SUFFIXES + YAML_SUFFIXES
SUBMITTED = "submitted"


class CannotMoveClaims(X12FlowError):
    """A consumed claim file could not be moved aside, so nothing was sent."""


@dataclass
class SubmitResult:
    files: list[Path] = field(default_factory=list)  # the 837s written
    claims: int = 0  # claims sent
    refused: list[Refusal] = field(default_factory=list)
    refused_claims: int = 0
    unusable: list[Unusable] = field(default_factory=list)  # input files left in place
    already_sent: list[str] = field(default_factory=list)  # input files seen before
    consumed: list[Path] = field(default_factory=list)  # inputs moved aside
    report: Path | None = None
    not_done: list[str] = field(default_factory=list)  # what failed after the commit

    @property
    def exit_code(self) -> int:
        """0 every claim sent; 1 a claim refused; 2 a file unusable or a step left undone."""
        if self.unusable or self.not_done:
            return 2
        return 1 if self.refused_claims else 0

    def done(self) -> str:
        """What was committed: the 837s written and the claims recorded."""
        if not self.files:
            return "sent no claims"
        names = ", ".join(str(p) for p in self.files)
        return f"wrote {names} and recorded {self.claims} claim(s)"


def claim_files(folder: Path) -> list[Path]:
    """The claim input files waiting in ``folder`` (temporary and hidden names skipped)."""
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.iterdir()
        if p.is_file() and not is_temporary(p) and p.suffix.lower() in CLAIM_SUFFIXES
    )


def kind_of(record: Record) -> ClaimKind | None:
    """837I claims carry a facility type (CLM05-1 bill type), 837P claims a place of service."""
    data = record.data if isinstance(record.data, dict) else {}
    if "facility_type" in data:
        return KINDS["837i"]
    if "place_of_service" in data:
        return KINDS["837p"]
    return None


def submit(
    paths: Iterable[Path],
    ledger: Ledger,
    config: Config,
    out_dir: Path,
    today: dt.date | None = None,
    progress: Callable[[int], None] | None = None,
) -> SubmitResult:
    """Check, write and record the claims of ``paths``; move the consumed files aside
    (to ``submitted/<date>/`` beside each file)."""
    today = today or clock.today()
    result = SubmitResult()
    fresh, seen_before = _sort_out(list(paths), ledger, result)
    inputs = read_inputs(str(p) for p in fresh)
    result.unusable = list(inputs.unusable)
    consumed = {Path(f.name): fresh[Path(f.name)] for f in inputs.files}
    _check_movable([*consumed, *seen_before], today)
    sent = send_claims(
        inputs,
        kind_of,
        config,
        ledger=ledger,
        directory=out_dir,
        today=today,
        skip_invalid=True,  # the night's batch sends every clean claim
        sources=[ClaimSource(path.name, digest) for path, digest in consumed.items()],
        progress=progress,
    )
    _sent(sent, out_dir, result)
    _finish([*consumed, *seen_before], out_dir, today, result)
    return result


def _sort_out(
    paths: list[Path], ledger: Ledger, result: SubmitResult
) -> tuple[dict[Path, str], list[Path]]:
    """The files to read (with their sha256) and the files sent before; unreadable ones apart."""
    fresh: dict[Path, str] = {}
    seen_before: list[Path] = []
    for path in paths:
        try:
            digest = file_sha256(path)
        except OSError as exc:
            result.unusable.append(Unusable(str(path), f"cannot read: {exc.strerror or exc}"))
            continue
        if _seen(ledger, digest):
            result.already_sent.append(path.name)
            seen_before.append(path)
        else:
            fresh[path] = digest
    return fresh, seen_before


def _target(path: Path, today: dt.date) -> Path:
    return path.parent / SUBMITTED / today.isoformat()


def _check_movable(paths: Iterable[Path], today: dt.date) -> None:
    """Make each file's ``submitted/<date>/`` folder before anything is written, and check
    that the files can move there."""
    for path in paths:
        folder = _target(path, today)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            reason = exc.strerror or str(exc)
        else:
            writable = os.W_OK | os.X_OK
            if os.access(folder, writable) and os.access(path.parent, writable):
                continue
            reason = "permission denied"
        raise CannotMoveClaims(
            f"cannot move {path.name} to {folder} once it is sent: {reason}; nothing was sent"
        )


def _sent(sent: Sent, out_dir: Path, result: SubmitResult) -> None:
    """What the pipeline committed; a rename that failed after the commit is left to do."""
    checked = sent.checked
    result.claims = sent.claims
    result.refused = checked.refused
    result.refused_claims = checked.refused_claims
    for file in sent.files:
        result.files.append(file.path)
        if file.not_renamed:
            result.not_done.append(
                f"could not rename {file.staged.staging.name} to {file.staged.target.name} in "
                f"{out_dir}: {file.not_renamed} — its claims are recorded as sent: rename it by "
                "hand so that it is picked up"
            )


def _finish(paths: list[Path], out_dir: Path, today: dt.date, result: SubmitResult) -> None:
    """After the commit: the refused-claims report, then the consumed files moved aside."""
    if result.refused or result.unusable:
        try:
            result.report = _write_report(out_dir, result, today)
        except OSError as exc:
            result.not_done.append(
                f"could not write the refused-claims report in {out_dir}: "
                f"{exc.strerror or exc} — the {result.refused_claims} refused claim(s) are "
                "listed above"
            )
    for path in paths:
        folder = _target(path, today)
        try:
            result.consumed.append(_move(path, folder))
        except OSError as exc:
            result.not_done.append(
                f"could not move {path.name} to {folder}: {exc.strerror or exc} — move it out "
                "of the drop folder by hand (the ledger knows it, so it will not be sent again)"
            )


def _seen(ledger: Ledger, digest: str) -> bool:
    with ledger.atomic() as connection:
        return claim_source_known(connection, digest)


def _move(path: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / path.name
    n = 1
    while target.exists():
        target = folder / f"{path.stem}.{n}{path.suffix}"
        n += 1
    os.replace(path, target)
    return target


def _write_report(out_dir: Path, result: SubmitResult, today: dt.date) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = clock.now().strftime("%Y%m%d-%H%M%S")
    path = out_dir / f"refused-{stamp}.json"
    report: dict[str, Any] = {
        "message": f"{result.refused_claims} claim(s) refused: fix them and drop them again",
        "date": today.isoformat(),
        "problems": [r.to_json() for r in result.refused],
        "unusable_files": [
            {"file": u.source, "message": f"{u.message}; left in place, nothing of it sent"}
            for u in result.unusable
        ],
    }
    tmp = path.with_name("." + path.name + ".tmp")
    tmp.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path)
    return path
