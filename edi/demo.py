"""The whole claim → payment cycle on one machine, on embedded defaults.

Sample claims → ``submit`` (837P/837I into the outbox, recorded in the ledger) → ``simulate``
(the payer's 999, 277CA and 835s into the inbox) → ``watch --once`` (ingest every reply) → the
reconciliation report (text, and a self-contained HTML page) → the denial worklist, worked a
little as a biller would (one item assigned, one in progress with a note, one written off).
Each step calls the same library function as its command. Worklist rows name claims by their
patient control number only: no patient data is printed.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from edi.config import Config
from edi.ledger import Ledger
from edi.ledger.html import report_html
from edi.ledger.render import report_text
from edi.ledger.report import build_report
from edi.ledger.worklist import STATUSES, Filters, WorkItem, list_items
from edi.ledger.worklist_changes import Change, work_item
from edi.model.denials import Category
from edi.model.money import display
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
BILLER = "demo-biller"
"""Who the demo's worklist changes are by (``x12flow work --user``)."""
SHOWN_ROWS = 5


@dataclass
class DemoResult:
    folder: Path
    report: dict[str, Any]
    report_text: str
    html: Path
    simulation: SimulationResult
    as_of: dt.date
    ingested: dict[str, int]
    worklist: list[WorkItem] = field(default_factory=list)  # every item at the end, any status


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
        worklist = work_the_denials(ledger, as_of, say)
    return DemoResult(folder, report, text, html, simulation, as_of, tally, worklist)


def work_the_denials(ledger: Ledger, as_of: dt.date, say: Callable[[str], None]) -> list[WorkItem]:
    """Step 6: the worklist, highest priority first; three items worked through
    :func:`~edi.ledger.worklist_changes.work_item` as ``x12flow work`` would; the list again.
    Returns every item afterwards, in any status."""
    with ledger.atomic() as connection:
        open_items = list_items(connection, Filters(), as_of)
    say(f"\n6. denial worklist as of {as_of.isoformat()}: {len(open_items)} item(s) to work")
    for line in worklist_lines(open_items):
        say(line)
    moves = _moves(open_items)
    if moves:
        say(f"\n7. working the list as {BILLER} (as `x12flow work` does):")
        with ledger.atomic() as connection:
            for item, change, what in moves:
                done = work_item(connection, item.id, change, BILLER, clock.now(), item.version)
                say(f"  item {done.item_id} (claim {item.claim or '-'}): {what}")
    with ledger.atomic() as connection:
        every = [i for s in STATUSES for i in list_items(connection, Filters(status=s), as_of)]
    if moves:
        say(f"\n8. the worklist now: {len(every)} item(s)")
        for line in _tallies(every):
            say(line)
    return every


def _moves(items: list[WorkItem]) -> list[tuple[WorkItem, Change, str]]:
    """What the demo's biller does: takes the top item, starts on the next one with a note,
    and writes off the one at the bottom (the least at stake)."""
    if len(items) < 3:
        return []
    top, second, last = items[0], items[1], items[-1]
    return [
        (top, Change(assignee=BILLER), f"assigned to {BILLER}"),
        (
            second,
            Change(status="in_progress", assignee=BILLER, note="called the payer; fixing it"),
            "in progress, with a note",
        ),
        (last, Change(status="written_off", note="not worth working"), "written off"),
    ]


def worklist_lines(items: list[WorkItem]) -> list[str]:
    """A few rows of the list (claim ids, never patients) and the count by category and
    status."""
    lines = [
        f"  {'item':<6}{'claim':<18}{'category':<32}{'action':<22}{'deadline':<12}"
        f"{'amount':>11}  status"
    ]
    for i in items[:SHOWN_ROWS]:
        claim = i.claim or f"unmatched #{i.unmatched_id}"
        lines.append(
            f"  {i.id:<6}{claim[:17]:<18}{_category(i.category)[:31]:<32}{i.action[:21]:<22}"
            f"{i.deadline.isoformat() if i.deadline else '-':<12}{display(i.amount):>11}"
            f"  {i.status}"
        )
    if len(items) > SHOWN_ROWS:
        lines.append(f"  ... and {len(items) - SHOWN_ROWS} more (`x12flow worklist`)")
    return lines + _tallies(items)


def _tallies(items: list[WorkItem]) -> list[str]:
    categories = Counter(_category(i.category) for i in items)
    statuses = Counter(i.status for i in items)
    assigned = sum(1 for i in items if i.assignee)
    return [
        "  by category: " + ", ".join(f"{k} {n}" for k, n in categories.most_common()),
        "  by status: "
        + ", ".join(f"{k} {n}" for k, n in statuses.most_common())
        + f"; {assigned} assigned",
    ]


def _category(value: str) -> str:
    """Our category in words (the ledger keeps its value)."""
    try:
        return Category(value).description
    except ValueError:
        return value


def last_remittance_date(simulation: SimulationResult) -> dt.date | None:
    dates = [dt.date.fromisoformat(r["payment_date"]) for r in simulation.record.remittances]
    return max(dates) if dates else None
