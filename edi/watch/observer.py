"""The watchdog adapter: file-system events become hints for the worker (watchdog lives here)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from edi.watch.worker import Worker


class _Hints(FileSystemEventHandler):
    def __init__(self, worker: Worker) -> None:
        self.worker = worker

    def on_moved(self, event: FileSystemEvent) -> None:
        if not event.is_directory:
            self.worker.hint("moved", Path(str(event.dest_path)))

    def on_closed(self, event: FileSystemEvent) -> None:
        if not event.is_directory:
            self.worker.hint("closed", Path(str(event.src_path)))

    def on_created(self, event: FileSystemEvent) -> None:
        if not event.is_directory:
            self.worker.hint("changed", Path(str(event.src_path)))


def watch(worker: Worker) -> Any:
    """Run ``worker`` with a watchdog observer on its inbox until the worker is stopped."""
    observer = Observer()
    observer.schedule(_Hints(worker), str(worker.inbox.root), recursive=False)
    observer.start()
    try:
        return worker.run()
    finally:
        observer.stop()
        observer.join(timeout=5)
