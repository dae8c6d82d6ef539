"""The landing zone: every fetched page, stored untouched before it is parsed.

Layout: ``<root>/postings/<source>/<YYYY-MM-DD>/<key>.html`` (``.json`` for API
responses), with a ``<key>.meta.json`` sidecar saying where and when it was fetched.
``root`` is a local directory or any fsspec URL (``s3://bucket/landing``). The page
file holds exactly the bytes the server sent; reparsing reads the sidecars so it knows
the URL, status and crawl of each page without fetching anything.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import datetime

import fsspec

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
META_SUFFIX = ".meta.json"


@dataclass(frozen=True)
class LandedPage:
    """A stored page and what is known about how it was fetched."""

    path: str
    source: str
    kind: str  # search, detail, greenhouse or blocked
    key: str
    url: str
    status: int | None
    fetched_at: datetime
    crawl_id: str | None
    crawl_started_at: datetime
    sha256: str
    query: str | None = None
    location: str | None = None
    site_url: str | None = None
    body_source: str = "network"  # "network": bytes as served; "dom": browser's serialisation

    def to_json(self) -> str:
        payload = asdict(self)
        payload["fetched_at"] = self.fetched_at.isoformat()
        payload["crawl_started_at"] = self.crawl_started_at.isoformat()
        return json.dumps(payload, indent=2, sort_keys=True)

    @classmethod
    def from_json(cls, text: str, path: str) -> LandedPage:
        payload = json.loads(text)
        payload["path"] = path
        payload["fetched_at"] = datetime.fromisoformat(payload["fetched_at"])
        payload["crawl_started_at"] = datetime.fromisoformat(payload["crawl_started_at"])
        return cls(**payload)


def safe_key(key: str, max_length: int = 150) -> str:
    """``key`` as a file name: unchanged when it already is one, else cleaned and suffixed
    with a digest of the original, so keys that clean alike (``a/b``, ``a b``) or share
    their first ``max_length`` characters never land on one file."""
    cleaned = _UNSAFE.sub("-", key).strip("-.")
    if not cleaned:
        raise ValueError(f"landing key {key!r} has no usable characters")
    if cleaned == key and len(key) <= max_length:
        return key
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
    return f"{cleaned[: max_length - len(digest) - 1]}-{digest}"


class LandingZone:
    def __init__(self, root: str) -> None:
        self.root = root.rstrip("/")
        self.fs, self._base = fsspec.core.url_to_fs(self.root)
        self._local = "file" in (
            self.fs.protocol if isinstance(self.fs.protocol, tuple) else (self.fs.protocol,)
        )

    def _display(self, fs_path: str) -> str:
        return fs_path if self._local else self.fs.unstrip_protocol(fs_path)

    def _fs_path(self, path: str) -> str:
        return path if self._local else self.fs._strip_protocol(path)

    def store(
        self,
        body: bytes,
        *,
        source: str,
        kind: str,
        key: str,
        url: str,
        status: int | None,
        fetched_at: datetime,
        crawl_id: str | None,
        crawl_started_at: datetime,
        query: str | None = None,
        location: str | None = None,
        site_url: str | None = None,
        body_source: str = "network",
        suffix: str = ".html",
    ) -> LandedPage:
        """Write ``body`` unchanged, then its sidecar; returns the landed page."""
        day = fetched_at.date().isoformat()
        directory = f"{self._base}/postings/{safe_key(source)}/{day}"
        fs_path = f"{directory}/{safe_key(key)}{suffix}"
        self.fs.makedirs(directory, exist_ok=True)
        self.fs.pipe_file(fs_path, body)
        page = LandedPage(
            path=self._display(fs_path),
            source=source,
            kind=kind,
            key=key,
            url=url,
            status=status,
            fetched_at=fetched_at,
            crawl_id=crawl_id,
            crawl_started_at=crawl_started_at,
            sha256=hashlib.sha256(body).hexdigest(),
            query=query,
            location=location,
            site_url=site_url,
            body_source=body_source,
        )
        meta_path = fs_path[: -len(suffix)] + META_SUFFIX
        self.fs.pipe_file(meta_path, page.to_json().encode("utf-8"))
        return page

    def read_bytes(self, path: str) -> bytes:
        return self.fs.cat_file(self._fs_path(path))

    def read_text(self, path: str) -> str:
        return self.read_bytes(path).decode("utf-8", errors="replace")

    def page_at(self, path: str) -> LandedPage:
        """The landed page stored at ``path`` (as returned by :meth:`store`)."""
        fs_path = self._fs_path(path)
        stem = fs_path.rsplit(".", 1)[0]
        meta_text = self.fs.cat_file(stem + META_SUFFIX).decode("utf-8")
        return LandedPage.from_json(meta_text, path)

    def pages(self, source: str | None = None) -> Iterator[LandedPage]:
        """Every landed page with a sidecar, oldest day first."""
        pattern = f"{self._base}/postings/{safe_key(source) if source else '*'}/*/*{META_SUFFIX}"
        for meta_path in sorted(self.fs.glob(pattern)):
            meta_text = self.fs.cat_file(meta_path).decode("utf-8")
            stem = meta_path[: -len(META_SUFFIX)]
            for suffix in (".html", ".json"):
                if self.fs.exists(stem + suffix):
                    yield LandedPage.from_json(meta_text, self._display(stem + suffix))
                    break
