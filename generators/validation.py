"""Independent structural check of X12 output with pyx12 (loops, required segments, codes,
dates, counts, HL parentage). pyx12's exit code means nothing, so this reads its JSON error
tree and returns the errors as a list; an empty list is a clean file.

    errors = validate_x12(Path("outbox/837P-000000001.x12"))
    errors = validate_x12_text(text)
"""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True, slots=True)
class Pyx12Error:
    """One error pyx12 found. ``level`` is where it hangs in the error tree."""

    level: str  # interchange, group, transaction, segment, element
    code: str  # the 999/TA1 code (IK304, IK403, IK502, AK905 or TA105 value)
    message: str
    segment: str | None = None  # segment ID, or element reference such as CLM05
    line: int | None = None  # pyx12's segment count in the file
    value: str | None = None

    def __str__(self) -> str:
        where = f"{self.segment} (segment {self.line}): " if self.segment else ""
        return f"{self.level} {self.code}: {where}{self.message}"


def validate_x12(
    source: Path | str, exclude_external_codes: Iterable[str] = ()
) -> list[Pyx12Error]:
    """Validate an X12 file with pyx12; return every error (empty when clean)."""
    return _run(str(source), exclude_external_codes)


def validate_x12_text(text: str, exclude_external_codes: Iterable[str] = ()) -> list[Pyx12Error]:
    """Validate X12 text with pyx12; return every error (empty when clean)."""
    return _run(io.StringIO(text), exclude_external_codes)


def _run(source: str | io.StringIO, exclude: Iterable[str]) -> list[Pyx12Error]:
    import pyx12.params
    import pyx12.x12n_document

    logger = logging.getLogger("pyx12")
    previous = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        param = pyx12.params.params()
        excluded = ",".join(exclude)
        if excluded:
            param.set("exclude_external_codes", excluded)
        ack, tree = io.StringIO(), io.StringIO()
        ok = pyx12.x12n_document.x12n_document(
            param=param,
            src_file=source,
            fd_997=ack,
            fd_html=None,
            fd_xmldoc=None,
            fd_json=tree,
            map_path=None,
            callback=None,
        )
    finally:
        logger.setLevel(previous)
    errors = list(_flatten(json.loads(tree.getvalue() or "{}")))
    if not ok and not errors:
        errors.append(Pyx12Error("interchange", "?", "pyx12 reported a failure without details"))
    return errors


def _own(
    level: str, node: dict[str, Any], segment: str | None = None, line: int | None = None
) -> Iterator[Pyx12Error]:
    for error in node.get("errors") or []:
        yield Pyx12Error(
            level,
            str(error.get("err_cde")),
            str(error.get("err_str")),
            segment,
            line,
            error.get("err_val"),
        )


def _flatten(tree: dict[str, Any]) -> Iterator[Pyx12Error]:
    for interchange in tree.get("interchanges") or []:
        yield from _own("interchange", interchange)
        for group in interchange.get("groups") or []:
            yield from _own("group", group)
            for transaction in group.get("transactions") or []:
                yield from _own("transaction", transaction)
                for segment in transaction.get("segments") or []:
                    seg_id, line = segment.get("seg_id"), segment.get("seg_count")
                    yield from _own("segment", segment, seg_id, line)
                    for element in segment.get("elements") or []:
                        ref = f"{seg_id}{element.get('ele_pos', '')}"
                        yield from _own("element", element, ref, line)
