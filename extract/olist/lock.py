"""One Olist load at a time per dlt pipeline and per destination.

Two loads into one raw schema interleave their writes (the data-safety issue saw eight
tables doubled), and two processes sharing one dlt pipeline directory delete each other's
load packages. So a load holds two locks for its whole run, always in this order:

- the pipeline's: an exclusive ``flock`` on ``<dlt dir>/<pipeline>.lock``;
- the destination's: on DuckDB an exclusive ``flock`` on ``<database file>.raw_olist.lock``
  (two dlt dirs, one database), on Postgres a session advisory lock keyed by the dataset
  (two machines, one server), in a local lake a ``flock`` on ``<lake>/raw_olist.lock``.
  Object storage has no lock: there only the pipeline's holds.

The kernel, or the Postgres server, drops both when the process ends, even by SIGKILL, so
a crashed run never leaves a stale lock behind. A second run waits up to ``wait_s``
seconds, then stops with ``LoadBusy`` naming the run that holds the lock.
"""

from __future__ import annotations

import fcntl
import os
import time
import zlib
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime
from pathlib import Path

import psycopg2

from warehouse.core.destinations import POSTGRES, RawDestination, pipelines_dir
from warehouse.core.settings import PostgresSettings

POLL_S = 0.2


class LoadBusy(RuntimeError):
    """Another load holds a lock this one needs."""


def holder_note() -> str:
    return f"pid {os.getpid()} on {os.uname().nodename}, since {datetime.now(UTC):%H:%M:%S} UTC"


@contextmanager
def one_writer(
    destination: RawDestination, pipeline_name: str, dataset: str, *, wait_s: float
) -> Iterator[None]:
    """Hold the pipeline's lock, then the destination's, for the ``with`` block."""
    deadline = time.monotonic() + max(wait_s, 0)
    with ExitStack() as stack:
        pipeline_lock = pipelines_dir() / f"{pipeline_name}.lock"
        stack.enter_context(file_lock(pipeline_lock, f"dlt pipeline {pipeline_name}", deadline))
        if destination.name == POSTGRES:
            stack.enter_context(advisory_lock(dataset, destination.description, deadline))
        elif destination.location is not None and _is_local(destination.location):
            stack.enter_context(
                file_lock(_lock_path(destination, dataset), destination.description, deadline)
            )
        yield


def _is_local(location: str) -> bool:
    return "://" not in location or location.startswith("file://")


def _lock_path(destination: RawDestination, dataset: str) -> Path:
    location = Path(destination.location.removeprefix("file://"))
    if location.suffix:  # the DuckDB file itself
        return location.with_name(f"{location.name}.{dataset}.lock")
    return location / f"{dataset}.lock"


@contextmanager
def file_lock(path: Path, what: str, deadline: float) -> Iterator[None]:
    """An exclusive ``flock`` on ``path``; the file keeps a note of who holds it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a+") as handle:
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    handle.seek(0)
                    holder = handle.read().strip() or "another process"
                    raise LoadBusy(_busy(what, holder, path)) from None
                time.sleep(POLL_S)
        handle.seek(0)
        handle.truncate()
        handle.write(holder_note() + "\n")
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def advisory_lock(dataset: str, what: str, deadline: float) -> Iterator[None]:
    """A Postgres session advisory lock on ``dataset``, held while the connection is open."""
    key = zlib.crc32(f"warehouse raw load {dataset}".encode())
    note = f"warehouse load of {dataset}: {holder_note()}"[:63]
    conn = psycopg2.connect(PostgresSettings.from_env().dsn(), application_name=note)
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            while True:
                cur.execute("select pg_try_advisory_lock(%s)", (key,))
                if cur.fetchone()[0]:
                    break
                if time.monotonic() >= deadline:
                    cur.execute(
                        "select a.application_name from pg_locks l join pg_stat_activity a "
                        "using (pid) where l.locktype = 'advisory' and l.objid = %s "
                        "and l.granted",
                        (key,),
                    )
                    row = cur.fetchone()
                    holder = row[0] if row else "another session"
                    raise LoadBusy(_busy(what, holder, f"advisory lock {key}"))
                time.sleep(POLL_S)
        yield
    finally:
        conn.close()


def _busy(what: str, holder: str, lock: object) -> str:
    return (
        f"another load is writing to {what} ({holder}; lock: {lock}). Nothing was loaded. "
        "Run again when it has finished, or pass --wait SECONDS to queue behind it"
    )
