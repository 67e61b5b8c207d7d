"""The 835 benchmark's floor reader builds exactly what x12flow builds, so the ratio compares
like with like."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import floor_835
from benchmarks.floor_835 import Unsupported, check, floor_claims
from benchmarks.gen835 import write_835
from parsers.era835 import iter_claims


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bench") / "small.835"
    write_835(path, 60_000)
    return path


def test_floor_claims_equal_x12flow_claims(generated: Path) -> None:
    claims = list(iter_claims(generated))
    assert len(claims) > 100
    assert {c.kind for c in claims} == {"original", "reversal", "correction"}
    assert check(generated) == len(claims)
    assert list(floor_claims(generated)) == [
        c.model_copy(update={"location": None}) for c in claims
    ]


def test_check_notices_a_difference(generated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(floor_835, "_NAMES", {"QC": "insured", "82": "rendering_provider"})
    with pytest.raises(AssertionError, match="claim 1 differs"):
        check(generated)


def test_floor_refuses_segments_it_does_not_know(generated: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.835"
    other.write_text(generated.read_text().replace("LQ*HE*N130", "MOA***MA01", 1))
    with pytest.raises(Unsupported, match="MOA"):
        list(floor_claims(other))
