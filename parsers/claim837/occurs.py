"""Occurrence limits: how often a loop or a qualified segment may occur in each loop instance.

The grammar leaves counts open (every loop is ``loop_x*``, qualified segments sharing a position
are an unordered group); the ``[occurs]`` table of the grammar's ``.toml`` holds the limits, and
:meth:`OccurrenceTable.check` walks a parsed loop tree and reports what breaks them as IK304
findings: a required loop missing (I7), a loop repeated too often (4), a required segment
missing (3), a segment repeated too often (5).
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

from edi.x12.findings import Findings, Severity
from edi.x12.grammar import Grammar, Loop
from edi.x12.grammar.engine import display
from edi.x12.location import Location
from edi.x12.segment import Segment

_LOOP_RULE = re.compile(r"^loop_(\w+):\s*([A-Z][A-Z0-9_]*)", re.MULTILINE)
_RANGE = re.compile(r"^(\d+)\.\.(\d+|n)$")
ROOT = "transaction"


@dataclass(frozen=True, slots=True)
class Limit:
    """``members`` (loop IDs, or token types counted together) occur ``low..high`` times."""

    key: str
    members: tuple[str, ...]
    is_loop: bool
    low: int
    high: int | None  # None: no limit


def parse_limit(key: str, value: str) -> Limit:
    match = _RANGE.match(value.strip())
    if match is None:
        raise ValueError(f"occurrence {key!r}: {value!r} is not 'min..max'")
    high = None if match[2] == "n" else int(match[2])
    return Limit(key, tuple(key.split()), key[0].isdigit(), int(match[1]), high)


class OccurrenceTable:
    """The ``[occurs]`` limits of one grammar, and the trigger token of each of its loops."""

    def __init__(
        self, grammar: Grammar, limits: Mapping[str, tuple[Limit, ...]], triggers: Mapping[str, str]
    ) -> None:
        self.grammar = grammar
        self.limits = dict(limits)
        self.triggers = dict(triggers)  # loop ID -> token type of its first segment

    @classmethod
    def load(cls, package: str, stem: str, grammar: Grammar) -> OccurrenceTable:
        files = resources.files(package)
        table: dict[str, Any] = tomllib.loads(files.joinpath(f"{stem}.toml").read_text("utf-8"))
        limits = {
            loop: tuple(parse_limit(k, v) for k, v in entries.items())
            for loop, entries in table.get("occurs", {}).items()
        }
        text = files.joinpath(f"{stem}.lark").read_text("utf-8")
        triggers = {m[1].upper(): m[2] for m in _LOOP_RULE.finditer(text)}
        return cls(grammar, limits, triggers)

    def check(self, tree: Loop, findings: Findings, base: Location) -> None:
        """Report every broken limit in ``tree`` and the loops below it."""
        stack = [tree]
        while stack:
            loop = stack.pop()
            self.check_loop(loop, findings, base)
            stack.extend(reversed(list(loop.loops())))

    def check_loop(self, loop: Loop, findings: Findings, base: Location) -> None:
        """Report the broken limits of ``loop`` itself (not of the loops inside it)."""
        limits = self.limits.get(loop.id)
        if limits:
            for problem in self._problems(loop, limits):
                code, message, loc, details = problem.finding(base)
                findings.report(Severity.ERROR, "IK304", code, message, loc, **details)

    def _problems(self, loop: Loop, limits: tuple[Limit, ...]) -> Iterator[_Problem]:
        loops: dict[str, list[Loop]] = {}
        for inner in loop.loops():
            loops.setdefault(inner.id, []).append(inner)
        types = Counter(seg.type for seg in loop.segments())
        for limit in limits:
            if limit.is_loop:
                found = sorted((x for m in limit.members for x in loops.get(m, [])), key=_order)
                count = len(found)
            else:
                count = sum(types[m] for m in limit.members)
            if count < limit.low:
                yield self._missing(loop, limit)
            elif limit.high is not None and count > limit.high:
                if limit.is_loop:
                    extra = found[limit.high]
                    yield _Problem(
                        "4",
                        f"loop {limit.key} occurs {count} times in "
                        f"{_loop_name(loop.id)}; at most {limit.high} allowed",
                        _first_segment(extra),
                        extra.id,
                        limit.key,
                    )
                else:
                    seg = [s for s in loop.segments() if s.type in limit.members][limit.high]
                    yield _Problem(
                        "5",
                        f"segment {self._what(limit)} occurs {count} times in "
                        f"{_loop_name(loop.id)}; at most {limit.high} allowed",
                        seg,
                        _loop_id(loop),
                        limit.members[0],
                    )

    def _missing(self, loop: Loop, limit: Limit) -> _Problem:
        """A required loop or segment is absent: reported at the start of the loop that lacks it."""
        where = _loop_name(loop.id)
        if limit.is_loop:
            trigger = self.triggers.get(limit.members[0])
            what = f"loop {limit.key}" + (f" ({self._name(trigger)})" if trigger else "")
            return _Problem(
                "I7",
                f"required {what} is missing from {where}",
                _first_segment(loop),
                _loop_id(loop),
                limit.key,
            )
        return _Problem(
            "3",
            f"required segment {self._what(limit)} is missing from {where}",
            _first_segment(loop),
            _loop_id(loop),
            limit.members[0],
        )

    def _name(self, token_type: str) -> str:
        """``NM1_85`` -> ``billing provider name, NM1*85``."""
        name = self.grammar.names.get(token_type)
        return f"{name}, {display(token_type)}" if name else display(token_type)

    def _what(self, limit: Limit) -> str:
        if len(limit.members) == 1:
            return self.grammar.describe(limit.members[0])
        return " or ".join(display(m) for m in limit.members)


@dataclass(frozen=True, slots=True)
class _Problem:
    """One broken limit. The location is that of ``anchor`` (the extra segment, or the first
    segment of the loop that lacks something); ``subject`` names the loop or segment token the
    problem is about (a 999 writer may use it for IK301/IK303)."""

    code: str
    message: str
    anchor: Segment | None
    loop: str | None  # the loop ``anchor`` belongs to
    subject: str

    def finding(self, base: Location) -> tuple[str, str, Location, dict[str, str]]:
        seg = self.anchor
        details = {"subject": display(self.subject)}
        if seg is None:
            return self.code, self.message, base.with_(loop=self.loop), details
        return self.code, self.message, base.at(seg, loop=self.loop), details


def _first_segment(loop: Loop) -> Segment | None:
    return next(loop.walk(), None)


def _order(loop: Loop) -> int:
    seg = _first_segment(loop)
    return seg.position if seg is not None else 0


def _loop_id(loop: Loop) -> str | None:
    return None if loop.id == ROOT else loop.id


def _loop_name(loop_id: str) -> str:
    return "the transaction set" if loop_id == ROOT else f"loop {loop_id}"
