"""Words next to the codes in ``x12flow parse`` JSON: the ``..._description`` keys (issue 18).

The readers' models carry the guides' words under the names they were given first: an 835
claim's ``status`` (CLP02), ``meaning`` and ``..._meaning`` in a 999/997, 277 and TA1. The
ledger's outputs call them ``..._description``; so that a script reads one name everywhere,
each gets a ``..._description`` key next to it, and the old keys stay for existing readers of
the JSON. An 835 claim also gets its CAS group codes in words and the denial category and next
action (x12flow's own words, :mod:`edi.model.denials`). CARC and RARC texts come only from a
descriptions file the operator loaded (:mod:`parsers.codes.descriptions`), as before.

Everything here works on one item at a time as the reader yields it, so the output still
streams claim by claim. A code no list knows has no words: its key is left out, as every
absent value is in the JSON.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import Any, Final

from edi.model.denials import categorize_claim_payment
from edi.model.remittance.claims import ClaimPayment
from parsers.codes.tables import adjustment_group

_MEANING = "_meaning"
_NO_EXTRA: Final[Mapping[str, str]] = MappingProxyType({})

TA1_WORDS: Final[Mapping[str, str]] = MappingProxyType({"note": "note_code_description"})
"""TA105's words are ``note`` in the TA1 model; the other kinds follow the ``_meaning`` rule."""

DESCRIBED_KINDS: Final = frozenset({"835", "999", "997", "277CA", "277", "TA1"})
"""The transactions whose parse output gets ``..._description`` keys (not the 837s we write)."""


def description_key(key: str, extra: Mapping[str, str] = _NO_EXTRA) -> str | None:
    """The ``..._description`` key that repeats ``key``'s words, or None when ``key`` holds no
    words: ``status_meaning`` → ``status_description``, a bare ``meaning`` (the words of the
    ``code`` next to it) → ``code_description``."""
    if key in extra:
        return extra[key]
    if key == "meaning":
        return "code_description"
    if key.endswith(_MEANING):
        return key[: -len(_MEANING)] + "_description"
    return None


def with_descriptions(value: Any, extra: Mapping[str, str] = _NO_EXTRA) -> Any:
    """``value`` (JSON-ready: dicts, lists, scalars) with a ``..._description`` key after each
    key that holds words, at every depth."""
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            out[key] = with_descriptions(item, extra)
            described = description_key(key, extra)
            if described is not None and item is not None and described not in value:
                out[described] = item
        return out
    if isinstance(value, list):
        return [with_descriptions(item, extra) for item in value]
    return value


def _adjustments(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """CAS triplets with ``group_description`` (CAS01 in words) right after ``group``."""
    out = []
    for item in items:
        row: dict[str, Any] = {}
        for key, value in item.items():
            row[key] = value
            if key == "group" and (words := adjustment_group(value)) is not None:
                row["group_description"] = words
        out.append(row)
    return out


def described_claim(claim: ClaimPayment) -> dict[str, Any]:
    """One 835 claim payment as JSON, with CLP02 and CAS01 in words and, when something was
    denied or reduced, the denial category and next action after ``kind``."""
    data = claim.model_dump(mode="json", exclude_none=True)
    verdict = categorize_claim_payment(claim)
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key == "adjustments":
            value = _adjustments(value)
        elif key == "services":
            value = [
                {**line, "adjustments": _adjustments(line.get("adjustments", []))} for line in value
            ]
        out[key] = value
        if key == "status":  # CLP02 in words, under the ledger's name for them
            out["status_code_description"] = value
        elif key == "kind" and verdict is not None:
            out["denial_category"] = verdict.category.value
            out["denial_category_description"] = verdict.category.description
            out["next_action"] = verdict.action.value
            out["next_action_description"] = verdict.action.description
    return out


def _described_835(pairs: Iterable[tuple[str, Any]]) -> Iterator[tuple[str, Any]]:
    for key, value in pairs:
        if key == "claims" and isinstance(value, Iterator):
            yield key, map(described_claim, value)
        else:
            yield key, value


def _described_values(
    pairs: Iterable[tuple[str, Any]], extra: Mapping[str, str]
) -> Iterator[tuple[str, Any]]:
    """Pairs whose values are JSON-ready or streams of JSON-ready items (999, 277, TA1)."""
    for key, value in pairs:
        if isinstance(value, Iterator):
            yield key, (with_descriptions(item, extra) for item in value)
        else:
            yield key, with_descriptions(value, extra)
        described = description_key(key, extra)
        if described is not None and value is not None:
            yield described, value


def described_fields(kind: str, pairs: Iterable[tuple[str, Any]]) -> Iterator[tuple[str, Any]]:
    """A reader's (name, value) pairs for ``kind`` (835, 999, 997, 277CA, 277, TA1) with the
    ``..._description`` keys added; the pairs of any other kind unchanged."""
    if kind == "835":
        return _described_835(pairs)
    if kind in DESCRIBED_KINDS:
        return _described_values(pairs, TA1_WORDS if kind == "TA1" else _NO_EXTRA)
    return iter(pairs)
