"""The memory cases: big inputs (up to about 25 MB, some broken) read by the command line in a
child process each, whose peak RSS must stay under 300 MB.

Each case is built from the generated seeds: many claims in one 835 or 837P, many transaction
sets, many interchanges, 100,000 bare HL segments, a body without its segment terminator, and
one 20 MB element. The child's peak RSS comes from ``os.wait4`` (that child alone); it also
must exit 0, 1 or 2 without "internal error" or a traceback.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.fuzz.seeds import BUSINESS_DATE, generated_seeds, sample_seeds

SIZE = 24_500_000  # just under 25 MB
RSS_LIMIT_MB = 300
ALL_COMMANDS = ("validate", "parse", "ingest")


@dataclass(frozen=True)
class Case:
    name: str
    lines: Callable[[int], Iterator[str]]  # segments (terminator included) up to about a size
    commands: tuple[str, ...] = ALL_COMMANDS


def _segments(data: bytes) -> list[str]:
    return [s.strip() + "~" for s in data.decode().split("~") if s.strip()]


def renumber_levels(block: list[str], number: int, end: str = "") -> tuple[list[str], int]:
    """A copy of ``block`` (segments, each ending in ``end``) whose HL segments are numbered on
    from ``number``, HL02 following its parent's new number; and the last number used."""
    renumbered: dict[str, str] = {}
    out = []
    for segment in block:
        if segment.startswith("HL*"):
            elements = s_elements(segment)
            number += 1
            renumbered[elements[1]] = str(number)
            elements[1] = str(number)
            elements[2] = renumbered.get(elements[2], elements[2])
            segment = "*".join(elements) + end
        out.append(segment)
    return out, number


def _level(segment: str) -> str:
    parts = segment.split("*")
    return parts[3] if segment.startswith("HL*") and len(parts) > 3 else ""


def repeat_level(
    segments: list[str], level: str, count: int, change: dict[str, str] | None = None
) -> Iterator[str]:
    """The interchange ``segments`` (no terminators) cut to its first transaction set, whose
    first block of HL level ``level`` (up to the next HL of that level or of a level above it)
    is repeated ``count`` times under the same parent, HLs renumbered and SE01 recounted.
    ``change`` replaces segments of the repeated block (old text -> new text)."""
    st = next(i for i, s in enumerate(segments) if s.startswith("ST*"))
    se = next(i for i, s in enumerate(segments) if s.startswith("SE*"))
    body = segments[st:se]
    first = next(i for i, s in enumerate(body) if _level(s) == level)
    above = {_level(s) for s in body[:first] if s.startswith("HL*")} | {level}
    end = next((i for i in range(first + 1, len(body)) if _level(body[i]) in above), len(body))
    block = [(change or {}).get(s, s) for s in body[first:end]]
    yield from segments[:st]
    yield from body[:first]
    written, number = first, int(s_elements(body[first])[1]) - 1
    for _ in range(count):
        copy, number = renumber_levels(block, number)
        written += len(copy)
        yield from copy
    yield f"SE*{written + 1}*{s_elements(body[0])[2]}"
    yield from segments[se + 1 :]


class Builders:
    """Big inputs made from one generated 835 and one generated 837P."""

    def __init__(self, era835: bytes, claim837: bytes, ta1: bytes) -> None:
        self.era = _segments(era835)
        self.claims = _segments(claim837)
        self.ta1 = _segments(ta1)

    def _first_set(self, segments: list[str]) -> tuple[list[str], list[str], list[str]]:
        """(ISA and GS, the first ST..SE, GE and IEA)."""
        st = next(i for i, s in enumerate(segments) if s.startswith("ST*"))
        se = next(i for i, s in enumerate(segments) if s.startswith("SE*"))
        return segments[:st], segments[st : se + 1], segments[-2:]

    def many_claims_835(self, size: int) -> Iterator[str]:
        head, body, tail = self._first_set(self.era)
        lx = next(i for i, s in enumerate(body) if s.startswith(("LX*", "CLP*")))
        block, header = body[lx:-1], body[:lx]
        yield from head
        yield from header
        written, count, n = 0, len(header), 0
        while written < size:
            n += 1
            for segment in block:
                if segment.startswith("CLP*"):
                    number, rest = segment[4:].split("*", 1)
                    segment = f"CLP*{number}-{n}*{rest}"
                written += len(segment) + 1
                count += 1
                yield segment
        yield f"SE*{count + 1}*{s_elements(body[0])[2]}~"
        yield from _one_set(tail)

    def truncated_835(self, size: int) -> Iterator[str]:
        lines = list(self.many_claims_835(size))
        yield from lines[: len(lines) - 40]

    def many_claims_837(self, size: int) -> Iterator[str]:
        head, body, tail = self._first_set(self.claims)
        hls = [i for i, s in enumerate(body) if s.startswith("HL*")]
        subscriber = next(i for i in hls if s_elements(body[i])[3] == "22")
        after = next((i for i in hls if i > subscriber and s_elements(body[i])[3] == "20"), None)
        block = body[subscriber : after or len(body) - 1]
        yield from head
        yield from body[:subscriber]
        written, count, number = 0, subscriber, 1
        while written < size:
            copy, number = renumber_levels(block, number, "~")
            for segment in copy:
                written += len(segment) + 1
                count += 1
                yield segment
        yield f"SE*{count + 1}*{s_elements(body[0])[2]}~"
        yield from _one_set(tail)

    def hl_flood(self, _size: int) -> Iterator[str]:
        head, body, tail = self._first_set(self.claims)
        first_hl = next(i for i, s in enumerate(body) if s.startswith("HL*"))
        yield from head
        yield from body[:first_hl]
        for n in range(1, 100_001):
            yield f"HL*{n}*1*22*0~"
        yield f"SE*{first_hl + 100_001}*{s_elements(body[0])[2]}~"
        yield from _one_set(tail)

    def many_sets(self, size: int) -> Iterator[str]:
        head, body, tail = self._first_set(self.era)
        yield from head
        written, n = 0, 0
        while written < size:
            n += 1
            for segment in body:
                if segment.startswith(("ST*", "SE*")):
                    elements = s_elements(segment)
                    elements[2] = f"{n:09d}"
                    segment = "*".join(elements) + "~"
                written += len(segment) + 1
                yield segment
        group = s_elements(tail[0])[2]
        yield f"GE*{n}*{group}~"
        yield tail[1]

    def many_interchanges(self, size: int) -> Iterator[str]:
        control = s_elements(self.ta1[0])[13]
        written, n = 0, 0
        while written < size:
            n += 1
            for segment in self.ta1:
                segment = segment.replace(control, f"{n:09d}")
                written += len(segment) + 1
                yield segment

    def no_terminator(self, size: int) -> Iterator[str]:
        yield self.era[0]
        body = [s.rstrip("~") for s in self.era[1:]]
        written = 0
        while written < size:
            for segment in body:
                written += len(segment) + 1
                yield segment.rstrip("~")

    def huge_element(self, _size: int) -> Iterator[str]:
        """The first patient's last name (NM1*QC, NM103) is 20 MB long."""
        done = False
        for segment in self.era:
            if segment.startswith("NM1*QC*") and not done:
                elements = s_elements(segment)
                elements[3], done = "A" * 20_000_000, True
                segment = "*".join(elements) + "~"
            yield segment


def s_elements(segment: str) -> list[str]:
    return segment.rstrip("~").split("*")


def _one_set(tail: list[str]) -> list[str]:
    """GE and IEA for a group that now holds one transaction set."""
    ge = s_elements(tail[0])
    return [f"GE*1*{ge[2]}~", tail[1]]


def cases(builders: Builders) -> list[Case]:
    return [
        Case("835-many-claims", builders.many_claims_835),
        Case("835-truncated", builders.truncated_835, ("validate", "parse")),
        Case("837p-many-claims", builders.many_claims_837),
        Case("837p-100000-bare-HL", builders.hl_flood),
        Case("835-many-sets", builders.many_sets),
        Case("ta1-many-interchanges", builders.many_interchanges),
        Case("835-no-segment-terminator", builders.no_terminator),
        Case("835-one-20MB-element", builders.huge_element),
    ]


def write_case(case: Case, path: Path, size: int = SIZE) -> int:
    with path.open("w", encoding="utf-8", newline="") as out:
        for line in case.lines(size):
            out.write(line + "\n")
    return path.stat().st_size


def _limits() -> None:  # in the child, before exec: no runaway can take the machine down
    for which, wanted in ((resource.RLIMIT_CPU, 1200), (resource.RLIMIT_AS, 4 << 30)):
        hard = resource.getrlimit(which)[1]
        limit = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        resource.setrlimit(which, (limit, limit))


# Runs the command line and, at exit, writes the process's own peak RSS (VmHWM, in kB) to the
# file named first. ru_maxrss from wait4 would not do: a forked child starts its count at the
# parent's size, so it would report the harness's own memory whenever that is larger.
PEAK_SHIM = """
import atexit, sys
report = sys.argv.pop(1)
def peak():
    with open("/proc/self/status") as status, open(report, "w") as out:
        out.write(next(line for line in status if line.startswith("VmHWM:")).split()[1])
atexit.register(peak)
from edi.cli import main
sys.argv[0] = "x12flow"
main()
"""


def measure(command: str, path: Path, work: Path) -> dict[str, Any]:
    """Run the command line's COMMAND on ``path`` and return its exit, peak RSS and times."""
    report = work / "peak-rss.txt"
    report.unlink(missing_ok=True)
    args = [sys.executable, "-c", PEAK_SHIM, str(report), command]
    if command == "ingest":
        db = work / "memory-ledger.db"
        db.unlink(missing_ok=True)
        args += ["--db", f"sqlite:///{db}"]
    env = {**os.environ, "X12FLOW_NOW": BUSINESS_DATE}
    env.pop("X12FLOW_DATABASE_URL", None)
    errors = work / "stderr.txt"
    started = time.monotonic()
    with errors.open("wb") as err:
        child = subprocess.Popen(
            [*args, str(path)],
            cwd=work,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=err,
            preexec_fn=_limits,
        )
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
    stderr = errors.read_text(encoding="utf-8", errors="replace")
    own = report.read_text(encoding="ascii") if report.exists() else ""
    peak = int(own) / 1024 if own.isdigit() else usage.ru_maxrss / 1024
    problem = None
    if child.returncode not in (0, 1, 2):
        problem = f"exit {child.returncode}"
    elif "internal error" in stderr or "Traceback" in stderr:
        problem = stderr.strip().splitlines()[-1][:300]
    elif peak > RSS_LIMIT_MB:
        problem = f"peak RSS {peak:.0f} MB over {RSS_LIMIT_MB} MB"
    return {
        "command": command,
        "exit": child.returncode,
        "peak_rss_mb": round(peak, 1),
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 2),
        "wall_seconds": round(time.monotonic() - started, 2),
        "ok": problem is None,
        "problem": problem,
    }


def builders_from(seeds_dir: Path) -> Builders:
    if not (seeds_dir / "replies").is_dir():
        generated_seeds(seeds_dir, seed=1)
    replies = sorted((seeds_dir / "replies").glob("835-*.x12"), key=lambda p: -p.stat().st_size)
    claims = sorted((seeds_dir / "outbox").glob("837P-*.x12"))
    ta1 = next(s for s in sample_seeds() if "ta1" in s.name)
    return Builders(replies[0].read_bytes(), claims[0].read_bytes(), ta1.data)


def run_memory_cases(
    work: Path, say: Callable[[str], None], seeds_dir: Path | None = None, keep: bool = False
) -> list[dict[str, Any]]:
    """Build each case in ``work``, run its commands, return one record per command."""
    work.mkdir(parents=True, exist_ok=True)
    builders = builders_from(seeds_dir or work.parent / "seeds")
    results = []
    for case in cases(builders):
        path = work / f"{case.name}.x12"
        size = write_case(case, path)
        for command in case.commands:
            record = {
                "case": case.name,
                "size_mb": round(size / 1e6, 1),
                **measure(command, path, work),
            }
            say(
                f"[memory] {case.name} {command}: {record['size_mb']} MB, peak RSS "
                f"{record['peak_rss_mb']} MB, {record['cpu_seconds']} s CPU, exit "
                f"{record['exit']}" + (f" — {record['problem']}" if record["problem"] else "")
            )
            results.append(record)
        if not keep:
            path.unlink()
    return results
