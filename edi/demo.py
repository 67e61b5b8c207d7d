"""The whole claim → payment cycle on one machine, on embedded defaults.

Sample claims → ``submit`` (837P/837I into the outbox, recorded in the ledger) → ``simulate``
(the payer's 999, 277CA and 835s into the inbox) → ``watch --once`` (ingest every reply) → the
reconciliation report (text, and a self-contained HTML page). Each step calls the same library
function as its command.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from edi.config import Config
from edi.ledger import Ledger
from edi.ledger.html import report_html
from edi.ledger.render import report_text
from edi.ledger.report import build_report
from edi.outbound.submit import submit
from edi.simulator import load_rules, simulate
from edi.simulator.engine import SimulationResult
from edi.watch import Inbox, Worker
from edi.watch.ingesting import ingest_processor
from edi.x12 import clock
from edi.x12.errors import X12FlowError
from edi.x12.readiness import Settling
from generators.sample.claims import institutional_claims, professional_claims

MARKER = ".x12flow-demo"


@dataclass
class DemoResult:
    folder: Path
    report: dict[str, Any]
    report_text: str
    html: Path
    simulation: SimulationResult
    as_of: dt.date
    ingested: dict[str, int]


def prepare_folder(folder: Path) -> None:
    """A fresh working folder: an earlier demo's folder is cleared, anything else refused."""
    if folder.exists() and any(folder.iterdir()):
        if not (folder / MARKER).exists():
            raise X12FlowError(
                f"{folder} is not empty and not an earlier demo folder; choose another --dir"
            )
        shutil.rmtree(folder)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / MARKER).write_text("made by `x12flow demo`; safe to delete\n", encoding="utf-8")


def write_sample_claims(folder: Path, professional: int, institutional: int, seed: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, make, count in (
        ("professional", professional_claims, professional),
        ("institutional", institutional_claims, institutional),
    ):
        lines = (json.dumps(claim, separators=(",", ":")) for claim in make(count, seed))
        (folder / f"{name}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


def run_demo(
    folder: Path,
    seed: int = 7,
    professional: int = 60,
    institutional: int = 20,
    say: Callable[[str], None] = print,
) -> DemoResult:
    prepare_folder(folder)
    claims_dir, outbox, inbox = folder / "claims", folder / "outbox", folder / "inbox"
    write_sample_claims(claims_dir, professional, institutional, seed)
    say(
        f"1. {professional} professional and {institutional} institutional sample claims "
        f"in {claims_dir}"
    )
    with Ledger.open(f"sqlite:///{folder / 'x12flow.db'}") as ledger:
        sent = submit(sorted(claims_dir.glob("*.jsonl")), ledger, Config(), outbox)
        say(
            f"2. submit: {sent.claims} claims checked and written to "
            f"{', '.join(p.name for p in sent.files)}; {sent.refused_claims} refused"
        )
        simulation = simulate(sent.files, inbox, seed, load_rules(None))
        outcomes = ", ".join(f"{n} {k}" for k, n in simulation.record.outcomes().items())
        say(
            f"3. simulate: the payer answered with {len(simulation.files)} files "
            f"(999, 277CA, 835) — {outcomes}"
        )
        logs: list[dict[str, Any]] = []
        worker = Worker(
            Inbox(inbox), ingest_processor(ledger, inbox), logs.append, Settling(settle_seconds=0.0)
        )
        tally = worker.run_once().as_dict()
        say(f"4. watch --once: {tally['processed']} files ingested, {tally['rejected']} rejected")
        as_of = last_remittance_date(simulation) or clock.today()
        with ledger.atomic() as connection:
            report = build_report(connection, as_of)
    html = folder / "report.html"
    html.write_text(report_html(report), encoding="utf-8")
    text = report_text(report)
    say(f"5. reconciliation report as of {as_of.isoformat()} (HTML: {html})\n")
    say(text)
    return DemoResult(folder, report, text, html, simulation, as_of, tally)


def last_remittance_date(simulation: SimulationResult) -> dt.date | None:
    dates = [dt.date.fromisoformat(r["payment_date"]) for r in simulation.record.remittances]
    return max(dates) if dates else None
