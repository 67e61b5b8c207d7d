"""CARC and RARC descriptions, loaded from a file the operator supplies.

The texts of the Claim Adjustment Reason Codes (CAS02, CAS05, …) and Remittance Advice Remark
Codes (LQ02, MIA05, MOA03, …) are licensed by X12, so x12flow ships none. An operator who holds
them points x12flow at a CSV or TSV file, one code a line::

    code,description
    45,Charge exceeds fee schedule/maximum allowable ...
    N130,Consult plan benefit documents/guidelines ...

A third, leading column ``CARC`` or ``RARC`` may say which list a row belongs to
(``CARC,45,Charge exceeds ...``); two-column rows serve both lists (the two lists use different
code shapes: RARCs start with M or N). A header row (first cell ``code``, ``list`` or ``kind``),
blank lines and lines starting with ``#`` are skipped.

Where the file comes from, first match wins: :func:`load_descriptions` (an API call), the
environment variable ``X12FLOW_CODE_DESCRIPTIONS``, then the application's own lookup, given with
:func:`use_lookup` (the command line looks up the configuration key ``[codes] descriptions``: the
parsers never read the configuration themselves). Without any of them codes show alone. Unknown
codes are never rejected.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable
from pathlib import Path

from edi.x12.errors import ConfigError

DESCRIPTIONS_ENV = "X12FLOW_CODE_DESCRIPTIONS"
_LISTS = ("CARC", "RARC")
_HEADER_CELLS = frozenset({"code", "list", "kind", "type"})


class CodeDescriptions:
    """CARC and RARC texts by code; empty until a file is loaded."""

    def __init__(self) -> None:
        self._lists: dict[str, dict[str, str]] = {name: {} for name in _LISTS}
        self._both: dict[str, str] = {}
        self.sources: list[str] = []

    def __len__(self) -> int:
        return len(self._both) + sum(len(codes) for codes in self._lists.values())

    def carc(self, code: str) -> str | None:
        """The description of a claim adjustment reason code, or None when none was loaded."""
        return self._lists["CARC"].get(code) or self._both.get(code)

    def rarc(self, code: str) -> str | None:
        """The description of a remittance advice remark code, or None when none was loaded."""
        return self._lists["RARC"].get(code) or self._both.get(code)

    def add(self, code: str, description: str, list_name: str | None = None) -> None:
        """Record one description; ``list_name`` is ``CARC``, ``RARC`` or None for both."""
        target = self._both if list_name is None else self._lists[list_name]
        target[code.strip()] = description.strip()

    def load(self, path: str | os.PathLike[str]) -> int:
        """Read a CSV or TSV file of ``code, description`` rows; return how many were read."""
        try:
            text = Path(path).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"cannot read the code descriptions: {exc}", file=str(path)) from None
        count = self.load_text(text, str(path))
        self.sources.append(str(path))
        return count

    def load_text(self, text: str, name: str = "<text>") -> int:
        """Read ``code, description`` rows from CSV or TSV text; return how many were read."""
        first = next((line for line in text.splitlines() if line.strip()), "")
        delimiter = "\t" if "\t" in first else ","
        count = 0
        for number, row in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), 1):
            cells = [cell.strip() for cell in row]
            if not cells or not cells[0] or cells[0].startswith("#"):
                continue
            if count == 0 and cells[0].lower() in _HEADER_CELLS:
                continue
            self._add_row(cells, name, number)
            count += 1
        return count

    def _add_row(self, cells: list[str], name: str, number: int) -> None:
        if len(cells) >= 3 and cells[0].upper() in _LISTS:
            self.add(
                cells[1], ",".join(cells[2:]) if len(cells) > 3 else cells[2], cells[0].upper()
            )
        elif len(cells) >= 2:
            self.add(cells[0], cells[1] if len(cells) == 2 else ",".join(cells[1:]))
        else:
            raise ConfigError(f"line {number} has a code but no description", file=name)


_loaded: CodeDescriptions | None = None
_lookup: Callable[[], Path | None] | None = None


def descriptions() -> CodeDescriptions:
    """The process-wide descriptions: loaded once from the environment or the configuration."""
    global _loaded
    if _loaded is None:
        found = CodeDescriptions()
        path = _configured_path()
        if path is not None:
            found.load(path)
        _loaded = found
    return _loaded


def load_descriptions(path: str | os.PathLike[str]) -> CodeDescriptions:
    """Load a descriptions file (API call); it adds to what the environment provided."""
    table = descriptions()
    table.load(path)
    return table


def use_lookup(lookup: Callable[[], Path | None] | None) -> None:
    """Where to find the descriptions file when the environment names none: ``lookup`` is
    called once, at the first :func:`descriptions` call (None: no lookup)."""
    global _lookup
    _lookup = lookup
    reset_descriptions()


def reset_descriptions() -> None:
    """Forget loaded descriptions; the next :func:`descriptions` call looks again."""
    global _loaded
    _loaded = None


def _configured_path() -> Path | None:
    from_env = os.environ.get(DESCRIPTIONS_ENV)
    if from_env:
        return Path(from_env)
    return _lookup() if _lookup is not None else None
