"""What the simulator reads from a submitted 837 (through parsers.claim837) and what it refuses."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from edi.simulator.reading import read_837
from edi.x12.errors import InputError
from tests.parsers.test_claim837_stream import join, set_segments, split
from tests.simulator.conftest import QUIET, files, run, write_837

ERA = Path(__file__).parent.parent / "data" / "era835" / "paid_partial_denied.x12"


def edited(path: Path, edit: Callable[[list[list[str]]], None]) -> Path:
    """``path`` rewritten after ``edit`` changed its segments (SE01 recounted)."""
    segments = split(path.read_text(encoding="utf-8"))
    edit(segments)
    out = path.with_name("edited-" + path.name)
    out.write_text(join(segments), encoding="utf-8")
    return out


def _index(segments: list[list[str]], head: list[str], after: int = 0) -> int:
    return next(i for i, s in enumerate(segments) if i >= after and s[: len(head)] == head)


@pytest.mark.parametrize("kind", ["837p", "837i"])
def test_a_999_error_points_at_a_segment_of_the_claim_it_names(kind: str, tmp_path: Path) -> None:
    submitted = write_837(tmp_path / "in", kind, 9, seed=14, per_set=3)
    result = run([submitted], tmp_path / "out", ack999={"rejected": 0, "accepted_with_errors": 1})
    sets = {s[0][2]: s for s in set_segments(submitted.read_text(encoding="utf-8"))}
    [ack] = files(result, "999")
    notes = []
    for seg in split(ack.read_text(encoding="utf-8")):
        if seg[0] == "AK2":
            st02 = seg[2]
        elif seg[0] == "IK3":
            segment_id, position = seg[1], int(seg[2])
        elif seg[0] == "CTX":
            claim_id = seg[1].split(":")[1]
        elif seg[0] == "IK4":
            element, component = (int(n) for n in seg[1].split(":"))
            notes.append((st02, segment_id, position, claim_id, element, component, seg[4]))
    assert len(notes) == len(sets)
    for st02, segment_id, position, claim_id, element, component, value in notes:
        segments = sets[st02]
        pointed = segments[position - 1]
        assert pointed[0] == segment_id
        assert pointed[element].split(":")[component - 1] == value
        claim = max(i for i, s in enumerate(segments[:position]) if s[0] == "CLM")
        assert segments[claim][1] == claim_id  # the nearest CLM before it is the named claim


def test_the_277ca_echoes_the_trace_number_and_the_payer_qualifier(tmp_path: Path) -> None:
    def trace_and_plan_id(segments: list[list[str]]) -> None:
        segments.insert(_index(segments, ["HI"]), ["REF", "D9", "CH-TRACE-1"])
        payer = _index(segments, ["NM1", "PR"], after=_index(segments, ["SBR"]))
        segments[payer][8] = "XV"

    submitted = edited(write_837(tmp_path / "in", "837p", 1, seed=15), trace_and_plan_id)
    [claim] = read_837(submitted).claims()
    assert (claim.clearinghouse_trace, claim.payer.id_qualifier) == ("CH-TRACE-1", "XV")
    result = run([submitted], tmp_path / "out", **QUIET)
    [claim_ack] = files(result, "277CA")
    replied = split(claim_ack.read_text(encoding="utf-8"))
    assert ["REF", "D9", "CH-TRACE-1"] in replied
    [payer] = [s for s in replied if s[:2] == ["NM1", "PR"]]
    assert payer[8:] == ["XV", claim.payer.identifier]


def test_a_claim_the_input_model_refuses_refuses_the_file(tmp_path: Path) -> None:
    def sample_taxonomy(segments: list[list[str]]) -> None:
        segments[_index(segments, ["PRV", "BI"])][3] = "203BF0100Y"

    submitted = edited(write_837(tmp_path / "in", "837p", 2, seed=16), sample_taxonomy)
    with pytest.raises(InputError) as refused:
        read_837(submitted)
    message = str(refused.value)
    assert "claim 1 of transaction set 0001 does not fit the 837P claim input" in message
    assert "203BF0100Y" not in message


def test_a_file_with_an_error_is_refused(tmp_path: Path) -> None:
    def bad_payer_sequence(segments: list[list[str]]) -> None:
        segments[_index(segments, ["SBR"])][1] = "Z"

    submitted = edited(write_837(tmp_path / "in", "837i", 2, seed=17), bad_payer_sequence)
    with pytest.raises(InputError, match=r"^transaction set 0001 is not a clean 837$"):
        read_837(submitted)


def test_a_file_with_another_transaction_is_refused() -> None:
    with pytest.raises(InputError, match=r"not an 837 claim file \(found 835\)"):
        read_837(ERA)
