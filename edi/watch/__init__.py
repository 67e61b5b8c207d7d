"""Watched folders: files dropped into an inbox are ingested exactly once.

Layout under the inbox folder::

    inbox/                    drop files here (names ending .part/.tmp and dotfiles are ignored)
    inbox/.work/<worker>/     a file claimed by one worker (atomic rename), while it is processed;
                              .heartbeat (host, process id, time) and .<name>.attempts beside it
    inbox/processed/<date>/   files ingested, recognised as already ingested, or held for review
    inbox/rejected/           every other file, each beside <name>.error.json; also files that
                              stopped two workers (outcome "quarantined"), not processed again

The watcher is an adapter: it turns file-system events into calls of one processing function
(the same one ``x12flow ingest`` calls) and holds no business logic.
"""

from edi.watch.inbox import Inbox
from edi.watch.outcome import FileOutcome, Unavailable
from edi.watch.worker import Worker

__all__ = ["FileOutcome", "Inbox", "Unavailable", "Worker"]
