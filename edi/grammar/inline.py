"""Inline: the children of an inlined grammar rule, spliced into the parent's children.

Kept in a module of its own so that the compiled driver can use it (a list subclass stays an
ordinary Python class).
"""

from __future__ import annotations

from typing import Any


class Inline(list[Any]):
    """Children of an inlined rule, spliced into the parent's children."""

    __slots__ = ()
