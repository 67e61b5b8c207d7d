"""Two runs sending the same claim are serialized, and an 837 is published only after its commit.

* The send-once check locks the claims' rows before it reads their submissions, so a run that
  starts while another holds the same claim recorded in an open transaction waits for it, then
  refuses the claim (PostgreSQL; SQLite's write transaction is exclusive anyway).
* ``generate`` and ``submit`` write each 837 under a staging name (a dot-name ending ``.tmp``)
  and rename it into place after the commit: a failure before the commit leaves no 837 and no
  record, and a pickup agent never sees an 837 the ledger does not hold as sent.
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

import edi.ledger.outbound as outbound
import edi.outbound.submit as submitting
from edi.config import Config
from edi.ledger import Ledger, schema, states
from edi.ledger.outbound import AlreadySent, stage_claims_file, submit_claims_file
from edi.model.claim import Claim
from edi.outbound.submit import submit
from generators.kinds import PROFESSIONAL
from tests.generators.factories import institutional, professional
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
        submit_claims_file([claim("RACE1")], PROFESSIONAL, Config(), ledger=ledger, directory=out)
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
            outcome["first"] = staged.publish().path.name

    def second() -> None:
        started.wait()
        with Ledger.open(url) as ledger:
            try:
                written = submit_claims_file(
                    [claim("RACE1")], PROFESSIONAL, Config(), ledger=ledger, directory=out
                )
            except AlreadySent as exc:
                outcome["second"] = exc
            else:
                outcome["second"] = written.path.name

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    assert outcome["first"] == "837P-000000002.x12"
    refused = outcome["second"]
    assert isinstance(refused, AlreadySent), f"the claim was sent twice: {refused}"
    assert "claim RACE1 already sent in 837P-000000002.x12" in str(refused)
    assert "nothing was written" in str(refused)
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
                submit_claims_file(
                    [claim("G1")], PROFESSIONAL, Config(), ledger=ledger, directory=out
                )
        [names] = seen  # what a pickup agent saw just before the commit: the staging file only
        assert len(names) == 1 and names[0].startswith(".") and names[0].endswith(".tmp")
        assert list(out.iterdir()) == []
        assert batches(ledger) == 0
        written = submit_claims_file(
            [claim("G1")], PROFESSIONAL, Config(), ledger=ledger, directory=out
        )
    assert [p.name for p in out.iterdir()] == [written.path.name] == ["837P-000000001.x12"]


def test_submit_publishes_its_837s_only_after_the_commit(
    ledger_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    drop, out = tmp_path / "claims", tmp_path / "out"
    claims_file = write_claims(drop / "night.jsonl", professional("S1"), institutional("S2"))
    seen: list[list[str]] = []
    real = submitting._batch_id

    def fail_after_the_second_837(ledger: Ledger, file_name: str) -> int | None:
        seen.append(sorted(p.name for p in out.iterdir()))
        if len(seen) == 2:
            raise RuntimeError("injected before the commit")
        return real(ledger, file_name)

    monkeypatch.setattr(submitting, "_batch_id", fail_after_the_second_837)
    with Ledger.open(ledger_url) as ledger:
        with pytest.raises(RuntimeError, match="injected"):
            submit([claims_file], ledger, Config(), out)
        assert len(seen) == 2
        for names in seen:  # a pickup agent saw no 837 before the commit
            assert names and all(n.startswith(".") and n.endswith(".tmp") for n in names)
        assert list(out.iterdir()) == []
        assert batches(ledger) == 0
        assert claims_file.exists()
        monkeypatch.setattr(submitting, "_batch_id", real)
        result = submit([claims_file], ledger, Config(), out)
    assert result.exit_code == 0 and result.claims == 2
    assert sorted(p.name for p in out.iterdir()) == ["837I-000000001.x12", "837P-000000002.x12"]
    assert result.files == [out / "837I-000000001.x12", out / "837P-000000002.x12"]


def test_a_rename_that_fails_after_the_commit_says_what_was_done(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    drop, out = tmp_path / "claims", tmp_path / "out"
    claims_file = write_claims(drop / "night.jsonl", professional("R1"))

    def cannot_rename(self: outbound.StagedFile) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(outbound.StagedFile, "publish", cannot_rename)
    with Ledger.open(f"sqlite:///{tmp_path / 'l.db'}") as ledger:
        result = submit([claims_file], ledger, Config(), out)
        assert batches(ledger) == 1
    assert result.exit_code == 2
    [staging] = out.iterdir()
    [message] = result.not_done
    assert message == (
        f"could not rename {staging.name} to 837P-000000001.x12 in {out}: Permission denied — "
        "its claims are recorded as sent: rename it by hand so that it is picked up"
    )
    assert result.done() == f"wrote {staging} and recorded 1 claim(s)"
