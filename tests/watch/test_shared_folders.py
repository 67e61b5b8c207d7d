"""Several workers share processed/, rejected/ and the inbox: a file settled there never
replaces another of the same name, and a rejected file's .error.json is its own. Worker ids
stay apart even in containers that share a host name and a process id."""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

from edi.watch import Inbox
from edi.watch import inbox as inbox_module
from edi.watch.inbox import worker_id

DAY = dt.date(2026, 3, 1)


def claimed(inbox: Inbox, name: str, content: str) -> Path:
    inbox.prepare()
    dropped = inbox.root / name
    dropped.write_text(content)
    path = inbox.claim(dropped)
    assert path is not None
    return path


def contents(folder: Path) -> dict[str, str]:
    return {
        p.name: p.read_text()
        for p in folder.iterdir()
        if p.is_file() and not p.name.startswith(".")
    }


@pytest.fixture(params=["link", "no-link"])
def links(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run with hard links, and on a file system that refuses them."""
    if request.param == "no-link":

        def refused(*args: object, **kwargs: object) -> None:
            raise OSError(errno.EPERM, "Operation not permitted")

        monkeypatch.setattr(os, "link", refused)
    return str(request.param)


def test_two_workers_archiving_files_of_one_name_keep_both(tmp_path: Path, links: str) -> None:
    first, second = Inbox(tmp_path, "a"), Inbox(tmp_path, "b")
    one, two = claimed(first, "ERA.835", "first"), claimed(second, "ERA.835", "second")
    assert first.archive(one, DAY).name == "ERA.835"
    assert second.archive(two, DAY).name == "ERA.1.835"
    folder = tmp_path / "processed" / DAY.isoformat()
    assert contents(folder) == {"ERA.835": "first", "ERA.1.835": "second"}


@pytest.mark.parametrize("settle", ["archive", "reject", "unclaim"])
def test_a_name_taken_after_it_was_found_free_is_not_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, links: str, settle: str
) -> None:
    """The other worker's file arrives at the name between this worker's look and its move
    (whatever call makes the move: a rename, a link, or a placeholder made with O_EXCL)."""
    inbox = Inbox(tmp_path, "a")
    path = claimed(inbox, "ERA.835", "mine")
    folder = {
        "archive": tmp_path / "processed" / DAY.isoformat(),
        "reject": tmp_path / "rejected",
        "unclaim": tmp_path,
    }[settle]
    taken = folder / "ERA.835"
    raced: list[bool] = []

    def arrive(target: object) -> None:
        if Path(os.fsdecode(str(target))) == taken and not raced:
            raced.append(True)
            taken.write_text("theirs")

    real_replace, real_link, real_open = os.replace, os.link, os.open

    def replace(src: Any, dst: Any) -> None:
        arrive(dst)
        real_replace(src, dst)

    def link(src: Any, dst: Any, **kwargs: Any) -> None:
        arrive(dst)
        real_link(src, dst, **kwargs)

    def open_(file: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        arrive(file)
        return real_open(file, flags, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)
    if links == "link":
        monkeypatch.setattr(os, "link", link)
    monkeypatch.setattr(os, "open", open_)
    if settle == "archive":
        target = inbox.archive(path, DAY)
    elif settle == "reject":
        target = inbox.reject(path, {"message": "mine is wrong"})
    else:
        target = inbox.unclaim(path)
    assert raced
    assert target.name == "ERA.1.835"
    expected = {"ERA.835": "theirs", "ERA.1.835": "mine"}
    if settle == "reject":
        report = json.dumps({"message": "mine is wrong"}, indent=2) + "\n"
        expected["ERA.1.835.error.json"] = report
    assert contents(folder) == expected


def test_two_workers_rejecting_files_of_one_name_keep_both_with_their_reports(
    tmp_path: Path, links: str
) -> None:
    first, second = Inbox(tmp_path, "a"), Inbox(tmp_path, "b")
    one, two = claimed(first, "ERA.835", "first"), claimed(second, "ERA.835", "second")
    assert first.reject(one, {"message": "first is wrong"}).name == "ERA.835"
    assert second.reject(two, {"message": "second is wrong"}).name == "ERA.1.835"
    folder = tmp_path / "rejected"
    assert sorted(contents(folder)) == [
        "ERA.1.835",
        "ERA.1.835.error.json",
        "ERA.835",
        "ERA.835.error.json",
    ]
    for name, content in (("ERA.835", "first"), ("ERA.1.835", "second")):
        assert (folder / name).read_text() == content
        report = json.loads((folder / f"{name}.error.json").read_text())
        assert report == {"message": f"{content} is wrong"}
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]  # no temporary left


def test_a_data_name_taken_without_a_report_is_skipped_with_its_report(
    tmp_path: Path, links: str
) -> None:
    """Someone else's file sits in rejected/ under the name, without a report: neither is
    touched, and this file and its report both take the next name."""
    inbox = Inbox(tmp_path, "a")
    path = claimed(inbox, "ERA.835", "mine")
    (tmp_path / "rejected" / "ERA.835").write_text("theirs")
    target = inbox.reject(path, {"message": "mine is wrong"})
    assert target.name == "ERA.1.835"
    assert contents(tmp_path / "rejected") == {
        "ERA.835": "theirs",
        "ERA.1.835": "mine",
        "ERA.1.835.error.json": json.dumps({"message": "mine is wrong"}, indent=2) + "\n",
    }


def test_a_file_given_back_never_replaces_a_new_drop_of_its_name(tmp_path: Path) -> None:
    inbox = Inbox(tmp_path, "a")
    path = claimed(inbox, "ERA.835", "deferred")
    (tmp_path / "ERA.835").write_text("new drop")
    assert inbox.unclaim(path).name == "ERA.1.835"
    assert contents(tmp_path)["ERA.835"] == "new drop"
    assert contents(tmp_path)["ERA.1.835"] == "deferred"


def test_default_worker_ids_differ_even_with_one_host_and_process_id() -> None:
    ids = {worker_id() for _ in range(20)}
    assert len(ids) == 20
    assert all(re.fullmatch(rf".+-{os.getpid()}-[0-9a-f]{{6}}", i) for i in ids)
    assert Inbox(Path("inbox")).worker != Inbox(Path("inbox")).worker


def test_a_worker_name_given_is_kept(tmp_path: Path) -> None:
    inbox = Inbox(tmp_path, "payer-gateway")
    assert inbox.worker == "payer-gateway"
    assert inbox.work.name == "payer-gateway"
    assert inbox_module.WORK in inbox.work.parts
