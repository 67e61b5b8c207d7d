"""``x12flow parse`` and ``x12flow validate``: read X12 files and show what they hold."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import click

from edi.cli.options import format_option
from edi.cli.progress import reading
from edi.x12.errors import X12FlowError

if TYPE_CHECKING:
    from edi.inbound.document import Document


def _open(path: str) -> tuple[Any, str]:
    if path == "-":
        stream: BinaryIO = sys.stdin.buffer
        return stream, "<stdin>"
    return Path(path), path


def _fail(path: str, exc: X12FlowError, as_json: bool) -> int:
    from edi.x12.jsonout import dumps

    message = exc.message
    if as_json:
        click.echo(dumps({"file": path, "error": message, "findings": []}))
    click.echo(f"{path}: {message}", err=True)
    return 2


@click.command()
@click.argument("files", nargs=-1, required=True)
@format_option(default="json", help="JSON (one document per file) or a readable summary.")
def parse(files: tuple[str, ...], fmt: str) -> None:
    """Read X12 FILES (835, 999, 997, TA1, 277CA, 277, 837P, 837I) and print their content.

    One JSON document per file (JSON Lines for several). Exit 0 clean, 1 error findings,
    2 unreadable input.
    """
    from edi.inbound.document import Document, write_document

    worst = 0
    out = sys.stdout
    # On a terminal the output itself shows progress (and a bar would break into it).
    with reading(files, quiet=out.isatty()) as bar:
        for path in files:
            source, name = _open(path)
            bar.name(name)
            doc = Document(source, name, bar.callback)
            try:
                if fmt == "json":
                    write_document(doc, out.write)
                    out.write("\n")
                else:
                    for line in doc.summary():
                        click.echo(line)
                    for finding in doc.findings:
                        click.echo(str(finding))
            except X12FlowError as exc:
                if fmt == "json":
                    out.write("\n")
                bar.clear()
                worst = max(worst, _fail(name, exc, False))
                continue
            out.flush()
            worst = max(worst, 1 if doc.findings.has_errors else 0)
    sys.exit(worst)


@click.command()
@click.argument("files", nargs=-1, required=True)
@format_option(
    legacy_json=True,
    help="One line per finding, or JSON Lines: one object per finding, one summary object "
    "for a file without findings.",
)
def validate(files: tuple[str, ...], fmt: str) -> None:
    """Check X12 FILES: envelopes, structure and balancing; print every finding.

    \b
    --format json prints JSON Lines, for each file:
      a file with findings: one object per finding (severity, source, code, message, location);
      a file without any: {"file", "transaction_sets", "findings_by_severity", "ok": true};
      a file that cannot be read: {"file", "error", "findings": []}.

    Exit 0 clean, 1 error findings, 2 unreadable input.
    """
    from edi.inbound.document import Document
    from edi.x12.jsonout import dumps

    as_json = fmt == "json"
    worst = 0
    with reading(files, quiet=as_json) as bar:
        for path in files:
            source, name = _open(path)
            bar.name(name)
            doc = Document(source, name, bar.callback)
            try:
                doc.validate()
            except X12FlowError as exc:
                bar.clear()
                worst = max(worst, _fail(name, exc, as_json))
                continue
            bar.clear()
            for finding in doc.findings:
                click.echo(dumps(finding.to_json()) if as_json else str(finding))
            if as_json and not doc.findings.total:
                click.echo(dumps(_clean_summary(name, doc)))
            errors = doc.findings.error_count
            if not as_json:
                verdict = "OK" if not errors else f"{errors} error(s)"
                click.echo(
                    f"{name}: {verdict} ({doc.transaction_sets} transaction set(s), "
                    f"{doc.findings.total:,} finding(s))",
                    err=True,
                )
            worst = max(worst, 1 if errors else 0)
    sys.exit(worst)


def _clean_summary(name: str, doc: Document) -> dict[str, Any]:
    """What ``validate --format json`` prints for a file without findings (not nothing)."""
    from edi.x12.findings import Severity

    counts = {severity.value: 0 for severity in Severity}
    for finding in doc.findings:
        counts[finding.severity.value] += 1
    return {
        "file": name,
        "transaction_sets": doc.transaction_sets,
        "findings_by_severity": counts,
        "ok": not doc.findings.has_errors,
    }


COMMANDS = [parse, validate]
