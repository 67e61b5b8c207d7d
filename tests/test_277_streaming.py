"""A 277CA is read claim by claim: nothing of a claim stays alive once the next ones are read,
whatever the number of HL loops, and each claim still carries its HL chain."""

from __future__ import annotations

import gc
import io
import json
import weakref
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from edi.inbound.document import Document, write_document
from edi.inbound.ingest import REJECTED
from edi.ledger import status as status_posting
from edi.x12.envelope import TransactionSet, Walker
from edi.x12.findings import Findings
from edi.x12.reader import SegmentReader
from parsers.status277 import READER_277, READER_277CA, ClaimStatus, HierarchyLevel, StatusReader
from parsers.status277.transformer import LevelRead, ReportEnd, StatusItem
from tests.ledger.dump import changed_tables, ledger_dump
from tests.ledger.scenario import Scenario, sample_claims
from tests.ledger.x12text import ack_277ca, envelope

DATA = Path(__file__).resolve().parent / "data" / "status277"


def many_claims_277ca(count: int) -> bytes:
    """One provider with ``count`` patients, one claim each, then a second provider with two."""
    body = ack_277ca([(f"PCN{i:06d}", "A2:20", f"ICN{i:06d}", "10.00") for i in range(count)])
    last = max(int(s.split("*")[1]) for s in body if s.startswith("HL*"))
    body += [
        f"HL*{last + 1}*2*19*1",
        "NM1*85*2*SECOND CLINIC*****XX*1234567893",
    ]
    for n in range(2):
        hl = last + 2 + n
        body += [
            f"HL*{hl}*{last + 1}*PT",
            "NM1*QC*1*DOE*PAT****MI*M2",
            f"TRN*2*SECOND{n}",
            "STC*A7:21:PR*20261103*U*5.00",
            "DTP*472*D8*20261101",  # the claim's service date, required in 2200D
        ]
    return envelope("277CA", body).encode()


def first_set(data: bytes, findings: Findings) -> TransactionSet:
    """The file's first transaction set, to be read before the walk goes on."""
    reader = SegmentReader(io.BytesIO(data), findings, "277ca.x12")
    return next(e for e in Walker(iter(reader), findings) if isinstance(e, TransactionSet))


def live(kind: type) -> int:
    gc.collect()
    return sum(1 for o in gc.get_objects() if type(o) is kind)


def test_live_claim_statuses_stay_bounded_while_reading() -> None:
    findings = Findings("277ca.x12")
    ts = first_set(many_claims_277ca(2_100), findings)
    seen: list[weakref.ref[ClaimStatus]] = []
    counted: dict[int, tuple[int, int, int]] = {}
    claims = 0
    for item in READER_277CA.items(ts, findings):
        if isinstance(item, ClaimStatus):
            claims += 1
            seen.append(weakref.ref(item))
            if claims in (200, 2_000):
                alive = sum(1 for r in seen if r() is not None)
                counted[claims] = (live(ClaimStatus), alive, live(HierarchyLevel))
        del item
    assert claims == 2_102
    assert not [f for f in findings if f.severity.value == "error"]
    # Only the claim in hand (and the level beside it) is alive, after 200 as after 2,000.
    for claims_read in (200, 2_000):
        statuses, yielded, levels = counted[claims_read]
        assert statuses <= 2, (claims_read, statuses)
        assert yielded <= 2, (claims_read, yielded)
        assert levels <= 4, (claims_read, levels)


def test_each_claim_carries_its_hl_chain_in_file_order() -> None:
    findings = Findings("277ca.x12")
    ts = first_set(many_claims_277ca(3), findings)
    items = list(READER_277CA.items(ts, findings))
    claims = [i for i in items if isinstance(i, ClaimStatus)]
    assert [(c.patient_control_number, c.provider_level, c.patient_level) for c in claims] == [
        ("PCN000000", "3", "4"),
        ("PCN000001", "3", "5"),
        ("PCN000002", "3", "6"),
        ("SECOND0", "7", "8"),
        ("SECOND1", "7", "9"),
    ]
    assert [c.accepted for c in claims] == [True, True, True, False, False]
    assert isinstance(items[-1], ReportEnd)
    levels = [i for i in items if isinstance(i, LevelRead)]
    assert sorted(r.level.hl_id for r in levels) == sorted(str(n) for n in range(1, 10))


def _fields(reader: StatusReader, data: bytes) -> dict[str, Any]:
    findings = Findings("277.x12")
    ts = first_set(data, findings)
    out = {k: list(v) if isinstance(v, Iterator) else v for k, v in reader.fields(ts, findings)}
    return json.loads(json.dumps(out))  # type: ignore[no-any-return]


def _whole(reader: StatusReader, data: bytes) -> dict[str, Any]:
    findings = Findings("277.x12")
    ts = first_set(data, findings)
    model = reader.read(ts, findings)
    assert model is not None
    return model.model_dump(mode="json", exclude_none=True)


@pytest.mark.parametrize(
    ("reader", "data"),
    [
        (READER_277CA, many_claims_277ca(40)),
        (READER_277CA, (DATA / "277ca_mixed.x12").read_bytes()),
        (READER_277, (DATA / "277_x212.x12").read_bytes()),  # subscriber and dependent claims
    ],
)
def test_streamed_fields_are_the_whole_model(reader: StatusReader, data: bytes) -> None:
    assert _fields(reader, data) == _whole(reader, data)


def test_validate_streams_and_finds_what_parse_finds() -> None:
    data = many_claims_277ca(50)
    parsed = Document(io.BytesIO(data), name="277ca.x12")
    write_document(parsed, io.StringIO().write)
    checked = Document(io.BytesIO(data), name="277ca.x12").validate()
    assert [f.to_json() for f in checked] == [f.to_json() for f in parsed.findings]


@pytest.fixture
def scenario(db_url: str, tmp_path: Path) -> Scenario:
    return Scenario(db_url, tmp_path)


def test_ingest_posts_statuses_chunk_by_chunk(
    scenario: Scenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(status_posting, "CHUNK", 2)
    claims = sample_claims(5, seed=41)
    scenario.submit(claims, datetime(2026, 11, 1, 9, 0))
    replies: list[tuple[str, str, str | None, str]] = [
        (c.patient_control_number, "A2:20", f"ICN-{n}", str(c.total_charge))
        for n, c in enumerate(claims)
    ]
    replies.insert(2, ("NOT-OURS", "A2:20", None, "1.00"))
    [result] = scenario.ingest(scenario.write("277CA", ack_277ca(replies)))
    assert result["outcome"] == "posted"
    assert result["counts"]["claim statuses"] == 5
    ledger = scenario.claims()
    assert [ledger[c.patient_control_number]["status"] for c in claims] == ["acknowledged"] * 5
    assert [ledger[c.patient_control_number]["payer_claim_control_number"] for c in claims] == [
        f"ICN-{n}" for n in range(5)
    ]
    unmatched = json.loads(scenario.cli("unmatched", "--json").output)
    assert [u["reference"] for u in unmatched] == ["NOT-OURS"]


def test_a_set_that_never_ends_posts_nothing_of_what_streamed(
    scenario: Scenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Claims posted chunk by chunk are undone when the set turns out unreadable at its end."""
    monkeypatch.setattr(status_posting, "CHUNK", 2)
    whole = READER_277CA.items

    def cut(ts: TransactionSet, findings: Findings) -> Iterator[StatusItem]:
        return (item for item in whole(ts, findings) if not isinstance(item, ReportEnd))

    monkeypatch.setattr(READER_277CA, "items", cut)
    claims = sample_claims(3, seed=42)
    scenario.submit(claims, datetime(2026, 11, 1, 9, 0))
    replies: list[tuple[str, str, str | None, str]] = [
        (c.patient_control_number, "A2:20", "ICN", str(c.total_charge)) for c in claims
    ]
    replies += [(f"NOT-OURS-{n}", "A2:20", None, "1.00") for n in range(150)]  # past the limit
    path = scenario.write("277CA", ack_277ca(replies))
    before = ledger_dump(scenario.db_url)
    [result] = scenario.ingest(path)
    assert result["outcome"] == REJECTED
    first = result["findings"][0]
    assert (first["source"], first["code"]) == ("LEDGER", "NOT-WHOLE")
    assert "transaction set 0001" in first["message"] and "nothing was posted" in first["message"]
    assert [f for f in result["findings"][1:] if f["source"] == "LEDGER"] == []
    assert not any("LEDGER-" in f["message"] for f in result["findings"] if f["code"] == "unlisted")
    assert "claim statuses" not in result["counts"]
    ledger = scenario.claims()
    assert [ledger[c.patient_control_number]["status"] for c in claims] == ["submitted"] * 3
    assert json.loads(scenario.cli("unmatched", "--json").output) == []
    assert changed_tables(before, ledger_dump(scenario.db_url)) == {}  # no batch row either
    monkeypatch.setattr(READER_277CA, "items", whole)
    [again] = scenario.ingest(path)  # refused, so not taken for a repeat: it posts now
    assert again["outcome"] != REJECTED and again["counts"]["claim statuses"] == 3
