"""Grammar engine: lark LALR grammars over streams of segment tokens.

A transaction's grammar (``.lark``) and its qualifier table (``.toml``) sit beside the package that
uses them and are loaded with :func:`load_grammar`. Parsing yields a loop tree with the guide's
loop IDs, or whatever a transformer builds; structural problems become IK304 findings.
"""

from edi.x12.grammar.engine import Grammar, ParseOutcome, load_grammar
from edi.x12.grammar.tree import Loop, LoopTransformer

__all__ = ["Grammar", "Loop", "LoopTransformer", "ParseOutcome", "load_grammar"]
