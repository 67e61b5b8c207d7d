"""Which claims may be sent: claim input files read, checked, and refused where they must be.

The outbound pipeline (:func:`edi.outbound.pipeline.send_claims`, behind ``x12flow generate``,
``x12flow submit`` and ``x12flow demo``) runs these steps:

1. :func:`read_inputs` opens each input file. A file that cannot be read, whose JSON or
   YAML document does not parse, or that holds no claim at all is *unusable*: none of it is
   sent, and the command exits 2. A JSON Lines file with a bad line is usable; that line is a
   refused claim.
2. :func:`check_inputs` runs the model validation and the clean-claim edits
   (:mod:`generators.checking`), then the first half of the send-once rule: a patient control
   number (CLM01) appears once in a batch, and a later claim with the same number is refused,
   naming the file and position of the earlier one. It reads the records one at a time (a
   JSON Lines line, when every claim is of one kind, validated straight from its text:
   :func:`generators.checking.validate_json_line`) and keeps a few bytes of each clean claim
   (:class:`edi.outbound.candidates.Candidates`); when the batch is to be written, each clean
   claim is rendered for its 837 as it is checked and set aside on disk, so memory does not
   grow with the batch.
3. :func:`refuse_sent_before`, inside a ledger transaction, the second half: an original claim
   (CLM05-3 = 1) whose number the ledger holds as sent and not rejected is refused, naming the
   earlier submission and how to send a replacement (7) or a void (8) instead
   (:mod:`edi.ledger.outbound`).

Every refusal carries the file and position its claim was read from: ``line 3`` of a JSON
Lines file, ``item 2`` (from 0) of a JSON or YAML list, ``the document`` for a single claim.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import Connection

from edi.ledger.outbound import resend_advice, sent_before
from edi.model.claim import Claim
from edi.outbound.candidates import Candidates
from edi.outbound.spool import ClaimSpool
from edi.x12.errors import InputError
from generators.checking import check_claim, validate_json_line, validate_record
from generators.claim_file import ClaimFileSettings
from generators.edits import Problem
from generators.input import STDIN, JsonLine, Record, UnreadableRecord, read_source_undecoded
from generators.kinds import ClaimKind
from generators.prepared import ClaimPreparer

KindOf = Callable[[Record], ClaimKind | None]
"""The kind of each claim record; a :class:`ClaimKind` itself when every claim is of it (then
a JSON Lines line is validated straight from its text, without decoding it first)."""


@dataclass(frozen=True, slots=True)
class Refusal:
    """One reason a claim is not sent, with the file and position it was read from."""

    source: str  # the input file, or stdin
    where: str  # line 3, item 2, the document
    message: str
    claim_id: str | None = None  # CLM01, when the record could be read
    path: str = ""  # the field in the claim input

    @classmethod
    def of(cls, problem: Problem, record: Record | JsonLine) -> Refusal:
        return cls(record.source, record.where, problem.message, problem.claim_id, problem.path)

    def __str__(self) -> str:
        head = f"{self.source} {self.where}: "
        if self.claim_id is None:
            return head + self.message
        where = f"{self.path}: " if self.path else ""
        return f"{head}claim {self.claim_id}: {where}{self.message}"

    def to_json(self) -> dict[str, str | None]:
        return {
            "file": self.source,
            "where": self.where,
            "claim": self.claim_id,
            "field": self.path,
            "message": self.message,
        }


@dataclass(frozen=True, slots=True)
class Unusable:
    """An input file none of which can be sent."""

    source: str
    message: str

    def __str__(self) -> str:
        return f"{self.source}: {self.message}"


@dataclass(frozen=True, slots=True)
class ClaimFile:
    name: str  # as given: a path, or - for standard input
    records: Iterator[Record | UnreadableRecord | JsonLine]  # read once, as the check goes


@dataclass
class Inputs:
    files: list[ClaimFile] = field(default_factory=list)  # the usable ones
    unusable: list[Unusable] = field(default_factory=list)


@dataclass
class Checked:
    """The claims that may be sent (in input order) and the refusals of the others."""

    candidates: Candidates = field(default_factory=Candidates)
    refused: list[Refusal] = field(default_factory=list)  # one per problem
    refused_claims: int = 0
    unusable: list[Unusable] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.candidates) + self.refused_claims

    def refuse(self, refusals: list[Refusal]) -> None:
        self.refused.extend(refusals)
        self.refused_claims += 1


def _opening(
    records: Iterator[Record | UnreadableRecord | JsonLine],
) -> list[Record | UnreadableRecord]:
    """The records up to the first that may be a claim, decoded; the rest stays unread."""
    opening: list[Record | UnreadableRecord] = []
    for line in records:
        record = line.decoded() if isinstance(line, JsonLine) else line
        opening.append(record)
        if isinstance(record, Record) and not (record.data is None and len(opening) == 1):
            break  # a document of nothing (null) alone holds no claims: look on
    return opening


def _unusable(opening: list[Record | UnreadableRecord]) -> str | None:
    """Why a file is unusable, from its opening records (:func:`_opening`); None: usable."""
    if any(isinstance(r, Record) for r in opening[1:]) or (
        opening and isinstance(opening[0], Record) and opening[0].data is not None
    ):
        return None
    first = opening[0] if opening else None
    if not isinstance(first, UnreadableRecord):
        return "holds no claims"
    more = f" (and {len(opening) - 1} more unreadable line(s))" if len(opening) > 1 else ""
    return f"{first.where}: {first.message}{more}"


def _empty(name: str) -> bool:
    try:
        return name != STDIN and Path(name).stat().st_size == 0
    except OSError:
        return False


def read_inputs(names: Iterable[str]) -> Inputs:
    """Every input file opened and read up to its first claim; the unusable ones apart. The
    rest of each file is read as :func:`check_inputs` goes."""
    inputs = Inputs()
    for name in names:
        shown = "stdin" if name == STDIN else name
        if _empty(name):
            inputs.unusable.append(Unusable(shown, "is empty"))
            continue
        records = read_source_undecoded(name)
        try:
            opening = _opening(records)
        except InputError as exc:
            inputs.unusable.append(Unusable(exc.file or name, exc.message))
            continue
        problem = _unusable(opening)
        if problem is None:
            inputs.files.append(ClaimFile(name, itertools.chain(opening, records)))
        else:
            inputs.unusable.append(Unusable(shown, problem))
    return inputs


def _repeat(number: str, source: str, where: str) -> Problem:
    return Problem(
        number,
        "patient_control_number",
        f"also in this batch at {source} {where}: a claim is sent once; give this "
        "claim its own patient control number, or send it in a later batch as a replacement "
        "(frequency_code 7) or void (frequency_code 8)",
    )


def check_inputs(
    inputs: Inputs,
    kind_of: KindOf | ClaimKind,
    today: date,
    progress: Callable[[int], None] | None = None,
    *,
    settings: ClaimFileSettings | None = None,
    skip_invalid: bool = False,
) -> Checked:
    """Validate and edit every record of the usable files, in order; refuse repeated numbers.

    With ``settings`` (the batch is to be written), each clean claim is rendered for its 837
    and set aside, until a claim is refused without ``skip_invalid`` (nothing will be written
    then). The caller closes :attr:`Checked.candidates` once the batch is written.
    """
    checked = Checked(
        Candidates(ClaimSpool() if settings is not None else None),
        unusable=list(inputs.unusable),
    )
    check = _Check(checked, kind_of, today, settings, skip_invalid)
    try:
        for claim_file in inputs.files:
            for record in claim_file.records:
                if progress:
                    progress(1)
                check.record(record)
    except BaseException:
        checked.candidates.close()
        raise
    return checked


class _Check:
    """One run of :func:`check_inputs`: the numbers seen so far, and a renderer per kind."""

    def __init__(
        self,
        checked: Checked,
        kind_of: KindOf | ClaimKind,
        today: date,
        settings: ClaimFileSettings | None,
        skip_invalid: bool,
    ) -> None:
        self.checked = checked
        self.kind_of = kind_of
        self.today = today
        self.settings = settings
        self.skip_invalid = skip_invalid
        self.first: dict[str, int] = {}  # patient control number -> where it came first
        self.preparers: dict[str, ClaimPreparer] = {}

    def record(self, record: Record | UnreadableRecord | JsonLine) -> None:
        kind_of = self.kind_of
        if isinstance(record, JsonLine):
            if isinstance(kind_of, ClaimKind):
                claim = validate_json_line(record, kind_of)
                if claim is not None:
                    self._checked(record, kind_of, claim, [])
                    return
            record = record.decoded()
        if isinstance(record, UnreadableRecord):
            self._refuse([Refusal(record.source, record.where, record.message)])
            return
        kind = kind_of if isinstance(kind_of, ClaimKind) else kind_of(record)
        if kind is None:
            message = (
                "neither place_of_service (837P) nor facility_type (837I): cannot tell the "
                "claim type"
            )
            self._refuse([Refusal(record.source, record.where, message)])
            return
        claim, problems = validate_record(record, kind)
        self._checked(record, kind, claim, problems)

    def _checked(
        self,
        record: Record | JsonLine,
        kind: ClaimKind,
        claim: Claim | None,
        problems: list[Problem],
    ) -> None:
        """The edits and the send-once rule for a claim validated (when ``claim`` is not None),
        else its refusal; a clean claim is added to the candidates."""
        checked = self.checked
        positions = checked.candidates.positions
        position = 0
        if claim is not None:
            problems = check_claim(claim, self.today)
            number = claim.patient_control_number
            position = positions.pack(record.source, record.where)
            earlier = self.first.get(number)
            if earlier is not None:
                problems.append(_repeat(number, *positions.unpack(earlier)))
            else:
                self.first[number] = position
        if claim is None or problems:
            self._refuse([Refusal.of(p, record) for p in problems])
            return
        candidates = checked.candidates
        prepared = None
        if candidates.spooling:
            preparer = self.preparers.get(kind.name)
            if preparer is None and self.settings is not None:
                preparer = self.preparers[kind.name] = ClaimPreparer(
                    kind, self.settings.delimiters, self.settings.line_break
                )
            prepared = preparer.prepare(claim) if preparer is not None else None
        candidates.add(claim, kind, position, prepared)

    def _refuse(self, refusals: list[Refusal]) -> None:
        self.checked.refuse(refusals)
        if not self.skip_invalid:
            self.checked.candidates.stop_spooling()  # nothing will be written


def refuse_sent_before(connection: Connection, checked: Checked) -> int:
    """Refuse the original claims the ledger holds as sent and not rejected; how many."""
    candidates = checked.candidates
    earlier = sent_before(connection, (number for _, number in candidates.originals()))
    if not earlier:
        return 0
    refused = 0
    for index, number in candidates.originals():
        found = earlier.get(number)
        if found is None:
            continue
        source, where = candidates.position(index)
        checked.refuse(
            [Refusal(source, where, resend_advice(found), number, "patient_control_number")]
        )
        candidates.drop(index)
        refused += 1
    return refused
