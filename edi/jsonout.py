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
    """Writes one JSON document to ``write`` piece by piece."""

    def __init__(self, write: Callable[[str], Any]) -> None:
        self.write = write

    def value(self, value: Any) -> None:
        if isinstance(value, Iterator):
            self.array(value)
        else:
            self.write(_encode(value))

    def array(self, items: Iterable[Any]) -> None:
        self.write("[")
        first = True
        for item in items:
            if not first:
                self.write(",")
            first = False
            self.value(item)
        self.write("]")

    def object(self, pairs: Iterable[tuple[str, Any]]) -> None:
        self.write("{")
        first = True
        for key, value in pairs:
            if not first:
                self.write(",")
            first = False
            self.write(_encode(key) + ":")
            self.value(value)
        self.write("}")
