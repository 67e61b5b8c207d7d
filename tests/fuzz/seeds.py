"""The fuzzer's seeds: the shared corpus, the shipped samples and files x12flow generates.

Generated files come from the command line in child processes (``sample`` → ``generate`` →
``simulate``) at a fixed business date, so a seed gives the same files on any day. The 837s are
recorded in a template ledger; a second template has every generated reply ingested too, so
ingest meets claims in both states.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"
BUSINESS_DATE = "2026-11-30"
INGEST_TIME = datetime(2026, 12, 28, 9, 0)  # when the fuzzer's ingests happen, business time
CORPUS_SIZE_LIMIT = 400_000  # bigger corpus files slow every mutation down; none is today


@dataclass(frozen=True)
class Seed:
    name: str
    data: bytes
    origin: str  # corpus, sample or generated

    @property
    def synthetic(self) -> bool:
        return self.origin != "corpus"


@dataclass
class SeedSet:
    seeds: list[Seed] = field(default_factory=list)
    ledgers: list[Path] = field(default_factory=list)  # SQLite templates, copied per ingest
    notes: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        found: dict[str, int] = {}
        for seed in self.seeds:
            found[seed.origin] = found.get(seed.origin, 0) + 1
        return found


def corpus_seeds(corpus: Path = CORPUS) -> list[Seed]:
    """Every corpus file (read in place), or nothing when the corpus is absent."""
    if not corpus.is_dir():
        return []
    seeds = []
    for path in sorted(corpus.rglob("*")):
        if path.is_file() and path.name not in ("MANIFEST.tsv", "README.md"):
            data = path.read_bytes()
            if len(data) <= CORPUS_SIZE_LIMIT:
                seeds.append(Seed(f"corpus/{path.relative_to(corpus)}", data, "corpus"))
    return seeds


def sample_seeds() -> list[Seed]:
    from edi.samples import NAMES, sample

    return [Seed(f"samples/{name}", sample(name).read_bytes(), "sample") for name in NAMES]


def cli(work: Path, *args: str, stdout: Path | None = None) -> None:
    """Run ``python -m edi ARGS`` in ``work`` at the fuzzer's business date."""
    env = {**os.environ, "X12FLOW_NOW": BUSINESS_DATE}
    env.pop("X12FLOW_DATABASE_URL", None)
    env.pop("X12FLOW_CONFIG", None)
    with open(stdout or os.devnull, "wb") as out:
        proc = subprocess.run(
            [sys.executable, "-m", "edi", *args],
            cwd=work,
            env=env,
            stdout=out,
            stderr=subprocess.PIPE,
            check=False,
        )
    if proc.returncode not in (0, 1):
        message = proc.stderr.decode(errors="replace").strip()[-2000:]
        raise RuntimeError(f"x12flow {' '.join(args)} exited {proc.returncode}: {message}")


def generated_seeds(work: Path, seed: int, claims: int = 10) -> SeedSet:
    """837P and 837I files, then the simulated payer's 999s, 277CAs and 835s, and two ledgers."""
    if work.exists():
        shutil.rmtree(work)
    (work / "outbox").mkdir(parents=True)
    db = work / "submitted.db"
    for kind in ("837p", "837i"):
        cli(work, "sample", kind, "--count", str(claims), "--seed", str(seed), stdout=work / kind)
        cli(work, "generate", kind, kind, "--out", "outbox", "--db", f"sqlite:///{db}")
    outbox = sorted((work / "outbox").glob("*.x12"))
    cli(work, "simulate", *map(str, outbox), "--out", "replies", "--seed", str(seed))
    replies = sorted((work / "replies").glob("*.x12"))
    answered = work / "answered.db"
    shutil.copyfile(db, answered)
    cli(work, "ingest", "--db", f"sqlite:///{answered}", *map(str, replies))
    found = SeedSet(ledgers=[db, answered])
    for path in [*outbox, *replies]:
        found.seeds.append(Seed(f"generated/{path.name}", path.read_bytes(), "generated"))
    return found


def collect(work: Path, seed: int, use_corpus: bool = True, claims: int = 10) -> SeedSet:
    """All seeds: generated (into ``work``), samples, and the corpus when present."""
    found = generated_seeds(work, seed, claims)
    found.seeds.extend(sample_seeds())
    if not use_corpus:
        found.notes.append("the shared corpus was not used (--no-corpus)")
    elif CORPUS.is_dir():
        found.seeds.extend(corpus_seeds())
    else:
        found.notes.append(
            f"shared corpus not found at {CORPUS} (expected ../shared/corpus): "
            "seeds are the samples and generated files only"
        )
    return found
