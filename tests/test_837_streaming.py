"""An 837 is read subscriber by subscriber: a billing provider with thousands of subscribers is
never held whole, and its findings keep the order a whole-provider check gives them."""

from __future__ import annotations

import gc
import io
from collections.abc import Iterator

from edi.model.claim import ProfessionalClaim
from edi.x12.findings import Finding, Findings
from parsers.claim837 import LocatedClaim, read_claim_sets
from parsers.claim837.transformer import Built
from tests.fuzz.memory import repeat_level
from tests.parsers.test_claim837_claims import generate, sample


def _elements(segment: str) -> list[str]:
    return segment.split("*")


def one_provider(subscribers: int, change: dict[str, str] | None = None) -> tuple[str, int]:
    """A generated 837P whose first subscriber (2000B with its patients and claims) is repeated
    ``subscribers`` times under one billing provider, HLs renumbered; and the claims per copy.
    ``change`` replaces segments of the copied subscriber block (old text -> new text)."""
    text = generate("837p", sample("837p", 3, seed=1))
    segments = [s.strip() for s in text.split("~") if s.strip()]
    out = list(repeat_level(segments, "22", subscribers, change))
    first_set = out[: next(i for i, s in enumerate(out) if s.startswith("SE*"))]
    claims = sum(1 for s in first_set if s.startswith("CLM*")) // subscribers
    return "~\n".join(out) + "~\n", claims


def read(text: str, findings: Findings) -> Iterator[LocatedClaim]:
    """The claims of the file, as the public streaming API (read_claim_sets) gives them."""
    for claim_set in read_claim_sets(io.BytesIO(text.encode()), findings):
        yield from claim_set.claims


def live_claim_objects() -> int:
    """Loops built from 2000B, 2000C and 2300, and claim models, that are still alive."""
    gc.collect()
    return sum(1 for o in gc.get_objects() if type(o) in (Built, ProfessionalClaim, LocatedClaim))


def test_a_big_billing_provider_is_read_one_subscriber_at_a_time() -> None:
    text, per_copy = one_provider(2_010)
    findings = Findings("claims.x12")
    seen = 0
    live: dict[int, int] = {}  # claims read -> live claim objects
    for _ in read(text, findings):
        seen += 1
        if seen in (200, 2_000):
            live[seen] = live_claim_objects()
    assert seen == 2_010 * per_copy
    assert not findings.has_errors, [str(f) for f in findings]
    # a subscriber's loops and claims (a few dozen objects at most), not the provider's thousands
    assert live[200] <= 60, live
    assert live[2_000] <= live[200] + 10, live


def _where(finding: Finding) -> tuple[str | None, int, int]:
    """Segment ID, segment ordinal, element."""
    loc = finding.location
    return loc.segment_id, loc.segment or 0, loc.element or 0


def test_a_billing_providers_findings_keep_their_order_across_subscribers() -> None:
    """Element problems of every subscriber come before the HL numbering problems, and the
    subscribers come in file order within each kind, as when the whole 2000A is checked."""
    plain, _ = one_provider(1)
    lines = [s.strip() for s in plain.split("~") if s.strip()]
    hl = next(s for s in lines if s.startswith("HL*") and _elements(s)[3] == "22")
    sbr = next(s for s in lines if s.startswith("SBR*"))
    flipped = _elements(hl)
    flipped[4] = "1" if flipped[4] == "0" else "0"
    bad_sbr = _elements(sbr)
    bad_sbr[1] = "Z"  # not a payer responsibility code
    text, _ = one_provider(3, {hl: "*".join(flipped), sbr: "*".join(bad_sbr)})
    findings = Findings("claims.x12")
    for _ in read(text, findings):
        pass
    found = [_where(f) for f in findings if f.source == "IK403"]
    ids = [segment_id for segment_id, _, _ in found]
    assert ids == ["SBR", "SBR", "SBR", "HL", "HL", "HL"], [str(f) for f in findings]
    assert [element for *_, element in found] == [1, 1, 1, 4, 4, 4]
    sbr_at = [segment for _, segment, _ in found[:3]]
    hl_at = [segment for _, segment, _ in found[3:]]
    assert sbr_at == sorted(sbr_at) and hl_at == sorted(hl_at)
    assert hl_at[0] < sbr_at[0] < hl_at[1]  # subscriber by subscriber in the file
