"""The fixture board as an HTTP server on 127.0.0.1 (stdlib, one thread per request).

Routes: ``/jobs?q=&l=&start=`` (search), ``/viewjob?jk=`` (detail),
``/boards-api/v1/boards/{board}/jobs`` and ``/v1/boards/{board}/jobs`` (Greenhouse),
``/lever-api/v0/postings/{company}?mode=json`` and ``/v0/postings/{company}`` (Lever).
Fault switches for tests: ``block_after=N`` answers every page after the N-th with a
``block_kind`` page (cloudflare, interstitial, captcha, ratelimit); a ``fault=<kind>``
query parameter (or ``fault=broken``) answers that one request with it. Every request is
logged with the SHA-256 of the bytes served, so tests can prove what was fetched.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import parse_qs, urlsplit

from extract.postings.offline.data import Posting, board_postings
from extract.postings.offline.pages import (
    PAGE_SIZE,
    greenhouse_jobs_payload,
    lever_postings_payload,
    render_block_page,
    render_broken_search_page,
    render_detail_page,
    render_search_page,
)
from warehouse.core.loopback import LoopbackServer, QuietHandler

DEFAULT_GREENHOUSE_BOARDS = {
    "northwindanalytics": "Northwind Analytics",
    "cascadepayments": "Cascade Payments",
}
DEFAULT_LEVER_SITES = {
    "quarrylabs": "Quarry Labs",
    "lumenmobility": "Lumen Mobility",
}
_GREENHOUSE_PATH = re.compile(r"^/(?:boards-api/)?v1/boards/([^/]+)/jobs/?$")
_LEVER_PATH = re.compile(r"^/(?:lever-api/)?v0/postings/([^/]+)/?$")


@dataclass(frozen=True)
class ServedRequest:
    path: str  # path and query string, as requested
    status: int
    kind: str  # search, detail, greenhouse, block, other
    sha256: str
    at: float


@dataclass
class FixtureBoard:
    """Start with ``with FixtureBoard() as board:``; ``board.url`` is its base URL."""

    seed: int = 42
    count: int = 150
    epoch: int = 0
    block_after: int | None = None
    block_kind: str = "cloudflare"
    greenhouse_boards: dict[str, str] = field(
        default_factory=lambda: dict(DEFAULT_GREENHOUSE_BOARDS)
    )
    lever_sites: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_LEVER_SITES))
    requests: list[ServedRequest] = field(default_factory=list)
    _server: LoopbackServer | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _pages_served: int = 0

    # --- lifecycle -----------------------------------------------------------------------

    def start(self) -> FixtureBoard:
        board = self

        class Handler(QuietHandler):
            server_version = "FixtureBoard/1.0"

            def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
                status, content_type, body, kind = board.respond(self.path)
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.wfile.write(body)

        self._server = LoopbackServer(Handler, name="fixture-board").start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
            self._server = None

    def __enter__(self) -> FixtureBoard:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("the fixture board is not running; call start() first")
        return self._server.url

    @property
    def greenhouse_api(self) -> str:
        return f"{self.url}/boards-api/v1/"

    @property
    def lever_api(self) -> str:
        return f"{self.url}/lever-api/"

    # --- content -------------------------------------------------------------------------

    def postings(self) -> list[Posting]:
        return _postings(self.seed, self.count, self.epoch)

    def greenhouse_postings(self, board: str) -> list[Posting]:
        company = self.greenhouse_boards[board]
        board_seed = self.seed * 1000 + sum(board.encode())
        return _greenhouse_postings(board_seed, company, self.epoch)

    def lever_postings(self, site: str) -> list[Posting]:
        company = self.lever_sites[site]
        site_seed = self.seed * 2000 + sum(site.encode())
        return _lever_postings(site_seed, company, self.epoch)

    def search(self, query: str, location: str) -> list[Posting]:
        words = query.lower().split()
        place = location.lower().strip()
        matches = []
        for posting in self.postings():
            haystack = f"{posting.title} {posting.role} {posting.description_html}".lower()
            if not all(word in haystack for word in words):
                continue
            if place and not (
                place in posting.location.lower()
                or (place == "remote" and posting.work_mode == "remote")
                or place in f"{posting.city}, {posting.region}".lower()
            ):
                continue
            matches.append(posting)
        return matches

    def respond(self, raw_path: str) -> tuple[int, str, bytes, str]:
        """(status, content type, body, kind) for a request path; logs the request."""
        split = urlsplit(raw_path)
        params = {key: values[-1] for key, values in parse_qs(split.query).items()}
        kind = "other"
        if split.path == "/jobs":
            kind = "search"
        elif split.path == "/viewjob":
            kind = "detail"
        elif _GREENHOUSE_PATH.match(split.path):
            kind = "greenhouse"
        elif _LEVER_PATH.match(split.path):
            kind = "lever"

        status, content_type, text = 404, "text/html; charset=utf-8", "<h1>Not found</h1>"
        blocked_kind = params.get("fault") if params.get("fault") != "broken" else None
        with self._lock:
            over_limit = self.block_after is not None and self._pages_served >= self.block_after
            if kind in ("search", "detail") and over_limit:
                blocked_kind = blocked_kind or self.block_kind
            if kind in ("search", "detail") and blocked_kind is None:
                self._pages_served += 1
        if blocked_kind and kind in ("search", "detail"):
            status, text = render_block_page(blocked_kind)
            kind = "block"
        elif kind == "search":
            status, text = 200, self._search_page(params)
        elif kind == "detail":
            status, text = self._detail_page(params.get("jk", ""))
        elif kind == "greenhouse":
            board = _GREENHOUSE_PATH.match(split.path).group(1)  # type: ignore[union-attr]
            content_type = "application/json; charset=utf-8"
            status, text = self._greenhouse(board, params)
        elif kind == "lever":
            site = _LEVER_PATH.match(split.path).group(1)  # type: ignore[union-attr]
            content_type = "application/json; charset=utf-8"
            status, text = self._lever(site, params)
        body = text.encode("utf-8")
        with self._lock:
            self.requests.append(
                ServedRequest(raw_path, status, kind, hashlib.sha256(body).hexdigest(), time.time())
            )
        return status, content_type, body, kind

    def _search_page(self, params: dict[str, str]) -> str:
        query, location = params.get("q", ""), params.get("l", "")
        if params.get("fault") == "broken":
            return render_broken_search_page(query)
        start = max(int(params.get("start", "0") or 0), 0)
        matches = self.search(query, location)
        page = matches[start : start + PAGE_SIZE]
        layout = params.get("layout", "2024")
        extra = {key: params[key] for key in ("layout",) if key in params}
        # Every third page lacks the embedded JSON, so the DOM fallback runs in every crawl.
        with_json = (start // PAGE_SIZE) % 3 != 2
        return render_search_page(
            page,
            query=query,
            location=location,
            start=start,
            total=len(matches),
            seed=self.seed + self.epoch,
            with_json=with_json,
            layout=layout,
            extra_params=extra,
        )

    def _detail_page(self, job_key: str) -> tuple[int, str]:
        for posting in self.postings():
            if posting.job_key == job_key:
                return 200, render_detail_page(posting, seed=self.seed + self.epoch)
        return 404, (
            "<!DOCTYPE html><html><head><title>Page Not Found | Indeed</title></head><body>"
            "<h1>This job has expired on Indeed</h1></body></html>"
        )

    def _greenhouse(self, board: str, params: dict[str, str]) -> tuple[int, str]:
        if board not in self.greenhouse_boards:
            return 404, json.dumps({"status": 404, "error": "Job board not found"})
        postings = self.greenhouse_postings(board)
        payload = greenhouse_jobs_payload(
            board, self.greenhouse_boards[board], postings, base_url=f"{self.url}/gh"
        )
        if params.get("content") != "true":
            for job in payload["jobs"]:  # type: ignore[union-attr]
                for key in ("content", "departments", "offices"):
                    job.pop(key, None)
        return 200, json.dumps(payload, ensure_ascii=False)

    def _lever(self, site: str, params: dict[str, str]) -> tuple[int, str]:
        if site not in self.lever_sites:
            return 404, json.dumps({"ok": False, "error": "Document not found"})
        if params.get("mode", "json") != "json":
            return 400, json.dumps({"ok": False, "error": "the fixture board serves mode=json"})
        payload = lever_postings_payload(
            site, self.lever_postings(site), base_url=f"{self.url}/lever-jobs"
        )
        skip = max(int(params.get("skip", "0") or 0), 0)
        limit = int(params["limit"]) if params.get("limit") else None
        payload = payload[skip : skip + limit if limit is not None else None]
        return 200, json.dumps(payload, ensure_ascii=False)

    # --- inspection ----------------------------------------------------------------------

    def requested(self, kind: str | None = None) -> list[ServedRequest]:
        with self._lock:
            return [r for r in self.requests if kind is None or r.kind == kind]


@lru_cache(maxsize=16)
def _postings(seed: int, count: int, epoch: int) -> list[Posting]:
    return board_postings(seed, count, epoch)


@lru_cache(maxsize=16)
def _greenhouse_postings(seed: int, company: str, epoch: int) -> list[Posting]:
    return board_postings(seed, 12, epoch, company=company)


@lru_cache(maxsize=16)
def _lever_postings(seed: int, company: str, epoch: int) -> list[Posting]:
    return board_postings(seed, 10, epoch, company=company)


@contextmanager
def running_board(**options: object) -> Iterator[FixtureBoard]:
    board = FixtureBoard(**options)  # type: ignore[arg-type]
    with board:
        yield board
