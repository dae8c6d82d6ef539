"""The crawl frontier: which pages a crawl still has to fetch, kept in a SQLite file.

A crawl is one pass over (source, query, location). Search pages add the detail pages
of their jobs and the next search page; fetching consumes the queue in order. The file
survives crashes and ``--max-postings`` stops, so the next run resumes the unfinished
crawl without fetching done pages again; a finished crawl makes the next run start a
fresh one, which refetches everything and updates the postings it sees again.
"""

from __future__ import annotations

import secrets
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

_SCHEMA = """
create table if not exists crawls (
    crawl_id text primary key,
    source text not null,
    query text not null,
    location text not null,
    max_pages integer not null,
    started_at text not null,
    finished_at text
);
create table if not exists items (
    crawl_id text not null references crawls (crawl_id),
    seq integer not null,
    kind text not null,
    path text not null,
    job_key text,
    page_number integer,
    status text not null default 'pending',
    landing_path text,
    fetched_at text,
    error text,
    primary key (crawl_id, path)
);
create index if not exists items_pending on items (crawl_id, status, seq);
"""


@dataclass(frozen=True)
class Crawl:
    crawl_id: str
    source: str
    query: str
    location: str
    max_pages: int
    started_at: datetime
    resumed: bool


@dataclass(frozen=True)
class FrontierItem:
    kind: str  # search or detail
    path: str  # path and query on the site, e.g. /viewjob?jk=...
    job_key: str | None
    page_number: int | None
    status: str
    landing_path: str | None


class Frontier:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._db = sqlite3.connect(path)
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Frontier:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def open_crawl(
        self,
        *,
        source: str,
        query: str,
        location: str,
        max_pages: int,
        now: datetime,
        fresh: bool = False,
    ) -> Crawl:
        """The unfinished crawl for these terms, or a new one."""
        row = self._db.execute(
            "select crawl_id, max_pages, started_at from crawls where source = ? and query = ?"
            " and location = ? and finished_at is null order by started_at desc limit 1",
            (source, query, location),
        ).fetchone()
        if row is not None and not fresh:
            crawl_id, old_max_pages, started_at = row
            if max_pages != old_max_pages:
                with self._db:
                    self._db.execute(
                        "update crawls set max_pages = ? where crawl_id = ?", (max_pages, crawl_id)
                    )
            return Crawl(
                crawl_id,
                source,
                query,
                location,
                max_pages,
                datetime.fromisoformat(started_at),
                resumed=True,
            )
        with self._db:
            if row is not None:  # --fresh: abandon the unfinished crawl
                self._db.execute(
                    "update crawls set finished_at = ? where crawl_id = ?",
                    (now.isoformat(), row[0]),
                )
            crawl_id = f"{source}-{now:%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}"
            self._db.execute(
                "insert into crawls values (?, ?, ?, ?, ?, ?, null)",
                (crawl_id, source, query, location, max_pages, now.isoformat()),
            )
        return Crawl(crawl_id, source, query, location, max_pages, now, resumed=False)

    def enqueue(
        self,
        crawl: Crawl,
        *,
        kind: str,
        path: str,
        job_key: str | None = None,
        page_number: int | None = None,
    ) -> bool:
        """Add a page unless this crawl already has it; True if it was added."""
        with self._db:
            (seq,) = self._db.execute(
                "select coalesce(max(seq), 0) + 1 from items where crawl_id = ?", (crawl.crawl_id,)
            ).fetchone()
            cursor = self._db.execute(
                "insert or ignore into items (crawl_id, seq, kind, path, job_key, page_number)"
                " values (?, ?, ?, ?, ?, ?)",
                (crawl.crawl_id, seq, kind, path, job_key, page_number),
            )
        return cursor.rowcount == 1

    def next_pending(self, crawl: Crawl) -> FrontierItem | None:
        row = self._db.execute(
            "select kind, path, job_key, page_number, status, landing_path from items"
            " where crawl_id = ? and status = 'pending' order by seq limit 1",
            (crawl.crawl_id,),
        ).fetchone()
        return FrontierItem(*row) if row else None

    def mark_done(
        self, crawl: Crawl, path: str, *, landing_path: str, fetched_at: datetime
    ) -> None:
        with self._db:
            self._db.execute(
                "update items set status = 'done', landing_path = ?, fetched_at = ?"
                " where crawl_id = ? and path = ?",
                (landing_path, fetched_at.isoformat(), crawl.crawl_id, path),
            )

    def mark_failed(self, crawl: Crawl, path: str, *, landing_path: str, error: str) -> None:
        with self._db:
            self._db.execute(
                "update items set status = 'failed', landing_path = ?, error = ?"
                " where crawl_id = ? and path = ?",
                (landing_path, error, crawl.crawl_id, path),
            )

    def finish(self, crawl: Crawl, now: datetime) -> None:
        with self._db:
            self._db.execute(
                "update crawls set finished_at = ? where crawl_id = ?",
                (now.isoformat(), crawl.crawl_id),
            )

    def items(self, crawl: Crawl, status: str | None = None) -> list[FrontierItem]:
        rows = self._db.execute(
            "select kind, path, job_key, page_number, status, landing_path from items"
            " where crawl_id = ? and (? is null or status = ?) order by seq",
            (crawl.crawl_id, status, status),
        ).fetchall()
        return [FrontierItem(*row) for row in rows]

    def counts(self, crawl: Crawl) -> dict[tuple[str, str], int]:
        rows = self._db.execute(
            "select kind, status, count(*) from items where crawl_id = ? group by 1, 2",
            (crawl.crawl_id,),
        ).fetchall()
        return {(kind, status): count for kind, status, count in rows}
