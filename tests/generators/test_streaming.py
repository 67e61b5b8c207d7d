"""Batches stream (issue 16): claims are read, checked and written one at a time.

The outbound pipeline keeps a few bytes of each clean claim and sets its segments and ledger
facts aside on disk, so the claim models of a batch never pile up: at most one is alive at any
time, whatever the batch's size. The 837 it writes from what was set aside is the one the
writer makes from the models, in the arranged order.
"""

from __future__ import annotations

import io
import itertools
import json
import tracemalloc
import weakref
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from edi.config import Config
from edi.ledger import Ledger
from edi.model.claim import Claim
from edi.outbound import sending
from edi.outbound.pipeline import send_claims
from edi.outbound.sending import ClaimFile, Inputs
from edi.outbound.staging import claim_file_settings
from generators.arrange import Arrangement, arrange
from generators.claim_file import ClaimFileWriter
from generators.input import Record, read_source
from generators.kinds import PROFESSIONAL, ClaimKind
from generators.prepared import ClaimPreparer
from generators.sample.claims import professional_claims

TODAY = date(2026, 11, 30)
WHEN = datetime(2026, 11, 30, 9, 30)


def lazy_inputs(claims: Iterator[dict[str, Any]]) -> Inputs:
    """One input file whose records are made as they are asked for."""
    records = (Record("lazy.jsonl", f"line {n}", c) for n, c in enumerate(claims, 1))
    return Inputs([ClaimFile("lazy.jsonl", records)])


def shared_subscribers(count: int, seed: int) -> list[dict[str, Any]]:
    """Sample claims where every fifth claim is an earlier one again under its own number:
    its provider, subscriber, payer and patient come again, apart, so the arranged order is
    not the input order."""
    claims = list(professional_claims(count, seed))
    for index in range(5, count, 5):
        earlier = claims[(index * 7) % index]
        claims[index] = {**earlier, "patient_control_number": f"REPEAT{index:06d}"}
    return claims


@pytest.mark.parametrize("dry_run", [False, True])
def test_at_most_one_claim_model_is_alive_while_a_batch_is_checked_and_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dry_run: bool
) -> None:
    count = 1500
    alive: list[weakref.ref[Claim]] = []
    most = 0
    real = sending.validate_record

    def counting(record: Record, kind: ClaimKind) -> Any:
        nonlocal most
        claim, problems = real(record, kind)
        if claim is not None:
            alive.append(weakref.ref(claim))
        most = max(most, sum(ref() is not None for ref in alive[-50:]))
        return claim, problems

    monkeypatch.setattr(sending, "validate_record", counting)
    out = tmp_path / "out"
    with Ledger.open(f"sqlite:///{tmp_path / 'ledger.db'}") as ledger:
        sent = send_claims(
            lazy_inputs(professional_claims(count, seed=16)),
            lambda _record: PROFESSIONAL,
            Config(),
            ledger=ledger,
            directory=out,
            today=TODAY,
            when=WHEN,
            dry_run=dry_run,
        )
    assert sent.checked.refused == [] and len(sent.checked.candidates) == count
    assert len(alive) == count
    assert most <= 1, f"{most} claim models alive at once"
    assert sum(ref() is not None for ref in alive) == 0
    if dry_run:
        assert sent.files == []
        return
    [written] = sent.files
    assert written.summary.claims == count
    assert written.path.read_text().count("~\nCLM*") == count


def test_the_spooled_batch_is_written_as_the_writer_writes_its_models(tmp_path: Path) -> None:
    """Claims set aside on disk, then written in the arranged order: the same 837 as the
    models written by :class:`ClaimFileWriter` after :func:`arrange`."""
    claims = shared_subscribers(300, seed=17)
    with Ledger.open(f"sqlite:///{tmp_path / 'ledger.db'}") as ledger:
        sent = send_claims(
            lazy_inputs(iter(claims)),
            lambda _record: PROFESSIONAL,
            Config(),
            ledger=ledger,
            directory=tmp_path,
            today=TODAY,
            when=WHEN,
            max_claims_per_transaction=120,
        )
    assert sent.checked.refused == []
    [written] = sent.files
    models = [PROFESSIONAL.model.model_validate(c) for c in claims]
    expected = io.StringIO()
    ClaimFileWriter(
        expected,
        PROFESSIONAL,
        claim_file_settings(Config()),
        interchange_number=written.summary.interchange,
        group_number=written.summary.group,
        transaction_numbers=itertools.count(written.summary.transactions[0][0]),
        when=WHEN,
        max_claims_per_transaction=120,
    ).write(arrange(models))
    assert written.path.read_text() == expected.getvalue()


def test_the_arrangement_of_keys_is_the_arrangement_of_models() -> None:
    models = [PROFESSIONAL.model.model_validate(c) for c in shared_subscribers(400, seed=18)]
    settings = claim_file_settings(Config())
    preparer = ClaimPreparer(PROFESSIONAL, settings.delimiters, settings.line_break)
    arrangement = Arrangement()
    for model in models:
        prepared = preparer.prepare(model)
        arrangement.add(prepared.provider_key, prepared.subscriber_key)
    skipped = {3, 50, 51, 399}  # claims refused after the check are left out
    order = arrangement.order(i for i in range(len(models)) if i not in skipped)
    kept = [m for i, m in enumerate(models) if i not in skipped]
    assert [models[i] for i in order] == arrange(kept)
    assert list(order) != sorted(order)  # the claims did move


def test_a_json_lines_file_is_read_a_line_at_a_time(tmp_path: Path) -> None:
    path = tmp_path / "claims.jsonl"
    with path.open("w", encoding="utf-8") as stream:
        for claim in professional_claims(2000, seed=19):
            stream.write(json.dumps(claim) + "\n")
    size = path.stat().st_size
    tracemalloc.start()
    try:
        records = sum(1 for _ in read_source(str(path)))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert records == 2000
    assert peak < size / 8, f"reading a {size:,}-byte file took {peak:,} bytes"
