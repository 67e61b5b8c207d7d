"""Two runs sending the same claim are serialized, and an 837 is published only after its commit.

* The send-once check locks the claims' rows before it reads their submissions, so a run that
  starts while another holds the same claim recorded in an open transaction waits for it, then
  refuses the claim (PostgreSQL; SQLite's write transaction is exclusive anyway).
* The outbound pipeline (``generate``, ``submit``) writes each 837 under a staging name (a
  dot-name ending ``.tmp``) and renames it into place after the commit: a failure before the
  commit leaves no 837 and no record, and a pickup agent never sees an 837 the ledger does not
  hold as sent.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, func, select, update

from edi.config import Config
from edi.ledger import Ledger, schema, states
from edi.ledger.submission import ClaimSource, record_claim_sources
from edi.model.claim import Claim
from edi.outbound import pipeline, staging
from edi.outbound.generate import generate
from edi.outbound.pipeline import Sent
from edi.outbound.staging import stage_claims_file
from edi.outbound.submit import submit
from generators.kinds import PROFESSIONAL
from tests.generators.factories import institutional, professional
from tests.sending import send
from tests.test_send_once import write_claims

HOLD = 0.5  # seconds the first run keeps its transaction open after the second one started


def claim(number: str) -> Claim:
    return PROFESSIONAL.model.model_validate(professional(number))


def batches(ledger: Ledger) -> int:
    with ledger.atomic() as connection:
        return int(
            connection.execute(select(func.count()).select_from(schema.batches)).scalar_one()
        )


def test_a_run_waits_for_another_sending_the_same_claim_then_refuses_it(
    postgres_schema_url: str, tmp_path: Path
) -> None:
    """An original re-sent after a rejection: the unique key on CLM01 does not guard it."""
    url, out = postgres_schema_url, tmp_path / "out"
    with Ledger.open(url) as ledger:
        assert send(ledger, [professional("RACE1")], out).claims == 1
        with ledger.atomic() as connection:
            connection.execute(update(schema.claims).values(status=states.REJECTED))
    started = threading.Barrier(2, timeout=10)
    outcome: dict[str, Any] = {}

    def first() -> None:
        with Ledger.open(url) as ledger:
            with ledger.atomic() as connection:
                staged = stage_claims_file(
                    connection, [claim("RACE1")], PROFESSIONAL, Config(), directory=out
                )
                started.wait()
                time.sleep(HOLD)  # the second run is now waiting, or already read the ledger
            outcome["first"] = staged.publish().name

    def second() -> None:
        started.wait()
        with Ledger.open(url) as ledger:
            outcome["second"] = send(ledger, [professional("RACE1")], out)

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    assert outcome["first"] == "837P-000000002.x12"
    refused: Sent = outcome["second"]
    assert refused.files == [], "the claim was sent twice"
    [refusal] = refused.checked.refused
    assert refusal.claim_id == "RACE1"
    assert refusal.message.startswith("already sent in 837P-000000002.x12 (batch 2)")
    assert sorted(p.name for p in out.iterdir()) == ["837P-000000001.x12", "837P-000000002.x12"]
    with Ledger.open(url) as ledger:
        assert batches(ledger) == 2


@pytest.fixture
def ledger_url(db_url: str) -> str:
    return db_url


def test_generate_publishes_the_837_only_after_the_commit(
    ledger_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    seen: list[list[str]] = []
    real = Ledger.atomic

    @contextmanager
    def fail_at_the_commit(self: Ledger) -> Iterator[Connection]:
        with real(self) as connection:
            yield connection
            seen.append(sorted(p.name for p in out.iterdir()))
            raise RuntimeError("injected before the commit")

    with Ledger.open(ledger_url) as ledger:
        with monkeypatch.context() as patch:
            patch.setattr(Ledger, "atomic", fail_at_the_commit)
            with pytest.raises(RuntimeError, match="injected"):
                send(ledger, [professional("G1")], out)
        [names] = seen  # what a pickup agent saw just before the commit: the staging file only
        assert len(names) == 1 and names[0].startswith(".") and names[0].endswith(".tmp")
        assert list(out.iterdir()) == []
        assert batches(ledger) == 0
        [written] = send(ledger, [professional("G1")], out).files
    assert [p.name for p in out.iterdir()] == [written.path.name] == ["837P-000000001.x12"]


def test_submit_publishes_its_837s_only_after_the_commit(
    ledger_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    drop, out = tmp_path / "claims", tmp_path / "out"
    claims_file = write_claims(drop / "night.jsonl", professional("S1"), institutional("S2"))
    seen: list[list[str]] = []

    def fail_after_the_837s(connection: Connection, sources: list[ClaimSource], *args: Any) -> None:
        seen.append(sorted(p.name for p in out.iterdir()))
        raise RuntimeError("injected before the commit")

    monkeypatch.setattr(pipeline, "record_claim_sources", fail_after_the_837s)
    with Ledger.open(ledger_url) as ledger:
        with pytest.raises(RuntimeError, match="injected"):
            submit([claims_file], ledger, Config(), out)
        [names] = seen  # a pickup agent saw no 837 before the commit: two staging files
        assert len(names) == 2 and all(n.startswith(".") and n.endswith(".tmp") for n in names)
        assert list(out.iterdir()) == []
        assert batches(ledger) == 0
        assert claims_file.exists()
        monkeypatch.setattr(pipeline, "record_claim_sources", record_claim_sources)
        result = submit([claims_file], ledger, Config(), out)
    assert result.exit_code == 0 and result.claims == 2
    assert sorted(p.name for p in out.iterdir()) == ["837I-000000001.x12", "837P-000000002.x12"]
    assert result.files == [out / "837I-000000001.x12", out / "837P-000000002.x12"]


def test_a_rename_that_fails_after_the_commit_says_what_was_done(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    drop, out = tmp_path / "claims", tmp_path / "out"
    claims_file = write_claims(drop / "night.jsonl", professional("R1"))

    def cannot_rename(self: staging.StagedFile) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(staging.StagedFile, "publish", cannot_rename)
    with Ledger.open(f"sqlite:///{tmp_path / 'l.db'}") as ledger:
        result = submit([claims_file], ledger, Config(), out)
        assert batches(ledger) == 1
    assert result.exit_code == 2
    [staged] = out.iterdir()
    [message] = result.not_done
    assert message == (
        f"could not rename {staged.name} to 837P-000000001.x12 in {out}: Permission denied — "
        "its claims are recorded as sent: rename it by hand so that it is picked up"
    )
    assert result.done() == f"wrote {staged} and recorded 1 claim(s)"


def test_generate_fails_loudly_when_its_837_cannot_be_renamed_after_the_commit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    claims_file = write_claims(tmp_path / "claims.jsonl", professional("R2"))
    url, out = f"sqlite:///{tmp_path / 'l.db'}", tmp_path / "out"

    def cannot_rename(self: staging.StagedFile) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(staging.StagedFile, "publish", cannot_rename)
    with pytest.raises(staging.OutputError) as failed:
        generate([str(claims_file)], PROFESSIONAL, Config(), url=url, directory=out)
    [staged] = out.iterdir()
    assert staged.name.startswith(".837P-000000001.x12.") and staged.name.endswith(".tmp")
    assert str(failed.value) == (
        f"{out}: recorded the batch in the ledger, but cannot rename {staged.name} to "
        "837P-000000001.x12: Permission denied; rename it by hand"
    )
    with Ledger.open(url) as ledger:
        assert batches(ledger) == 1
