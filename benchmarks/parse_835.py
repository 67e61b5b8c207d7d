"""835 reading speed and memory: typed models vs pyx12's loop reader vs a plain str.split.

Run: ``python -m benchmarks.parse_835 [SIZE_MB] [--memory-mb 100] [--skip-pyx12]``. Generates
the files with :mod:`benchmarks.gen835` under benchmarks/data/ (git-ignored), then measures in
one run, side by side on the same file:

* split: read in 1 MB chunks, split on the segment terminator, split each segment on ``*``;
* floor: :mod:`benchmarks.floor_835`, the split loop plus the cheapest code that builds the
  same typed models (no envelope, grammar, positions, findings or balancing); its claims are
  checked equal to x12flow's first;
* x12flow: :func:`parsers.era835.iter_claims` without a Findings — envelope, grammar, typed
  models, balancing: the library's typed reading, which skips the element checks nobody reads;
* checked: the same with a Findings, so every element and occurrence is checked against the
  guide as ``validate``, ``parse`` and ``ingest`` do;
* pyx12: ``X12ContextReader(...).iter_segments("2100")`` (reference §1.6).

in interleaved rounds, and reports segments per second and the ratios; then the peak RSS of
reading a large 835 claim by claim in a child process (``resource.getrusage`` ``ru_maxrss``).
It measures whichever build of x12flow is imported, and says which: ``make bench`` puts the
compiled build (setup.py) first on the path, then runs this again on the Python sources.
"""

from __future__ import annotations

import argparse
import logging
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.gen835 import DATA, write_835

CHUNK = 1 << 20
ROUNDS = 9


def generated(megabytes: float) -> Path:
    path = DATA / f"gen-{megabytes:g}mb.835"
    if not path.exists():
        write_835(path, int(megabytes * 1_000_000))
    return path


def plain_split(path: Path) -> int:
    """The fair streaming baseline: chunks, split on ``~``, split each segment on ``*``."""
    segments = 0
    rest = ""
    with path.open(encoding="ascii") as src:
        while chunk := src.read(CHUNK):
            pieces = (rest + chunk).split("~")
            rest = pieces.pop()
            for piece in pieces:
                piece.strip().split("*")
                segments += 1
    return segments + (1 if rest.strip() else 0)


def floor_models(path: Path) -> int:
    from benchmarks.floor_835 import count

    return count(path)


def typed_models(path: Path) -> int:
    from parsers.era835 import iter_claims

    return sum(1 for _ in iter_claims(path))


def checked_models(path: Path) -> int:
    from edi.x12.findings import Findings
    from parsers.era835 import iter_claims

    findings = Findings(str(path))
    claims = sum(1 for _ in iter_claims(path, findings))
    if findings.has_errors:
        raise SystemExit(f"unexpected findings: {[str(f) for f in list(findings)[:3]]}")
    return claims


def pyx12_loops(path: Path) -> int:
    import pyx12.error_handler
    import pyx12.params
    import pyx12.x12context

    logging.getLogger("pyx12").setLevel(logging.CRITICAL)
    param = pyx12.params.params()
    errh = pyx12.error_handler.err_handler()
    claims = 0
    with pyx12.x12context.X12ContextReader(param, errh, str(path)) as src:
        for node in src.iter_segments("2100"):
            if node.id == "2100":
                claims += 1
    return claims


def timed(label: str, run: Callable[[Path], int], path: Path, segments: int) -> float:
    start = time.perf_counter()
    result = run(path)
    elapsed = time.perf_counter() - start
    print(f"  {label:<8} {elapsed:8.2f} s  {segments / elapsed:>11,.0f} segments/s  ({result:,})")
    return elapsed


def speed(megabytes: float, with_pyx12: bool) -> None:
    from benchmarks.floor_835 import check
    from edi.build import describe

    path = generated(megabytes)
    segments = plain_split(path)
    check(path)
    print(
        f"speed: {path.name}, {path.stat().st_size / 1e6:.1f} MB, {segments:,} segments; "
        f"x12flow build: {describe()}"
    )
    # Interleaved rounds, so that a slow spell of a shared machine hits all sides alike; x12flow
    # runs right after split, so each round's ratio compares the two at nearly the same moment.
    readers = {
        "split": plain_split,
        "x12flow": typed_models,
        "checked": checked_models,
        "floor": floor_models,
    }
    runs: dict[str, list[float]] = {label: [] for label in readers}
    for _ in range(ROUNDS):
        for label, run in readers.items():
            runs[label].append(timed(label, run, path, segments))
    goal = "goal <= 5x compiled, <= 8x pure"
    print(_ratio("x12flow", runs["x12flow"], "split", runs["split"], goal))
    print(_ratio("checked", runs["checked"], "split", runs["split"], "every element checked"))
    print(_ratio("floor", runs["floor"], "split", runs["split"], "models alone"))
    print(_ratio("x12flow", runs["x12flow"], "floor", runs["floor"], "reading X12 properly"))
    if with_pyx12:
        ours = statistics.median(runs["x12flow"])
        theirs = timed("pyx12", pyx12_loops, path, segments)
        print(
            f"  pyx12 / x12flow = {theirs / ours:.1f}x faster, against x12flow's median "
            "(goal >= 30x)"
        )


def _ratio(slow: str, slows: list[float], fast: str, fasts: list[float], what: str) -> str:
    """``slow / fast``: the median of the rounds' ratios, then their range and best against best.

    The median of paired rounds is the figure to quote: on a shared machine whose speed moves
    from second to second, the best times of the two sides may come from different moments.
    """
    ratios = sorted(s / f for s, f in zip(slows, fasts, strict=True))
    return (
        f"  {slow} / {fast} = {ratios[len(ratios) // 2]:.1f}x slower, median of the rounds "
        f"(round by round {ratios[0]:.1f}x to {ratios[-1]:.1f}x; best against best "
        f"{min(slows) / min(fasts):.1f}x; {what})"
    )


def memory(megabytes: float) -> None:
    from edi.build import describe

    path = generated(megabytes)
    code = (
        "import sys; from parsers.era835 import iter_claims; "
        "print(sum(1 for _ in iter_claims(sys.argv[1])))"
    )
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=False
    )
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"memory: {path.stat().st_size / 1e6:.0f} MB 835 ({describe()}), "
        f"{proc.stdout.strip()} claims in "
        f"{elapsed:.1f} s, peak RSS {peak:.0f} MB (goal < 200 MB)"
        + (f"; exit {proc.returncode}: {proc.stderr[-300:]}" if proc.returncode else "")
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("size_mb", nargs="?", type=float, default=10.0)
    parser.add_argument("--memory-mb", type=float, default=100.0)
    parser.add_argument("--skip-pyx12", action="store_true")
    parser.add_argument("--skip-memory", action="store_true")
    args = parser.parse_args()
    speed(args.size_mb, not args.skip_pyx12)
    if not args.skip_memory:
        memory(args.memory_mb)


if __name__ == "__main__":
    main()
