"""The simulator answers claim by claim: the claims and their replies are never all in memory.

Counted, not timed: at points the simulator passes once per claim in each pass (reading, the
277CA, the 835 plans, the 835 sets, the decision record), the live claim, status, payment and
record objects are counted, and must stay a handful however many claims the file holds.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from edi.model.remittance.claims import ClaimPayment
from edi.simulator import engine, reading
from edi.simulator.acknowledge import claim_status
from edi.simulator.record import ClaimRecord
from edi.simulator.remit import plan_claim
from edi.simulator.spool import ClaimSpool
from edi.simulator.submitted import SubmittedClaim
from generators.replies import ClaimStatus, settle
from tests.simulator.conftest import files, run, write_837

CLAIMS = 360
EVERY = 40  # count at every 40th call: gc.get_objects() walks the whole heap
BOUND = 8
KINDS = (SubmittedClaim, ClaimStatus, ClaimPayment, ClaimRecord)


class Census:
    """The most objects of each kind alive at once, at the points counted."""

    def __init__(self) -> None:
        self.calls: dict[str, int] = {}
        self.peak: dict[str, int] = {kind.__name__: 0 for kind in KINDS}

    def count(self, where: str) -> None:
        self.calls[where] = self.calls.get(where, 0) + 1
        if self.calls[where] % EVERY:
            return
        live = {kind.__name__: 0 for kind in KINDS}
        for item in gc.get_objects():
            if isinstance(item, KINDS):
                live[type(item).__name__] += 1
        for name, number in live.items():
            self.peak[name] = max(self.peak[name], number)

    def wrap(self, where: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def counted(*args: Any, **kwargs: Any) -> Any:
            self.count(where)
            return function(*args, **kwargs)

        return counted

    def stream(self, where: str, items: Iterable[Any]) -> Iterator[Any]:
        for item in items:
            self.count(where)
            yield item


def test_live_claims_and_replies_stay_few_whatever_the_claim_count(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = write_837(tmp_path / "in", "837p", CLAIMS, seed=31, per_set=120)
    census = Census()
    monkeypatch.setattr(reading, "_claim", census.wrap("read", reading._claim))
    monkeypatch.setattr(engine, "claim_status", census.wrap("277CA", claim_status))
    monkeypatch.setattr(engine, "plan_claim", census.wrap("plan", plan_claim))
    monkeypatch.setattr(engine, "settle", lambda claims: census.stream("835", settle(claims)))
    records = engine.Simulation.claim_records
    monkeypatch.setattr(
        engine.Simulation, "claim_records", lambda self: census.stream("record", records(self))
    )
    result = run(
        [source],
        tmp_path / "out",
        seed=2,
        claim_ack={"rejected": 0.1},
        remittance={"reversed_and_corrected": 0.3},
    )
    assert files(result, "277CA") and files(result, "835")
    assert len(result.record.claims) == CLAIMS
    every_pass = {"read", "277CA", "plan", "835", "record"}
    assert {where for where, calls in census.calls.items() if calls >= EVERY} == every_pass
    assert census.peak["SubmittedClaim"] > 0  # the counting sees them
    assert max(census.peak.values()) <= BOUND, census.peak


def test_a_spooled_set_reads_its_claims_back_in_order_and_by_position(tmp_path: Path) -> None:
    source = write_837(tmp_path, "837p", 7, seed=32, per_set=3)
    whole = reading.read_837(source)
    spool = ClaimSpool()
    try:
        spooled = reading.read_837(source, spool)
        assert len(spool) == 7
        for kept, read in zip(whole.groups[0].sets, spooled.groups[0].sets, strict=True):
            assert list(read.claims) == list(kept.claims)
            assert [read.claims[i] for i in range(-len(read.claims), 0)] == list(kept.claims)
            assert list(read.claims[1:]) == list(kept.claims[1:])
        assert list(spooled.claims()) == list(whole.claims())
    finally:
        spool.close()
