"""Streaming JSON output: values may be iterators, written item by item as they are produced."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal
from enum import Enum
from typing import Any

from pydantic import BaseModel


def plain(value: Any) -> Any:
    """A JSON-ready version of ``value``: Decimal as a string, dates as ISO text."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", exclude_none=True)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if hasattr(value, "to_json"):
        return value.to_json()
    return value


def _default(value: Any) -> Any:
    result = plain(value)
    if result is value:
        raise TypeError(f"cannot write {type(value).__name__} as JSON")
    return result


_encode = json.JSONEncoder(default=_default, ensure_ascii=False, separators=(",", ":")).encode


def dumps(value: Any) -> str:
    return _encode(value)


class StreamWriter:
    """Writes one JSON document to ``write`` piece by piece.

    When producing a value fails half-way, :meth:`abort` closes whatever is open, so the
    output stays one valid JSON document that ends with an ``"error"`` member."""

    def __init__(self, write: Callable[[str], Any]) -> None:
        self.write = write
        self._open: list[str] = []  # closing brackets of the containers being written
        self._key_pending = False  # a key was written, its value not yet

    def value(self, value: Any) -> None:
        if isinstance(value, Iterator):
            self.array(value)
        else:
            self.write(_encode(value))
            self._key_pending = False

    def array(self, items: Iterable[Any]) -> None:
        self._enter("[", "]")
        first = True
        for item in items:
            if not first:
                self.write(",")
            first = False
            self.value(item)
        self._leave()

    def object(self, pairs: Iterable[tuple[str, Any]]) -> None:
        self._enter("{", "}")
        first = True
        for key, value in pairs:
            if not first:
                self.write(",")
            first = False
            self.write(_encode(key) + ":")
            self._key_pending = True
            self.value(value)
        self._leave()

    def abort(self, message: str) -> None:
        """Close every open container and end the document with ``"error": message``."""
        if self._key_pending:
            self.write("null")
            self._key_pending = False
        while len(self._open) > 1:
            self.write(self._open.pop())
        if self._open:
            self.write("," + _encode("error") + ":" + _encode(message) + self._open.pop())

    def _enter(self, opening: str, closing: str) -> None:
        self.write(opening)
        self._open.append(closing)
        self._key_pending = False

    def _leave(self) -> None:
        self.write(self._open.pop())
        self._key_pending = False
