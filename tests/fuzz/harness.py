"""The fuzzing run: seeds → mutants → targets, crash classes, minimized reproducers, a summary.

The output folder (``build/fuzz`` by default, which git ignores) gets ``summary.json``,
``summary.txt`` and ``crashes/<class>/`` with ``reproducer.x12`` and ``info.json`` (the
traceback, the target, the seed and index that made it) for every crash class.
"""

from __future__ import annotations

import json
import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.fuzz.crashes import Bucket, Example, class_key, example, innermost_frame, is_defect
from tests.fuzz.crashes import slug as class_slug
from tests.fuzz.memory import RSS_LIMIT_MB
from tests.fuzz.minimize import Minimizer
from tests.fuzz.mutate import Mutator
from tests.fuzz.seeds import ROOT, Seed, SeedSet, collect
from tests.fuzz.targets import TARGETS, Context, CpuTimeout, run

DEFAULT_TARGETS = ("validate", "parse", "text", "stream835", "ingest", "simulate")
# Targets that run on 1 input in ``sampled_every``, each on a mutant of its own kind of seed.
SAMPLED = {"ingest": "replies", "simulate": "claims"}
SLOW = "Slow"


class BrokenBuild(RuntimeError):
    """x12flow itself cannot be imported: no input can be blamed, so the run stops."""


def _stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


@dataclass
class Options:
    count: int = 1000
    seed: int = 1
    targets: tuple[str, ...] = DEFAULT_TARGETS
    sampled_every: int = 5  # ingest and simulate run on 1 input in this many
    out: Path = ROOT / "build" / "fuzz"
    timeout: float = 10.0  # CPU seconds before a target is stopped (enough to be "slow")
    slow_seconds: float = 5.0  # an input under slow_size taking longer is a finding
    slow_size: int = 1_000_000
    corpus: bool = True
    seed_pass: bool = True  # run every seed unmutated first
    minimize: bool = True
    minimize_seconds: float = 60.0
    progress: int = 1000
    claims: int = 10  # claims per generated 837
    say: Callable[[str], None] = _stderr


@dataclass
class TargetStats:
    runs: int = 0
    crashes: int = 0
    unreadable: int = 0  # refused with an X12FlowError (exit 2 on the command line)
    skipped: int = 0  # not run: another reader was already slow on the input
    cpu_seconds: float = 0.0
    slowest_seconds: float = 0.0
    slowest: dict[str, Any] | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "runs": self.runs,
            "crashes": self.crashes,
            "unreadable": self.unreadable,
            "skipped_after_a_slow_reader": self.skipped,
            "cpu_seconds": round(self.cpu_seconds, 3),
            "mean_ms": round(1000 * self.cpu_seconds / self.runs, 3) if self.runs else None,
            "slowest_seconds": round(self.slowest_seconds, 3),
            "slowest": self.slowest,
        }


@dataclass
class Report:
    seed: int
    inputs: int = 0
    seed_inputs: int = 0
    seeds: dict[str, int] = field(default_factory=dict)
    stats: dict[str, TargetStats] = field(default_factory=dict)
    buckets: dict[str, Bucket] = field(default_factory=dict)
    slow: list[dict[str, Any]] = field(default_factory=list)
    ingest_outcomes: dict[str, int] = field(default_factory=dict)
    memory: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    elapsed: float = 0.0

    @property
    def failed(self) -> bool:
        return bool(self.buckets) or any(not case["ok"] for case in self.memory)

    def to_json(self) -> dict[str, Any]:
        slowest = max(self.stats.values(), key=lambda s: s.slowest_seconds, default=None)
        return {
            "seed": self.seed,
            "inputs": self.inputs,
            "seed_inputs": self.seed_inputs,
            "seeds": self.seeds,
            "elapsed_seconds": round(self.elapsed, 1),
            "targets": {name: s.to_json() for name, s in self.stats.items()},
            "slowest_input": slowest.slowest if slowest else None,
            "crash_classes": [b.to_json() for b in self.classes()],
            "slow_inputs": self.slow[:50],
            "ingest_outcomes": self.ingest_outcomes,
            "memory": self.memory,
            "notes": self.notes,
        }

    def classes(self) -> list[Bucket]:
        return sorted(self.buckets.values(), key=lambda b: (-b.count, b.key))


class Fuzzer:
    def __init__(self, options: Options, seeds: SeedSet) -> None:
        unknown = set(options.targets) - set(TARGETS)
        if unknown:
            raise ValueError(f"unknown targets: {', '.join(sorted(unknown))}")
        self.options = options
        self.seeds = seeds
        self.mutator = Mutator(seeds.seeds, max_size=options.slow_size - 1)
        self.context = Context(options.out / "work", list(seeds.ledgers))
        self.report = Report(options.seed, seeds=seeds.counts(), notes=list(seeds.notes))
        self.report.stats = {name: TargetStats() for name in options.targets}

    def run(self) -> Report:
        started = time.monotonic()
        if self.options.seed_pass:
            for k, seed in enumerate(self.seeds.seeds):
                self.one(seed.data, seed, -1 - k)
                self.report.seed_inputs += 1
        for index in range(self.options.count):
            mutant = self.mutator.make(self.options.seed, index)
            self.one(mutant.data, mutant.seed, index)
            self.report.inputs += 1
            if self.options.progress and (index + 1) % self.options.progress == 0:
                self.options.say(self.progress(index + 1, time.monotonic() - started))
        if self.options.minimize:
            for bucket in self.report.classes():
                self.shrink(bucket)
        self.report.ingest_outcomes = dict(self.context.outcomes)
        self.report.elapsed = time.monotonic() - started
        return self.report

    def progress(self, done: int, elapsed: float) -> str:
        crashes = sum(b.count for b in self.report.buckets.values())
        slowest = max((s.slowest_seconds for s in self.report.stats.values()), default=0.0)
        return (
            f"[fuzz] {done}/{self.options.count} inputs in {elapsed:.0f} s: "
            f"{len(self.report.buckets)} crash class(es), {crashes} crash(es), "
            f"slowest {slowest:.2f} s"
        )

    def one(self, data: bytes, seed: Seed, index: int) -> None:
        """The readers read ``data``; ingest and simulate read every seed, and a mutant of
        their own kind of seed (replies, claims) for 1 input in ``sampled_every``."""
        slow = False
        for name in self.options.targets:
            given, origin = data, seed
            if name in SAMPLED and index >= 0:
                if index % self.options.sampled_every:
                    continue
                mutant = self.mutator.make(self.options.seed, index, SAMPLED[name])
                given, origin = mutant.data, mutant.seed
            elif slow:  # the other readers would be as slow on it: one finding is enough
                self.report.stats[name].skipped += 1
                continue
            result = run(TARGETS[name], given, self.context, self.options.timeout)
            slow = slow or (given is data and result.seconds > self.options.slow_seconds)
            self.report.stats[name].unreadable += not result.read and result.exc is None
            self.record(name, given, origin, index, result.seconds, result.exc)

    def record(
        self,
        name: str,
        data: bytes,
        seed: Seed,
        index: int,
        seconds: float,
        exc: BaseException | None,
    ) -> None:
        if isinstance(exc, (ImportError, SyntaxError)):
            raise BrokenBuild(f"x12flow cannot be imported ({name}): {exc!r}") from exc
        stats = self.report.stats[name]
        stats.runs += 1
        stats.cpu_seconds += seconds
        where = {"target": name, "index": index, "seed": seed.name, "size": len(data)}
        if seconds > stats.slowest_seconds:
            stats.slowest_seconds = seconds
            stats.slowest = {**where, "seconds": round(seconds, 3)}
        timed_out = isinstance(exc, CpuTimeout)
        if timed_out or (
            seconds > self.options.slow_seconds and len(data) < self.options.slow_size
        ):
            stuck = innermost_frame(exc) if exc is not None else None
            self.report.slow.append({**where, "seconds": round(seconds, 3), "stopped_in": stuck})
            slow = Example(data, name, seed.name, seed.synthetic, index, f"{seconds:.1f} s", "")
            self._bucket(f"{SLOW}@{name}", slow).add(slow)
        if exc is None or timed_out or not is_defect(exc):
            return
        stats.crashes += 1
        found = example(exc, data, name, seed.name, seed.synthetic, index)
        self._bucket(class_key(exc), found).add(found)

    def _bucket(self, key: str, first: Example) -> Bucket:
        if key not in self.report.buckets:
            self.report.buckets[key] = Bucket(key)
            self.options.say(
                f"[fuzz] new crash class {key}: input {first.index} ({first.target}, "
                f"{len(first.data)} bytes, from {first.seed_name}): {first.shown[:200]}"
            )
        return self.report.buckets[key]

    def shrink(self, bucket: Bucket) -> None:
        if bucket.key.startswith(SLOW + "@"):
            return  # shrinking by time is too slow and too noisy; the smallest input is kept
        example = bucket.reproducer
        target = TARGETS[example.target]

        def still_fails(data: bytes) -> bool:
            exc = run(target, data, self.context, self.options.timeout).exc
            return exc is not None and is_defect(exc) and class_key(exc) == bucket.key

        shrinker = Minimizer(still_fails, seconds=self.options.minimize_seconds)
        bucket.minimized = shrinker.minimize(example.data)


def write_report(report: Report, out: Path) -> None:
    """summary.json, summary.txt and one folder per crash class under ``out/crashes``."""
    out.mkdir(parents=True, exist_ok=True)
    crashes = out / "crashes"
    if crashes.exists():
        shutil.rmtree(crashes)
    for bucket in report.classes():
        folder = crashes / class_slug(bucket.key)
        folder.mkdir(parents=True)
        chosen = bucket.reproducer
        data = bucket.minimized if bucket.minimized is not None else chosen.data
        (folder / "reproducer.x12").write_bytes(data)
        info = {**bucket.to_json(), "traceback": chosen.traceback}
        (folder / "info.json").write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    (out / "summary.json").write_text(
        json.dumps(report.to_json(), indent=2) + "\n", encoding="utf-8"
    )
    (out / "summary.txt").write_text(summary_text(report), encoding="utf-8")


def summary_text(report: Report) -> str:
    lines = [
        f"fuzz run, seed {report.seed}: {report.inputs} mutated inputs and the "
        f"{report.seed_inputs} seeds unmutated, in {report.elapsed:.0f} s "
        f"(seeds: {_counts(report.seeds)})",
    ]
    fuzzed = report.inputs or report.seed_inputs
    for name, stats in report.stats.items() if fuzzed else ():
        slowest = stats.slowest
        where = f" (input {slowest['index']}, {slowest['size']} bytes)" if slowest else ""
        lines.append(
            f"  {name:<10} {stats.runs:>7} runs  {stats.crashes:>6} crashes  "
            f"{stats.unreadable:>6} unreadable  slowest {stats.slowest_seconds:.3f} s{where}"
        )
    if report.ingest_outcomes:
        lines.append(f"  ingest outcomes: {_counts(report.ingest_outcomes)}")
    lines.append(f"{len(report.buckets)} crash class(es)")
    for bucket in report.classes():
        example = bucket.reproducer
        size = len(bucket.minimized) if bucket.minimized is not None else len(example.data)
        lines.append(
            f"  {bucket.count:>6}  {bucket.key}  [{_counts(dict(bucket.targets))}]  "
            f"reproducer {size} bytes: crashes/{class_slug(bucket.key)}/"
        )
        lines.append(f"          {example.shown[:200]}")
    if report.memory:
        lines.append(f"memory cases (peak RSS limit {RSS_LIMIT_MB} MB)")
    for case in report.memory:
        verdict = "ok" if case["ok"] else f"FAILED: {case['problem']}"
        lines.append(
            f"  {case['case']} / {case['command']}: {case['size_mb']} MB input, "
            f"peak RSS {case['peak_rss_mb']} MB, {case['cpu_seconds']} s CPU, "
            f"exit {case['exit']}: {verdict}"
        )
    lines.extend(f"note: {note}" for note in report.notes)
    return "\n".join(lines) + "\n"


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{v} {k}" for k, v in sorted(counts.items())) or "none"


def fuzz(options: Options) -> Report:
    """Collect seeds, run, write the report; the report is returned too."""
    options.out.mkdir(parents=True, exist_ok=True)
    seeds = collect(options.out / "seeds", options.seed, options.corpus, options.claims)
    report = Fuzzer(options, seeds).run()
    write_report(report, options.out)
    return report
