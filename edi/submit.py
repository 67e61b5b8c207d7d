"""The nightly batch: claim input files in, checked 837P/837I batches out, recorded in the ledger.

:func:`submit` reads the claim files (JSON, JSON Lines, YAML), runs the clean-claim edits,
writes one 837 per claim type with :func:`edi.ledger.outbound.submit_claims_file` (control
numbers, file, batch and claims in one ledger transaction), records each consumed input file by
its sha256 in that same transaction, and only then moves the input files aside. A file whose
sha256 the ledger already holds is not sent again, so a second run — or a run after a crash
between the commit and the move — sends nothing twice. Refused claims go to a report file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select

from edi.config import Config
from edi.ledger import Ledger, schema
from edi.ledger.outbound import submit_claims_file
from edi.watch.readiness import is_temporary
from generators.checking import check_records
from generators.edits import Problem
from generators.input import (
    JSON_LINES_SUFFIXES,
    JSON_SUFFIXES,
    YAML_SUFFIXES,
    Record,
    UnreadableRecord,
    read_source,
)
from generators.kinds import KINDS, ClaimKind
from generators.models import Claim

CLAIM_SUFFIXES = JSON_SUFFIXES + JSON_LINES_SUFFIXES + YAML_SUFFIXES
SUBMITTED = "submitted"


@dataclass
class SubmitResult:
    files: list[Path] = field(default_factory=list)  # the 837s written
    claims: int = 0  # claims sent
    refused: list[Problem] = field(default_factory=list)
    refused_claims: int = 0
    already_sent: list[str] = field(default_factory=list)  # input files seen before
    consumed: list[Path] = field(default_factory=list)  # inputs moved aside
    report: Path | None = None


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


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


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
    today = today or dt.date.today()
    result = SubmitResult()
    fresh: dict[Path, str] = {}
    seen_before: list[Path] = []
    for path in paths:
        digest = sha256(path)
        if _seen(ledger, digest):
            result.already_sent.append(path.name)
            seen_before.append(path)
        else:
            fresh[path] = digest
    batches = _checked(fresh, result, today, progress)
    with ledger.atomic() as connection:
        batch_id: int | None = None
        for kind, claims in batches:
            written = submit_claims_file(claims, kind, config, ledger=ledger, directory=out_dir)
            result.files.append(written.path)
            result.claims += len(claims)
            batch_id = _batch_id(ledger, written.path.name)
        now = dt.datetime.now()
        for path, digest in fresh.items():
            connection.execute(
                insert(schema.claim_sources).values(
                    sha256=digest, file_name=path.name, batch_id=batch_id, submitted_at=now
                )
            )
    for path in [*fresh, *seen_before]:
        result.consumed.append(_move(path, path.parent / SUBMITTED / today.isoformat()))
    if result.refused:
        result.report = _write_report(out_dir, result, today)
    return result


def _checked(
    fresh: Iterable[Path],
    result: SubmitResult,
    today: dt.date,
    progress: Callable[[int], None] | None,
) -> list[tuple[ClaimKind, list[Claim]]]:
    """Read every record, tell its claim type, run the edits; refused claims go to ``result``."""
    by_kind: dict[str, list[Record | UnreadableRecord]] = {}
    for path in fresh:
        for record in read_source(str(path)):
            kind = kind_of(record) if isinstance(record, Record) else KINDS["837p"]
            if kind is None:
                result.refused.append(
                    Problem(
                        f"<{record.source}>",
                        record.where,
                        "neither place_of_service (837P) nor facility_type (837I): cannot tell the "
                        "claim type",
                    )
                )
                result.refused_claims += 1
            else:
                by_kind.setdefault(kind.name, []).append(record)
            if progress:
                progress(1)
    batches = []
    for name, records in sorted(by_kind.items()):
        kind = KINDS[name.lower()]
        checked = check_records(records, kind, today)
        result.refused.extend(checked.problems)
        result.refused_claims += checked.refused
        if checked.claims:
            batches.append((kind, checked.claims))
    return batches


def _seen(ledger: Ledger, digest: str) -> bool:
    with ledger.atomic() as connection:
        row = connection.execute(
            select(schema.claim_sources.c.sha256).where(schema.claim_sources.c.sha256 == digest)
        ).first()
    return row is not None


def _batch_id(ledger: Ledger, file_name: str) -> int | None:
    with ledger.atomic() as connection:
        row = connection.execute(
            select(schema.batches.c.id)
            .where(schema.batches.c.direction == "outbound")
            .where(schema.batches.c.file_name == file_name)
            .order_by(schema.batches.c.id.desc())
        ).first()
    return int(row.id) if row else None


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
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    path = out_dir / f"refused-{stamp}.json"
    report: dict[str, Any] = {
        "message": f"{result.refused_claims} claim(s) refused: fix them and drop them again",
        "date": today.isoformat(),
        "problems": [
            {"claim": p.claim_id, "field": p.path, "message": p.message} for p in result.refused
        ],
    }
    tmp = path.with_name("." + path.name + ".tmp")
    tmp.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path)
    return path
