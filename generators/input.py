"""Reading claim input: JSON (one claim or a list), JSON Lines (one claim a line) or YAML.

Reading never raises on bad content: a record that cannot be read becomes an
:class:`UnreadableRecord` naming the file, the line and the problem, so the run can report it
with every other refused claim.

JSON Lines are read one line at a time, so a batch of any size takes the memory of one claim;
:func:`read_source_undecoded` hands each line on as text (:class:`JsonLine`), for the claim
model to be validated straight from it. A JSON or YAML document is parsed whole (it is one
document), and each claim of its list is let go once it has been handed on. Before the first
record, the file is read through once to check that it is UTF-8 (a file that is not is
unusable, whole); standard input is first copied to a temporary file, so that it can be read
like any other.
"""

from __future__ import annotations

import codecs
import json
import shutil
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

import yaml

from edi.x12.errors import InputError

STDIN = "-"
JSON_SUFFIXES = (".json",)
JSON_LINES_SUFFIXES = (".jsonl", ".ndjson")
YAML_SUFFIXES = (".yaml", ".yml")
CHUNK = 1 << 16

_DECODER = json.JSONDecoder(parse_float=Decimal)


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


@dataclass(frozen=True, slots=True)
class JsonLine:
    """A line of a JSON Lines file, not decoded yet: a claim model can be validated straight
    from its text (:func:`generators.checking.validate_json_line`), without the objects that
    decoding it makes first; :meth:`decoded` is what :func:`read_source` gives of it."""

    source: str
    where: str  # line n
    text: str

    def decoded(self) -> Record | UnreadableRecord:
        return _json_line(self.source, self.where, self.text)


def read_source(name: str) -> Iterator[Record | UnreadableRecord]:
    """The records of one input file (``-`` is standard input), read as they are asked for."""
    for record in read_source_undecoded(name):
        yield record.decoded() if isinstance(record, JsonLine) else record


def read_source_undecoded(name: str) -> Iterator[Record | UnreadableRecord | JsonLine]:
    """:func:`read_source`, with the lines of a JSON Lines file left undecoded."""
    source = "stdin" if name == STDIN else name
    suffix = Path(name).suffix.lower()
    with _open(name) as stream:
        if suffix in JSON_LINES_SUFFIXES:
            yield from _json_lines(source, stream)
        elif suffix in JSON_SUFFIXES:
            yield from _json_document(source, stream.read())
        elif suffix in YAML_SUFFIXES:
            yield from _yaml_document(source, stream.read())
        else:
            yield from _sniffed(source, stream)


def _open(name: str) -> IO[str]:
    """The file as text, once it is known to be UTF-8 throughout (standard input: a copy)."""
    try:
        if name == STDIN:
            return _copy_of_stdin()
        _check_utf8(name)
        return open(name, encoding="utf-8")
    except FileNotFoundError:
        raise InputError("no such file", file=name) from None
    except UnicodeDecodeError:
        raise InputError("not UTF-8 text", file=name) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", file=name) from None


def _copy_of_stdin() -> IO[str]:
    """Standard input as read (its own decoding, lines untranslated), in a temporary file."""
    copy = tempfile.TemporaryFile(  # noqa: SIM115 - the caller closes it
        "w+", encoding="utf-8", errors="surrogatepass", newline=""
    )
    try:
        shutil.copyfileobj(sys.stdin, copy, CHUNK)
        copy.seek(0)
    except BaseException:
        copy.close()
        raise
    return copy


def _check_utf8(name: str) -> None:
    decoder = codecs.getincrementaldecoder("utf-8")()
    with open(name, "rb") as raw:
        while chunk := raw.read(CHUNK):
            decoder.decode(chunk)
    decoder.decode(b"", final=True)


def _lines(stream: IO[str]) -> Iterator[str]:
    """The lines of ``stream`` as ``str.splitlines`` splits a whole text."""
    for physical in stream:
        yield from physical.splitlines()


def _sniffed(source: str, stream: IO[str]) -> Iterator[Record | UnreadableRecord | JsonLine]:
    """A list is a JSON document; objects one per line (more than one line) are JSON Lines;
    another object is a JSON document; anything else is YAML. One pass to tell, then another."""
    first = ""
    lines = 0
    all_objects = True
    for line in _lines(stream):
        content = line.lstrip()
        if not content:
            continue
        first = first or content[0]
        lines += 1
        all_objects = all_objects and content.startswith("{")
    stream.seek(0)
    if first == "[" or (first == "{" and not (lines > 1 and all_objects)):
        yield from _json_document(source, stream.read())
    elif first == "{":
        yield from _json_lines(source, stream)
    elif first:
        yield from _yaml_document(source, stream.read())


def _loads(text: str) -> Any:
    if text.startswith("\ufeff"):  # as json.loads says
        raise json.JSONDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", text, 0)
    return _DECODER.decode(text)


def _items(source: str, document: Any, where: str) -> Iterator[Record]:
    if isinstance(document, list):
        for index in range(len(document)):
            item, document[index] = document[index], None  # let it go once handed on
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
    del text
    yield from _items(source, document, "the document")


def _json_lines(source: str, stream: IO[str]) -> Iterator[JsonLine]:
    for number, line in enumerate(_lines(stream), 1):
        if line.strip():
            yield JsonLine(source, f"line {number}", line)


def _json_line(source: str, where: str, line: str) -> Record | UnreadableRecord:
    try:
        data = _loads(line)
    except json.JSONDecodeError as exc:
        return UnreadableRecord(
            source, f"{where}, column {exc.colno}", f"not valid JSON: {exc.msg}"
        )
    return Record(source, where, data)


def _yaml_document(source: str, text: str) -> Iterator[Record | UnreadableRecord]:
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "the document"
        problem = getattr(exc, "problem", None) or "cannot be parsed"
        yield UnreadableRecord(source, where, f"not valid YAML: {problem}")
        return
    del text
    yield from _items(source, document, "the document")
