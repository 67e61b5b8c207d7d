"""Issue 18 item 4: ``x12flow parse --format text`` gives an 835 claim's codes in words."""

from __future__ import annotations

from pathlib import Path

from edi.inbound.document import Document

DATA = Path(__file__).resolve().parent.parent / "data" / "era835"


def test_835_text_gives_clp02_cas_groups_category_and_action_in_words() -> None:
    lines = list(Document(DATA / "paid_partial_denied.x12").summary())
    words = [line.strip() for line in lines if line.startswith("      CLP02")]
    assert words == [
        "CLP02 1 Processed as Primary",
        "CLP02 1 Processed as Primary; CO Contractual Obligations: 45; "
        "PR Patient Responsibility: 2, 1; denial category patient responsibility "
        "(deductible, coinsurance, copay), next action bill the patient",
        "CLP02 4 Denied; CO Contractual Obligations: 50; denial category medical necessity, "
        "next action appeal",
    ]
