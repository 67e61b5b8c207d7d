"""A short fuzzing run on every test run, and the harness's own checks: it must be able to fail.

The smoke runs use fixed seeds. When one finds a crash, the message shows each class's
traceback, and the report with every reproducer is written to the test's temporary folder
(``python -m tests.fuzz --replay FILE`` replays one).
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from edi.inbound.document import Document
from tests.fuzz.crashes import class_key, slug
from tests.fuzz.harness import Fuzzer, Options, Report, write_report
from tests.fuzz.memory import Builders, Case, cases, measure, write_case
from tests.fuzz.mutate import Mutator
from tests.fuzz.operations import repair_counts
from tests.fuzz.seeds import CORPUS, SeedSet, collect, corpus_seeds, sample_seeds
from tests.fuzz.shape import Shape
from tests.fuzz.targets import Context, CpuTimeout, run


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> SeedSet:
    """Generated files (4 claims of each kind, answered) and the samples; no corpus."""
    return collect(tmp_path_factory.mktemp("fuzz") / "seeds", seed=3, use_corpus=False, claims=4)


def _options(out: Path, **overrides: Any) -> Options:
    fields: dict[str, Any] = {
        "out": out,
        "minimize": False,
        "progress": 0,
        "say": lambda line: None,
        **overrides,
    }
    return Options(**fields)


def _explain(report: Report, out: Path) -> str:
    write_report(report, out)
    lines = [f"report and reproducers in {out}"]
    for bucket in report.classes():
        example = bucket.reproducer
        lines.append(
            f"{bucket.key}: {bucket.count} crash(es), e.g. input {example.index} "
            f"({example.target}, from {example.seed_name}):\n{example.traceback[-3000:]}"
        )
    return "\n".join(lines)


def test_smoke_run_on_generated_seeds_finds_no_crash(seeds: SeedSet, tmp_path: Path) -> None:
    report = Fuzzer(_options(tmp_path, count=400, seed=7, corpus=False), seeds).run()
    assert report.inputs == 400 and report.seed_inputs == len(seeds.seeds)
    assert report.stats["ingest"].runs == report.stats["simulate"].runs == 80 + len(seeds.seeds)
    assert not report.buckets, _explain(report, tmp_path)


def test_smoke_run_on_the_corpus_finds_no_crash(seeds: SeedSet, tmp_path: Path) -> None:
    if not CORPUS.is_dir():
        pytest.skip(f"shared corpus not found at {CORPUS} (expected ../shared/corpus)")
    with_corpus = SeedSet([*seeds.seeds, *corpus_seeds()], seeds.ledgers)
    options = _options(tmp_path, count=150, seed=11, seed_pass=False)
    report = Fuzzer(options, with_corpus).run()
    assert report.inputs == 150
    assert not report.buckets, _explain(report, tmp_path)


# -- the harness can fail ----------------------------------------------------------------


class _BrokenReader:
    """An 835 reader with a bug the harness must catch."""

    def fields(self, ts: Any, findings: Any) -> Iterator[tuple[str, Any]]:
        raise ValueError("a bug in a reader")
        yield

    summary = fields


def test_the_harness_finds_buckets_and_minimizes_a_crash(
    seeds: SeedSet, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        "edi.inbound.document.reader_for",
        lambda variant: _BrokenReader() if variant == "835" else None,
    )
    options = _options(tmp_path, count=30, seed=1, targets=("validate", "text"), minimize=True)
    options.minimize_seconds = 20
    report = Fuzzer(options, seeds).run()
    assert report.failed
    keys = {b.key for b in report.classes()}
    assert keys == {
        "ValueError@edi.inbound.document:_set_pairs",
        "ValueError@edi.inbound.document:summary",
    }
    bucket = report.buckets["ValueError@edi.inbound.document:_set_pairs"]
    assert bucket.targets["validate"] == bucket.count and bucket.reproducer.synthetic
    assert bucket.minimized is not None
    assert len(bucket.minimized) < len(bucket.reproducer.data)
    assert b"ST*835" in bucket.minimized  # still an 835 set: the crash needs one
    write_report(report, tmp_path)
    folder = tmp_path / "crashes" / slug(bucket.key)
    assert (folder / "reproducer.x12").read_bytes() == bucket.minimized
    assert "a bug in a reader" in (folder / "info.json").read_text()
    assert "ValueError@edi.inbound.document:_set_pairs" in (tmp_path / "summary.txt").read_text()
    explained = _explain(report, tmp_path / "explained")  # what a failing smoke run says
    assert "ValueError: a bug in a reader" in explained
    assert (tmp_path / "explained" / "crashes" / slug(bucket.key) / "reproducer.x12").is_file()


def test_a_target_that_never_ends_is_stopped_and_reported_slow(
    seeds: SeedSet, tmp_path: Path
) -> None:
    def spin(data: bytes, ctx: Context) -> bool:
        while True:
            pass

    stopped = run(spin, b"", Context(tmp_path), 0.2)
    assert isinstance(stopped.exc, CpuTimeout) and stopped.seconds >= 0.15
    options = _options(tmp_path, count=3, seed=1, targets=("validate",), seed_pass=False)
    options.slow_seconds = -1.0  # every input counts as slow
    report = Fuzzer(options, seeds).run()
    assert set(report.buckets) == {"Slow@validate"} and len(report.slow) == 3


def test_recursion_errors_are_classed_by_the_function_that_recurs() -> None:
    def recurse(n: int) -> None:
        recurse(n + 1)

    with pytest.raises(RecursionError) as caught:
        recurse(0)
    assert class_key(caught.value).endswith(":recurse")


def test_mutants_are_deterministic_and_varied() -> None:
    mutator = Mutator(sample_seeds())
    first = [mutator.make(5, i).data for i in range(40)]
    assert first == [mutator.make(5, i).data for i in range(40)]
    assert len(set(first)) > 30
    assert [mutator.make(6, i).data for i in range(40)] != first


def test_shapes_give_back_their_bytes_and_repaired_counts_agree(seeds: SeedSet) -> None:
    for seed in seeds.seeds:
        assert Shape.of(seed.data).render() == seed.data, seed.name
    era = next(s for s in seeds.seeds if s.name.startswith("generated/835"))
    shape = Shape.of(era.data)
    claims = [i for i in range(len(shape.segments)) if shape.segment_id(i) == b"CLP"]
    del shape.segments[claims[0] : claims[0] + 3]  # SE01 is now wrong
    broken = Document(io.BytesIO(shape.render()), "x").validate()
    assert any(f.source == "IK502" and f.code == "4" for f in broken)
    repair_counts(shape)
    repaired = Document(io.BytesIO(shape.render()), "x").validate()
    assert not any(f.source in ("IK502", "AK905", "TA105") for f in repaired)


# -- the memory cases ----------------------------------------------------------------------


def test_memory_cases_are_built_and_measured(seeds: SeedSet, tmp_path: Path) -> None:
    era = next(s.data for s in seeds.seeds if s.name.startswith("generated/835"))
    claims = next(s.data for s in seeds.seeds if s.name.startswith("generated/837P"))
    ta1 = next(s.data for s in seeds.seeds if "ta1" in s.name)
    built = {case.name: case for case in cases(Builders(era, claims, ta1))}
    sizes = {name: write_case(case, tmp_path / name, 200_000) for name, case in built.items()}
    for name in ("835-many-claims", "837p-many-claims", "835-many-sets"):
        assert 200_000 <= sizes[name] < 250_000, name
    assert sizes["835-one-20MB-element"] > 20_000_000
    flood = (tmp_path / "837p-100000-bare-HL").read_text()
    assert flood.count("\nHL*") == 100_000
    record = measure("validate", tmp_path / "835-many-claims", tmp_path)
    assert record["ok"], record
    assert 10 < record["peak_rss_mb"] < 300
    tiny = Case("tiny", lambda size: iter(["not X12"]))
    write_case(tiny, tmp_path / "tiny", 1)
    record = measure("parse", tmp_path / "tiny", tmp_path)
    assert record["exit"] == 2 and record["ok"]
    for name in sizes:
        os.unlink(tmp_path / name)
