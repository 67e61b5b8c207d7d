"""Watched folders: files dropped into an inbox are ingested exactly once.

Layout under the inbox folder::

    inbox/                    drop files here (names ending .part/.tmp and dotfiles are ignored)
    inbox/.work/<worker>/     a file claimed by one worker (atomic rename), while it is processed
    inbox/processed/<date>/   files ingested (or recognised as already ingested)
    inbox/rejected/           files that could not be ingested, each beside <name>.error.json

The watcher is an adapter: it turns file-system events into calls of one processing function
(the same one ``x12flow ingest`` calls) and holds no business logic.
"""

from edi.watch.inbox import Inbox
from edi.watch.worker import FileOutcome, Unavailable, Worker

__all__ = ["FileOutcome", "Inbox", "Unavailable", "Worker"]
