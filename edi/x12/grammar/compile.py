"""From grammar text to LALR tables: helper rules for long optional runs, lark's analysis, and a
cache of the packed tables keyed by the exact source compiled."""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import lark
from lark import Lark, Token
from lark.lexer import Lexer

from edi.x12.errors import X12FlowError
from edi.x12.grammar.tables import Tables

START = "transaction"


class _NoLexer(Lexer):
    """Placeholder: segments arrive already tokenized, the parser never lexes text."""

    def __init__(self, lexer_conf: Any) -> None:
        pass

    def lex(self, lexer_state: Any, parser_state: Any) -> Iterator[Token]:  # pragma: no cover
        raise NotImplementedError


_CACHE_FORMAT = "7"


def _cache_dir() -> Path | None:
    root = os.environ.get("X12FLOW_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(Path.home(), ".cache"), "x12flow"
    )
    return Path(root) / "grammars" if root else None


# A rule alternative with more optional items than this gets one helper rule per item: fewer
# LALR states, at the price of one (cheap) reduction per optional item.
_MAX_OPTIONAL = 9
_OPTIONAL = re.compile(r"(?<![\w\"])([A-Za-z_][A-Za-z0-9_]*)([?*])")
_RULE_HEAD = re.compile(r"^(\s*[?!]?[_a-z][_a-z0-9]*\s*:)", re.MULTILINE)


def prepare(text: str, terminals: list[str]) -> str:
    """The lark source actually compiled: terminals declared, and in a rule alternative with many
    optional items, every ``X?``/``X*`` turned into a rule of its own (``_opt_x_q: X?``).

    lark expands each optional item of a rule into two alternatives, so a loop with sixteen
    optional segments becomes 65,536 expansions and tens of thousands of LALR states. One
    nullable rule per optional item keeps the parent a single expansion; the helper rules start
    with ``_``, so their content is spliced into the parent as before.
    """
    body = re.sub(r"//[^\n]*", "", text)
    helpers: dict[str, str] = {}

    def swap(match: re.Match[str]) -> str:
        item, mark = match.group(1), match.group(2)
        helper = f"_opt_{item.lower().lstrip('_')}_{'q' if mark == '?' else 's'}"
        helpers[helper] = f"{helper}: {item}{mark}"
        return helper

    lines = []
    for line in body.splitlines():
        head = _RULE_HEAD.match(line)
        start = head.end() if head else 0
        if (head or line.lstrip().startswith("|")) and len(
            _OPTIONAL.findall(line[start:])
        ) > _MAX_OPTIONAL:
            lines.append(line[:start] + _OPTIONAL.sub(swap, line[start:]))
        else:
            lines.append(line)
    return (
        "%declare "
        + " ".join(terminals)
        + "\n"
        + "\n".join(lines)
        + "\n"
        + "\n".join(helpers.values())
        + "\n"
    )


def compile_tables(name: str, text: str, terminals: list[str]) -> Tables:
    """LALR tables for a grammar: from the cache when this exact grammar was compiled before."""
    source = prepare(text, terminals)
    digest = hashlib.sha256(f"{_CACHE_FORMAT}|{lark.__version__}|{source}".encode()).hexdigest()[
        :24
    ]
    folder = _cache_dir()
    path = folder / f"{digest}.json" if folder else None
    if path is not None and path.is_file():
        try:
            return Tables.from_json(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError):
            pass
    try:
        parser = Lark(source, parser="lalr", lexer=_NoLexer, start=START, maybe_placeholders=False)
    except Exception as exc:  # lark.GrammarError and friends
        raise X12FlowError(f"grammar {name} does not compile: {exc}") from exc
    tables = Tables.from_lark(parser, START)
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps(tables.to_json()), encoding="utf-8")
            os.replace(tmp, path)
        except OSError:
            pass  # a read-only home: compile each time
    return tables
