"""A realistic inbox for watcher tests: claims recorded in a ledger, and the payer's replies."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from edi.config import Config
from edi.ledger import Ledger
from edi.outbound.submit import submit
from edi.simulator import load_rules, simulate
from generators.sample.claims import professional_claims


def build(
    root: Path, batches: int, per_batch: int = 2, seed: int = 5, url: str | None = None
) -> tuple[Path, list[Path]]:
    """A ledger with ``batches`` submitted 837 files, and the replies a payer sends for them
    (999s, 277CAs, 835s) in ``root/replies``. Returns the ledger file (SQLite, unless ``url``
    names another database) and the reply files."""
    claims = list(professional_claims(batches * per_batch, seed))
    drop = root / "claims"
    drop.mkdir(parents=True)
    database = root / "ledger.db"
    written: list[Path] = []
    with Ledger.open(url or f"sqlite:///{database}") as ledger:
        for n in range(batches):
            path = drop / f"batch{n:03d}.jsonl"
            chunk = claims[n * per_batch : (n + 1) * per_batch]
            path.write_text("\n".join(json.dumps(c) for c in chunk) + "\n")
            written += submit([path], ledger, Config(), root / "outbox").files
    replies = root / "replies"
    simulate(written, replies, seed, load_rules(None))
    files = sorted(p for p in replies.iterdir() if p.suffix == ".x12")
    return database, files


def copy_ledger(database: Path, target: Path) -> Path:
    shutil.copy(database, target)
    return target


SAMPLES = sorted((Path(__file__).resolve().parents[2] / "edi" / "samples").glob("*.x12"))
MEMBER_IDS = ("DEMO0000001", "DEMO0000002")  # patient data in the samples: never in a log line


def deliver(source: Path, inbox: Path, name: str | None = None) -> Path:
    """Drop ``source`` into ``inbox`` as a well-behaved sender does: temporary name, rename."""
    target = inbox / (name or source.name)
    part = target.with_name(target.name + ".part")
    part.write_bytes(source.read_bytes())
    part.rename(target)
    return target


def settled_files(inbox: Path) -> dict[str, list[str]]:
    """The file names in processed/ (any day) and in rejected/ (error reports left out)."""
    processed = sorted(p.name for p in (inbox / "processed").rglob("*") if p.is_file())
    rejected = (
        sorted(p.name for p in (inbox / "rejected").iterdir() if not p.name.endswith(".json"))
        if (inbox / "rejected").is_dir()
        else []
    )
    return {"processed": processed, "rejected": rejected}
