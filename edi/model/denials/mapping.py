"""The denial mapping: ``mapping.toml`` read once, checked, and looked up by code.

The file is data so that a code can be added without touching the logic (see the file's own
header and docs/denials.md). Reading checks every entry: a wrong category or action, a missing
note or an unknown key stops loading with :class:`~edi.x12.errors.ConfigError`, because a
mapping that is half understood would put claims on the wrong worklist.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from importlib import resources
from types import MappingProxyType
from typing import Any

from edi.model.denials.terms import Action, Category, Rule
from edi.x12.errors import ConfigError

_PACKAGE = "edi.model.denials"
PACKAGED = "mapping.toml"
RULE_TABLES = ("carc", "rarc", "stc_category", "stc_status", "set_error", "group_error")
"""Tables whose entries are rules (category, action, note)."""
_RULE_KEYS = frozenset({"category", "action", "note", "refine"})


class ClaimEffect(StrEnum):
    """How a CLP02 claim status frames the claim's adjustments (see ``[clp02]``)."""

    PROCESSED = "processed"
    DENIED = "denied"
    FORWARDED = "forwarded"
    REVERSAL = "reversal"
    PREDETERMINATION = "predetermination"


@dataclass(frozen=True, slots=True)
class ClaimStatusRule:
    """One CLP02 code: its effect and our note."""

    effect: ClaimEffect
    note: str


@dataclass(frozen=True, slots=True)
class AckStatusRule:
    """One IK501/AK501/AK901 code: whether it rejects, and our note."""

    rejected: bool
    note: str


@dataclass(frozen=True, slots=True)
class DenialMapping:
    """Every table of the mapping, read-only, keyed by code (CARC also by ``GROUP-code``)."""

    sources: Mapping[str, str]
    claim_statuses: Mapping[str, ClaimStatusRule]
    carcs: Mapping[str, Rule]
    rarcs: Mapping[str, Rule]
    stc_categories: Mapping[str, Rule]
    stc_statuses: Mapping[str, Rule]
    ack_statuses: Mapping[str, AckStatusRule]
    set_errors: Mapping[str, Rule]
    group_errors: Mapping[str, Rule]

    def carc(self, group: str, code: str) -> Rule | None:
        """The rule of CARC ``code`` under CAS group ``group``: the group's own entry
        (``PR-96``) first, else the code's; None when the mapping does not know the code."""
        return self.carcs.get(f"{group}-{code}") or self.carcs.get(code)


def _fail(name: str, where: str, problem: str) -> ConfigError:
    return ConfigError(f"denial mapping [{where}]: {problem}", file=name)


def _note(name: str, where: str, entry: Mapping[str, Any]) -> str:
    note = entry.get("note")
    if not isinstance(note, str) or not note.strip():
        raise _fail(name, where, "every entry needs a note in our own words")
    return note


def _rule(name: str, where: str, entry: Any) -> Rule:
    if not isinstance(entry, dict):
        raise _fail(name, where, "an entry is a table: { category, action, note }")
    unknown = set(entry) - _RULE_KEYS
    if unknown:
        raise _fail(name, where, f"unknown key(s) {', '.join(sorted(unknown))}")
    note = _note(name, where, entry)
    refine = entry.get("refine", False)
    if not isinstance(refine, bool):
        raise _fail(name, where, "refine is true or false")
    raw_category, raw_action = entry.get("category"), entry.get("action")
    if raw_category is None:
        if raw_action not in (None, Action.NONE.value):
            raise _fail(name, where, "an entry without a category has no action to take")
        return Rule(None, Action.NONE, note, refine)
    try:
        category = Category(raw_category)
    except ValueError:
        raise _fail(name, where, f"unknown category {raw_category!r}") from None
    if not isinstance(raw_action, str):
        raise _fail(name, where, "an entry with a category needs an action")
    try:
        action = Action(raw_action)
    except ValueError:
        raise _fail(name, where, f"unknown action {raw_action!r}") from None
    return Rule(category, action, note, refine)


def _table(name: str, document: Mapping[str, Any], key: str) -> dict[str, Any]:
    table = document.get(key)
    if not isinstance(table, dict) or not table:
        raise _fail(name, key, "table missing or empty")
    return table


def _rules(name: str, document: Mapping[str, Any], key: str) -> Mapping[str, Rule]:
    table = _table(name, document, key)
    return MappingProxyType(
        {code: _rule(name, f"{key}.{code}", entry) for code, entry in table.items()}
    )


def _claim_status(name: str, where: str, entry: Any) -> ClaimStatusRule:
    if not isinstance(entry, dict) or set(entry) != {"effect", "note"}:
        raise _fail(name, where, "an entry is { effect, note }")
    try:
        effect = ClaimEffect(entry["effect"])
    except ValueError:
        raise _fail(name, where, f"unknown effect {entry['effect']!r}") from None
    return ClaimStatusRule(effect, _note(name, where, entry))


def _ack_status(name: str, where: str, entry: Any) -> AckStatusRule:
    if not isinstance(entry, dict) or set(entry) != {"rejected", "note"}:
        raise _fail(name, where, "an entry is { rejected, note }")
    if not isinstance(entry["rejected"], bool):
        raise _fail(name, where, "rejected is true or false")
    return AckStatusRule(entry["rejected"], _note(name, where, entry))


def _check_carc_keys(name: str, carcs: Mapping[str, Rule]) -> None:
    """``GROUP-code`` keys name a CAS group, and never bill the patient under CO."""
    for key, rule in carcs.items():
        if "-" not in key:
            continue
        group, _, code = key.partition("-")
        if group not in ("CO", "OA", "PI", "PR") or not code:
            raise _fail(name, f"carc.{key}", "a group key is CO-, OA-, PI- or PR- and a code")
        if group == "CO" and rule.action is Action.BILL_PATIENT:
            raise _fail(name, f"carc.{key}", "under CO the provider is liable: not bill_patient")


def load_mapping(text: str, name: str = PACKAGED) -> DenialMapping:
    """A mapping from TOML ``text`` (``name`` says where it came from, for errors)."""
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"denial mapping is not valid TOML: {exc}", file=name) from None
    expected = {"sources", "clp02", "ack_status", *RULE_TABLES}
    unknown = set(document) - expected
    if unknown:
        raise _fail(name, ", ".join(sorted(unknown)), "unknown table(s)")
    sources = _table(name, document, "sources")
    if set(sources) != expected - {"sources"} or not all(
        isinstance(v, str) and v for v in sources.values()
    ):
        raise _fail(name, "sources", "one source line for each table")
    claim_statuses = {
        code: _claim_status(name, f"clp02.{code}", entry)
        for code, entry in _table(name, document, "clp02").items()
    }
    ack_statuses = {
        code: _ack_status(name, f"ack_status.{code}", entry)
        for code, entry in _table(name, document, "ack_status").items()
    }
    carcs = _rules(name, document, "carc")
    _check_carc_keys(name, carcs)
    return DenialMapping(
        sources=MappingProxyType(dict(sources)),
        claim_statuses=MappingProxyType(claim_statuses),
        carcs=carcs,
        rarcs=_rules(name, document, "rarc"),
        stc_categories=_rules(name, document, "stc_category"),
        stc_statuses=_rules(name, document, "stc_status"),
        ack_statuses=MappingProxyType(ack_statuses),
        set_errors=_rules(name, document, "set_error"),
        group_errors=_rules(name, document, "group_error"),
    )


@functools.cache
def denial_mapping() -> DenialMapping:
    """The mapping shipped with x12flow, read once per process."""
    text = resources.files(_PACKAGE).joinpath(PACKAGED).read_text(encoding="utf-8")
    return load_mapping(text, f"{_PACKAGE}/{PACKAGED}")
