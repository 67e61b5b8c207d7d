"""Every grammar shipped with x12flow compiles to LALR(1) tables without any conflict, and stays
small (a grammar that explodes into thousands of states is slow to load)."""

from __future__ import annotations

import re
from importlib import resources
from typing import Any

import pytest
from lark import Lark, Token
from lark.lexer import Lexer

from edi.x12.grammar import load_grammar
from edi.x12.grammar.engine import prepare

GRAMMARS = [
    ("parsers.era835", "grammar"),
    ("parsers.ack999", "grammar999"),
    ("parsers.ack999", "grammar997"),
    ("parsers.status277", "grammar277ca"),
    ("parsers.status277", "grammar277"),
    ("parsers.claim837", "professional"),
    ("parsers.claim837", "institutional"),
]


class _Tokens(Lexer):
    def __init__(self, conf: Any) -> None:
        pass

    def lex(self, data: Any) -> Any:  # pragma: no cover - never called
        return iter([Token("ST", "")])


@pytest.mark.parametrize(("package", "stem"), GRAMMARS)
def test_grammar_compiles_strictly_and_stays_small(package: str, stem: str) -> None:
    text = resources.files(package).joinpath(f"{stem}.lark").read_text("utf-8")
    terminals = sorted(set(re.findall(r"\b[A-Z][A-Z0-9_]*\b", re.sub(r"//[^\n]*", "", text))))
    # strict: a shift/reduce conflict raises instead of being resolved silently as a shift
    Lark(prepare(text, terminals), parser="lalr", lexer=_Tokens, start="transaction", strict=True)
    grammar = load_grammar(package, stem)
    assert {"ST", "SE"} <= grammar.terminals
    assert len(grammar.tables.states) < 2000


def test_optional_items_become_rules_of_their_own() -> None:
    many = " ".join(f"X{i}?" for i in range(10))
    source = prepare(
        f"transaction: ST A? B* (C | D)* SE\nloop_1: L {many}\n",
        ["A", "B", "C", "D", "L", "SE", "ST"] + [f"X{i}" for i in range(10)],
    )
    assert "transaction: ST A? B* (C | D)* SE" in source  # few optional items: as written
    assert "loop_1: L _opt_x0_q _opt_x1_q" in source and "_opt_x9_q: X9?" in source
