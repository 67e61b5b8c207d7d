"""Compare x12flow's validation with pyx12's (what ``x12valid`` runs) over the shared corpus, and
write docs/conformance.md: every file where the two disagree, with a hand-written note on who is
right and which rule of the guide says so (tests/data/conformance_notes.toml).

    python -m tests.pyx12_compare            # compare, write docs/conformance.md
    python -m tests.pyx12_compare --check    # compare, write nothing, fail if the doc is stale

Why a committed script: pyx12 is the independent reading of the implementation guides' maps that
x12flow is measured against (issue 15). Its verdicts and ours both change as either side is
fixed, so the table is made, never typed; only the "why" is written by hand, and the script
exits 1 when a disagreement has no note, when a note no longer matches what it explains, or (with
``--check``) when the committed doc differs from what the comparison gives now. A note records
the kind of disagreement it explains, so a file whose disagreement changed shape (x12flow now
flags it, or flags something else) is looked at again rather than carried along.

pyx12 is a test-time dependency: only this script and the tests import it. Its messages quote
element values (dates, names, ids), so nothing but codes, element references and segment
positions is ever taken from them; x12flow's messages are left out the same way.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import logging
import re
import sys
import tomllib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.conftest import CORPUS, ROOT, TEST_NOW

DOC = ROOT / "docs" / "conformance.md"
NOTES = ROOT / "tests" / "data" / "conformance_notes.toml"
COMMAND = "python -m tests.pyx12_compare"

STALE_CODE_LISTS = ("remark_code", "claim_status", "claim_status_cat")
"""pyx12's RARC and claim status (507/508) lists predate codes in current use; checking them would
make pyx12 reject good files (docs: x12-reference §1.9), so it runs with them switched off."""

SHOWN = 3
"""Issues shown per verdict in the table: the first few say where a tool starts to object."""

BOM = b"\xef\xbb\xbf"

# -- verdicts ----------------------------------------------------------------------------------

CLEAN = "clean"
ERRORS = "errors"
UNREADABLE = "unreadable"  # x12flow: the file is not X12 it can read at all (exit 2)
NO_MAP = "no map"  # pyx12: no map for the file's version (GS08); nothing to compare
CRASHED = "crashed"  # pyx12: an exception other than a missing map

SAFE_ID = re.compile(r"^[A-Z][A-Z0-9]{1,2}$")
SAFE_VERSION = re.compile(r"^[0-9A-Z]{1,12}$")


@dataclass(frozen=True, order=True, slots=True)
class Issue:
    """One error, reduced to what both tools can name: the segment's ordinal in the file
    (ISA = 1), the code family (TA105, AK905, IK502, IK304, IK403, or an x12flow rule family
    such as BALANCE), the code, and the segment ID or element reference (``CLM05``)."""

    line: int
    family: str
    code: str
    ref: str = ""

    def __str__(self) -> str:
        where = f" {self.ref}" if self.ref else ""
        at = f" @{self.line}" if self.line else ""
        return f"{self.family}-{self.code}{where}{at}"


@dataclass(frozen=True, slots=True)
class Verdict:
    status: str
    issues: tuple[Issue, ...] = ()
    detail: str = ""  # why there is no verdict (no map: the version; crashed: the exception)

    @property
    def has_errors(self) -> bool:
        return self.status in (ERRORS, UNREADABLE)

    def describe(self, shown: int = SHOWN) -> str:
        if self.status == CLEAN:
            return "clean"
        if self.status in (NO_MAP, CRASHED, UNREADABLE):
            return f"{self.status} ({self.detail})" if self.detail else self.status
        first = ", ".join(str(i) for i in self.issues[:shown])
        more = len(self.issues) - shown
        return f"{len(self.issues)} error(s): {first}" + (f" (+{more} more)" if more > 0 else "")


def safe_ref(text: str | None) -> str:
    """A segment ID as a file gives it, or ``?`` when it is not one (the text could be data)."""
    return text if text and SAFE_ID.match(text) else "?"


# -- x12flow's side ----------------------------------------------------------------------------


def x12flow_verdict(path: Path, name: str) -> Verdict:
    """What ``x12flow validate`` says about ``path``: its error findings (every one, none left
    uncounted behind the per-code listing limit), or unreadable."""
    from edi.inbound.document import Document
    from edi.x12.errors import X12FlowError

    doc = Document(path, name)
    # x12flow lists the first LISTED_PER_CODE findings of each code and only counts the rest;
    # matching needs the segment of every one, or pyx12's errors past that point look unmatched.
    doc.findings.limit = sys.maxsize
    try:
        doc.validate()
    except X12FlowError as exc:
        return Verdict(UNREADABLE, detail=type(exc).__name__)
    issues = tuple(
        Issue(
            f.location.segment or 0,
            f.source,
            f.code,
            _x12flow_ref(f.location.segment_id, f.location.element),
        )
        for f in doc.findings
        if f.is_error
    )
    return Verdict(ERRORS if issues else CLEAN, issues)


def _x12flow_ref(segment_id: str | None, element: int | None) -> str:
    if not segment_id:
        return ""
    ref = safe_ref(segment_id)
    return f"{ref}{element:02d}" if element else ref


# -- pyx12's side ------------------------------------------------------------------------------

LEVEL_FAMILY = {"interchange": "TA105", "group": "AK905", "transaction": "IK502"}
"""pyx12 files each error under the node it belongs to; the node says which 999/TA1 code list
its ``err_cde`` comes from."""


INDENT = re.compile(r"^[ \t]+", re.MULTILINE)


def for_pyx12(data: bytes) -> str:
    """The file's X12 content as pyx12 can take it: without a UTF-8 byte order mark (x12valid
    opens files as ASCII and dies on one) and without the spaces that indent pretty-printed
    segments (pyx12 takes them as part of the segment ID and rejects every segment). Neither is
    X12 content, and x12flow reads through both; what is compared is what the files say."""
    if data.startswith(BOM):
        data = data[len(BOM) :]
    return INDENT.sub("", data.decode("latin-1"))


def pyx12_verdict(path: Path) -> Verdict:
    """pyx12's validation of ``path`` as x12valid runs it (its JSON error tree), on the text
    :func:`for_pyx12` gives."""
    import pyx12.errors
    import pyx12.params
    import pyx12.x12n_document

    text = for_pyx12(path.read_bytes())
    param = pyx12.params.params()
    param.set("exclude_external_codes", ",".join(STALE_CODE_LISTS))
    tree = io.StringIO()
    logging.disable(logging.CRITICAL)  # pyx12 logs every error, value included, to stderr
    try:
        ok = pyx12.x12n_document.x12n_document(
            param=param,
            src_file=io.StringIO(text),
            fd_997=None,
            fd_html=None,
            fd_xmldoc=None,
            fd_json=tree,
            map_path=None,
            callback=None,
        )
    except pyx12.errors.EngineError as exc:
        found = re.search(r"vriic=(\S+)", str(exc))
        if "Map not found" in str(exc):
            version = found.group(1) if found and SAFE_VERSION.match(found.group(1)) else "?"
            return Verdict(NO_MAP, detail=f"GS08 {version}")
        return Verdict(CRASHED, detail="EngineError")
    except Exception as exc:  # pyx12's own bugs: the verdict says which exception
        return Verdict(CRASHED, detail=type(exc).__name__)
    finally:
        logging.disable(logging.NOTSET)
    issues = tuple(sorted(set(_flatten(json.loads(tree.getvalue() or "{}")))))
    if not ok and not issues:
        # pyx12 failed without saying where (e.g. "does not look like an X12 data file").
        issues = (Issue(0, "TA105", "?"),)
    return Verdict(ERRORS if issues else CLEAN, issues)


def _flatten(tree: dict[str, Any]) -> Iterator[Issue]:
    for isa in tree.get("interchanges") or []:
        yield from _own("interchange", isa, isa.get("cur_line"))
        for gs in isa.get("groups") or []:
            yield from _own("group", gs, gs.get("cur_line"))
            for st in gs.get("transactions") or []:
                yield from _own("transaction", st, st.get("cur_line"))
                for seg in st.get("segments") or []:
                    seg_id = safe_ref(seg.get("seg_id"))
                    line = seg.get("cur_line")
                    for error in seg.get("errors") or []:
                        code = str(error.get("err_cde"))
                        yield Issue(_line(line), "IK304", "8" if code == "SEG1" else code, seg_id)
                    for ele in seg.get("elements") or []:
                        ref = f"{seg_id}{int(ele.get('ele_pos') or 0):02d}"
                        for error in ele.get("errors") or []:
                            yield Issue(_line(line), "IK403", str(error.get("err_cde")), ref)


def _own(level: str, node: dict[str, Any], line: Any) -> Iterator[Issue]:
    for error in node.get("errors") or []:
        yield Issue(_line(line), LEVEL_FAMILY[level], str(error.get("err_cde")))


def _line(value: Any) -> int:
    return value if isinstance(value, int) and value > 0 else 0


# -- comparing ---------------------------------------------------------------------------------

BOTH_CLEAN = "both clean"
BOTH_ERRORS = "both report errors"
BOTH_ERRORS_ELSEWHERE = "both report errors, not at the same segments"
ONLY_X12FLOW = "only x12flow reports errors"
ONLY_PYX12 = "only pyx12 reports errors"
PYX12_NO_MAP = "pyx12 has no map"
PYX12_CRASHED = "pyx12 crashed"

DISAGREEMENTS = (ONLY_X12FLOW, ONLY_PYX12, BOTH_ERRORS_ELSEWHERE, PYX12_CRASHED)
"""The classes a note must explain. Both clean or both at the same segments is agreement; a
file pyx12 has no map for is not compared."""


@dataclass(frozen=True, slots=True)
class Comparison:
    file: str
    kind: str
    x12flow: Verdict
    pyx12: Verdict
    verdict: str
    unmatched: tuple[Issue, ...] = ()  # pyx12 errors at segments where x12flow has none


def compare(file: str, kind: str, ours: Verdict, theirs: Verdict) -> Comparison:
    """Classify one file. Where both report errors, each pyx12 error must be :func:`matched` by
    one of x12flow's, whatever its code: the two tools often name one fault with different codes
    (a segment pyx12 finds unrecognized is one x12flow finds out of place)."""
    if theirs.status == NO_MAP:
        return Comparison(file, kind, ours, theirs, PYX12_NO_MAP)
    if theirs.status == CRASHED:
        return Comparison(file, kind, ours, theirs, PYX12_CRASHED)
    if not ours.has_errors and not theirs.has_errors:
        return Comparison(file, kind, ours, theirs, BOTH_CLEAN)
    if ours.has_errors and not theirs.has_errors:
        return Comparison(file, kind, ours, theirs, ONLY_X12FLOW)
    if theirs.has_errors and not ours.has_errors:
        return Comparison(file, kind, ours, theirs, ONLY_PYX12)
    if ours.status == UNREADABLE:
        return Comparison(file, kind, ours, theirs, BOTH_ERRORS)
    unmatched = tuple(i for i in theirs.issues if not matched(i, ours.issues))
    verdict = BOTH_ERRORS_ELSEWHERE if unmatched else BOTH_ERRORS
    return Comparison(file, kind, ours, theirs, verdict, unmatched)


ENVELOPE = ("TA105", "AK905", "IK502")


def matched(theirs: Issue, ours: Sequence[Issue]) -> bool:
    """Whether x12flow names the fault of one pyx12 error: an error at the same segment; for an
    interchange, group or set error (which pyx12 files at the ISA, GS or ST and x12flow at the
    segment in fault, often the trailer), an error of the same family and code anywhere; and for
    a file pyx12 would not read at all (code ``?``), any interchange error."""
    if any(i.line == theirs.line for i in ours if theirs.line):
        return True
    if theirs.family in ENVELOPE:
        return any(i.family == theirs.family and theirs.code in (i.code, "?") for i in ours)
    return False


def manifest(corpus: Path) -> list[tuple[str, str]]:
    """(file, kind) for every file MANIFEST.tsv lists, sorted by file."""
    with (corpus / "MANIFEST.tsv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    return sorted((row["file"], row["type"]) for row in rows)


def run(corpus: Path, files: Iterable[tuple[str, str]]) -> list[Comparison]:
    from edi.x12 import clock

    clock.set_now(TEST_NOW)  # x12flow's date checks read business time; fix it for every run
    out = []
    for file, kind in files:
        path = corpus / file
        out.append(compare(file, kind, x12flow_verdict(path, file), pyx12_verdict(path)))
    return out


# -- notes -------------------------------------------------------------------------------------

RIGHT = ("x12flow", "pyx12", "both", "neither")
"""Who is right: ``pyx12`` means x12flow misses a real error (listed first in the doc);
``both`` that each names a real fault the other does not see as such; ``neither`` that both
verdicts are off (e.g. a file neither can judge)."""


@dataclass(frozen=True, slots=True)
class Note:
    file: str
    verdict: str  # the disagreement class the note explains
    right: str
    rule: str
    why: str
    misses: str = ""  # for right = pyx12/both: the error x12flow misses (segment, element, rule)


@dataclass(slots=True)
class Problems:
    missing: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.missing or self.stale or self.invalid)

    def lines(self) -> Iterator[str]:
        for file in self.missing:
            yield f"no note for {file}: add one to {NOTES.relative_to(ROOT)}"
        yield from self.stale
        yield from self.invalid


def load_notes(path: Path = NOTES) -> tuple[dict[str, Note], list[str]]:
    """The notes, by file, and what is wrong with any of them (missing fields, unknown values)."""
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    notes: dict[str, Note] = {}
    invalid: list[str] = []
    for file, entry in sorted(raw.items()):
        if not isinstance(entry, dict):
            invalid.append(f"note {file}: not a table")
            continue
        values = {k: str(entry.get(k, "")).strip() for k in ("verdict", "right", "rule", "why")}
        empty = [k for k, v in values.items() if not v]
        if empty:
            invalid.append(f"note {file}: missing {', '.join(empty)}")
            continue
        if values["right"] not in RIGHT:
            invalid.append(f"note {file}: right must be one of {', '.join(RIGHT)}")
            continue
        if values["verdict"] not in DISAGREEMENTS:
            invalid.append(f"note {file}: verdict must be one of {', '.join(DISAGREEMENTS)}")
            continue
        misses = str(entry.get("misses", "")).strip()
        if values["right"] in ("pyx12", "both") and not misses:
            invalid.append(f"note {file}: right = {values['right']} needs misses")
            continue
        notes[file] = Note(file, misses=misses, **values)
    return notes, invalid


def check_notes(
    results: Sequence[Comparison], notes: dict[str, Note], invalid: list[str]
) -> Problems:
    """What keeps the notes from explaining the comparison exactly: a disagreement without a
    note, a note whose disagreement changed class or went away, and notes that are incomplete."""
    problems = Problems(invalid=list(invalid))
    disagreeing = {c.file: c for c in results if c.verdict in DISAGREEMENTS}
    for file, comparison in disagreeing.items():
        note = notes.get(file)
        if note is None:
            if not any(line.startswith(f"note {file}:") for line in invalid):
                problems.missing.append(file)
        elif note.verdict != comparison.verdict:
            problems.stale.append(
                f"note {file} explains '{note.verdict}' but the file is now "
                f"'{comparison.verdict}': look again and update it"
            )
    for file in sorted(set(notes) - set(disagreeing)):
        now = next((c.verdict for c in results if c.file == file), "not in the corpus")
        problems.stale.append(
            f"note {file} explains a disagreement that is gone ({now}): remove it"
        )
    return problems


# -- the document ------------------------------------------------------------------------------


def cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render(results: Sequence[Comparison], notes: dict[str, Note]) -> str:
    counts: dict[str, int] = {}
    for c in results:
        counts[c.verdict] = counts.get(c.verdict, 0) + 1
    disagreeing = [c for c in results if c.verdict in DISAGREEMENTS]
    misses = [notes[c.file] for c in disagreeing if c.file in notes and notes[c.file].misses]
    out: list[str] = [
        "# Conformance against pyx12",
        "",
        f"Made by `{COMMAND}`; do not edit by hand. The table is the comparison; the columns",
        "*right*, *rule* and *why* come from `tests/data/conformance_notes.toml`, written by hand.",
        "The script exits 1 when a disagreement has no note or a note no longer fits its file.",
        "",
        "Every file in the shared corpus (`../shared/corpus/MANIFEST.tsv`) is validated by x12flow",
        "(what `x12flow validate` runs: error findings only, warnings do not count) and by pyx12",
        "4.0.0 (what `x12valid` runs, read from its JSON error tree). pyx12 runs with its stale",
        f"code lists switched off ({', '.join(STALE_CODE_LISTS)}), and a UTF-8 byte order mark is",
        "dropped before pyx12 reads a file (x12valid opens files as ASCII and dies on one).",
        "",
        "An error is shown as `family-code reference @segment`: the 999/TA1 code list (TA105,",
        "AK905, IK502, IK304, IK403, or an x12flow rule family such as BALANCE), the code, the",
        "segment ID or element reference, and the segment's ordinal in the file (ISA = 1).",
        "pyx12 files interchange, group and set errors at the ISA, GS and ST. Where both report",
        "errors, a pyx12 error counts as matched when x12flow reports any error at the same",
        "segment; a file where some are not is a disagreement too. No value from a file is shown.",
        "",
        "## Summary",
        "",
        f"{len(results)} files.",
        "",
        "| class | files |",
        "|---|---|",
    ]
    order = [BOTH_CLEAN, BOTH_ERRORS, *DISAGREEMENTS, PYX12_NO_MAP]
    out += [f"| {name} | {counts.get(name, 0)} |" for name in order]
    out += ["", "## Real errors x12flow misses", ""]
    if misses:
        out += ["| file | what x12flow misses |", "|---|---|"]
        out += [f"| `{n.file}` | {cell(n.misses)} |" for n in misses]
    else:
        out.append("None: in every disagreement x12flow's verdict stands.")
    out += [
        "",
        "## Disagreements",
        "",
        "| file | kind | class | x12flow | pyx12 | right | rule | why |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for c in disagreeing:
        note = notes.get(c.file)
        theirs = c.pyx12.describe()
        if c.unmatched:
            theirs += "; not matched: " + ", ".join(str(i) for i in c.unmatched[:SHOWN])
            if len(c.unmatched) > SHOWN:
                theirs += f" (+{len(c.unmatched) - SHOWN} more)"
        right, rule, why = (note.right, note.rule, note.why) if note else ("?", "?", "NO NOTE")
        out.append(
            f"| `{c.file}` | {c.kind} | {c.verdict} | {cell(c.x12flow.describe())} | "
            f"{cell(theirs)} | {right} | {cell(rule)} | {cell(why)} |"
        )
    out += [
        "",
        "## Files pyx12 cannot read",
        "",
        "pyx12 registers maps for 005010X222A1, X223A2, X221A1, X231(A1), X214, X220A1 and X218",
        "only; a file with any other GS08 stops it. These files are not compared.",
        "",
        "| file | kind | pyx12 | x12flow |",
        "|---|---|---|---|",
    ]
    out += [
        f"| `{c.file}` | {c.kind} | {cell(c.pyx12.describe())} | {cell(c.x12flow.describe())} |"
        for c in results
        if c.verdict == PYX12_NO_MAP
    ]
    out += ["", "## Agreements", ""]
    for name in (BOTH_CLEAN, BOTH_ERRORS):
        files = [c.file for c in results if c.verdict == name]
        out.append(f"**{name}** ({len(files)}): " + ", ".join(f"`{f}`" for f in files) + ".")
        out.append("")
    return "\n".join(out) + "\n"


# -- the command -------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=COMMAND, description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="write nothing; fail when stale")
    args = parser.parse_args(argv)
    if not CORPUS.is_dir():
        print(f"shared corpus not found at {CORPUS} (expected ../shared/corpus)", file=sys.stderr)
        return 2
    results = run(CORPUS, manifest(CORPUS))
    notes, invalid = load_notes()
    problems = check_notes(results, notes, invalid)
    text = render(results, notes)
    for line in problems.lines():
        print(line, file=sys.stderr)
    if args.check:
        current = DOC.read_text(encoding="utf-8") if DOC.exists() else ""
        if current != text:
            print(f"{DOC.relative_to(ROOT)} is stale: run {COMMAND}", file=sys.stderr)
            return 1
    else:
        DOC.write_text(text, encoding="utf-8")
    counts = ", ".join(
        f"{name}: {sum(c.verdict == name for c in results)}"
        for name in (BOTH_CLEAN, BOTH_ERRORS, *DISAGREEMENTS, PYX12_NO_MAP)
    )
    print(f"{len(results)} files; {counts}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
