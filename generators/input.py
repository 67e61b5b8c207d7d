"""Reading claim input: JSON (one claim or a list), JSON Lines (one claim a line) or YAML.

Reading never raises on bad content: a record that cannot be read becomes an
:class:`UnreadableRecord` naming the file, the line and the problem, so the run can report it
with every other refused claim.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from edi.x12.errors import InputError

STDIN = "-"
JSON_SUFFIXES = (".json",)
JSON_LINES_SUFFIXES = (".jsonl", ".ndjson")
YAML_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True, slots=True)
class Record:
    """One claim object as read, and where it came from (``where`` e.g. "line 3", "item 2")."""

    source: str
    where: str
    data: Any


@dataclass(frozen=True, slots=True)
class UnreadableRecord:
    source: str
    where: str
    message: str


def read_source(name: str) -> Iterator[Record | UnreadableRecord]:
    """The records of one input file (``-`` is standard input)."""
    text = _read_text(name)
    source = "stdin" if name == STDIN else name
    suffix = Path(name).suffix.lower()
    if suffix in JSON_LINES_SUFFIXES:
        yield from _json_lines(source, text)
    elif suffix in JSON_SUFFIXES:
        yield from _json_document(source, text)
    elif suffix in YAML_SUFFIXES:
        yield from _yaml_document(source, text)
    else:
        yield from _sniffed(source, text)


def _read_text(name: str) -> str:
    try:
        if name == STDIN:
            return sys.stdin.read()
        return Path(name).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("no such file", file=name) from None
    except UnicodeDecodeError:
        raise InputError("not UTF-8 text", file=name) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", file=name) from None


def _sniffed(source: str, text: str) -> Iterator[Record | UnreadableRecord]:
    stripped = text.lstrip()
    if stripped.startswith("["):
        yield from _json_document(source, text)
    elif stripped.startswith("{"):
        lines = [line for line in text.splitlines() if line.strip()]
        if len(lines) > 1 and all(line.lstrip().startswith("{") for line in lines):
            yield from _json_lines(source, text)
        else:
            yield from _json_document(source, text)
    elif stripped:
        yield from _yaml_document(source, text)


def _loads(text: str) -> Any:
    return json.loads(text, parse_float=Decimal)


def _items(source: str, document: Any, where: str) -> Iterator[Record]:
    if isinstance(document, list):
        for index, item in enumerate(document):
            yield Record(source, f"item {index}", item)
    else:
        yield Record(source, where, document)


def _json_document(source: str, text: str) -> Iterator[Record | UnreadableRecord]:
    try:
        document = _loads(text)
    except json.JSONDecodeError as exc:
        yield UnreadableRecord(
            source, f"line {exc.lineno}, column {exc.colno}", f"not valid JSON: {exc.msg}"
        )
        return
    yield from _items(source, document, "the document")


def _json_lines(source: str, text: str) -> Iterator[Record | UnreadableRecord]:
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            yield Record(source, f"line {number}", _loads(line))
        except json.JSONDecodeError as exc:
            yield UnreadableRecord(
                source, f"line {number}, column {exc.colno}", f"not valid JSON: {exc.msg}"
            )


def _yaml_document(source: str, text: str) -> Iterator[Record | UnreadableRecord]:
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "the document"
        problem = getattr(exc, "problem", None) or "cannot be parsed"
        yield UnreadableRecord(source, where, f"not valid YAML: {problem}")
        return
    yield from _items(source, document, "the document")
