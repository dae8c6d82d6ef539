"""One crawl of a search: search pages → job keys → detail pages, resumable.

Every fetched page is landed before it is parsed. A block page (Cloudflare, its
"Just a moment..." interstitial, a captcha, 403/429) makes the crawler back off and try
once more, then stop, keeping everything fetched so far; a page no parser understands
stops the crawl with an error naming the landed file.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlencode, urljoin, urlsplit

from extract.postings.fetch import Browser, FetchedPage
from extract.postings.frontier import Crawl, Frontier, FrontierItem
from extract.postings.landing import LandedPage, LandingZone
from extract.postings.parse.blocks import detect_block
from extract.postings.parse.detail import parse_detail_page
from extract.postings.parse.errors import PageBlocked, UnparseablePage
from extract.postings.parse.search import parse_search_page

log = logging.getLogger(__name__)

GONE = (404, 410)  # a job page answering these has been taken down


@dataclass(frozen=True)
class CrawlSettings:
    site_url: str
    source: str = "indeed"
    query: str = "data engineer"
    location: str = ""
    max_pages: int = 3  # search pages per crawl
    max_postings: int | None = None  # detail pages per run
    fresh: bool = False  # abandon an unfinished crawl instead of resuming it
    backoff: float = 60.0  # seconds to wait after a block before the one retry
    block_retries: int = 1


@dataclass
class CrawlOutcome:
    crawl: Crawl
    fetched: list[LandedPage] = field(default_factory=list)
    blocked: PageBlocked | None = None
    error: UnparseablePage | None = None
    stopped_at_limit: bool = False
    finished: bool = False

    def count(self, kind: str) -> int:
        return sum(1 for page in self.fetched if page.kind == kind)


def first_search_path(query: str, location: str) -> str:
    return "/jobs?" + urlencode({"q": query, "l": location})


def crawl(
    settings: CrawlSettings,
    *,
    frontier: Frontier,
    landing: LandingZone,
    browser_factory: Callable[[], Browser],
    now: Callable[[], datetime] = lambda: datetime.now(tz=UTC),
) -> CrawlOutcome:
    """Fetch the crawl's pending pages until done, blocked, broken or at ``max_postings``."""
    current = frontier.open_crawl(
        source=settings.source,
        query=settings.query,
        location=settings.location,
        max_pages=settings.max_pages,
        now=now(),
        fresh=settings.fresh,
    )
    if not current.resumed:
        frontier.enqueue(
            current,
            kind="search",
            path=first_search_path(settings.query, settings.location),
            page_number=1,
        )
    outcome = CrawlOutcome(crawl=current)
    details_fetched = 0
    browser: Browser | None = None
    try:
        while (item := frontier.next_pending(current)) is not None:
            limit = settings.max_postings
            if item.kind == "detail" and limit is not None and details_fetched >= limit:
                outcome.stopped_at_limit = True
                break
            if browser is None:
                browser = browser_factory()
                browser.start()
            page, block = _fetch_unblocked(browser, settings, item)
            if block is not None:
                # Kept as evidence; reparse skips pages of kind "blocked".
                blocked_item = FrontierItem("blocked", item.path, None, None, "blocked", None)
                outcome.fetched.append(_land(landing, settings, current, blocked_item, page))
                outcome.blocked = block
                break
            landed = _land(landing, settings, current, item, page)
            outcome.fetched.append(landed)
            details_fetched += item.kind == "detail"
            if item.kind == "detail" and page.status in GONE:
                # Closed between the search page and now: nothing to parse, not an error.
                frontier.mark_failed(
                    current, item.path, landing_path=landed.path, error=f"HTTP {page.status}"
                )
                continue
            try:
                _follow(frontier, settings, current, item, landed, page)
            except UnparseablePage as error:
                frontier.mark_failed(current, item.path, landing_path=landed.path, error=str(error))
                outcome.error = error
                break
            frontier.mark_done(
                current, item.path, landing_path=landed.path, fetched_at=landed.fetched_at
            )
        else:
            frontier.finish(current, now())
            outcome.finished = True
    finally:
        if browser is not None:
            browser.close()
    return outcome


def _fetch_unblocked(
    browser: Browser, settings: CrawlSettings, item: FrontierItem
) -> tuple[FetchedPage, PageBlocked | None]:
    """The page, and the block it shows if it is still blocked after backing off."""
    url = urljoin(settings.site_url, item.path)
    attempt = 0
    while True:
        page = browser.fetch(url)
        text = page.body.decode("utf-8", errors="replace")
        block = detect_block(text, page.status)
        if block is None:
            return page, None
        attempt += 1
        log.warning("%s: blocked (%s: %s), attempt %d", url, block.kind, block.evidence, attempt)
        if attempt > settings.block_retries:
            return page, PageBlocked(url, block.kind, block.evidence)
        browser.sleep(settings.backoff)


def _land(
    landing: LandingZone,
    settings: CrawlSettings,
    current: Crawl,
    item: FrontierItem,
    page: FetchedPage,
) -> LandedPage:
    if item.kind == "detail":
        key = item.job_key or urlsplit(item.path).query
    elif item.kind == "blocked":
        key = f"blocked-{page.fetched_at:%H%M%S%f}"
    else:
        key = f"search-{settings.query}-{settings.location or 'anywhere'}-p{item.page_number:03d}"
    return landing.store(
        page.body,
        source=settings.source,
        kind=item.kind,
        key=key,
        url=page.final_url,
        status=page.status,
        fetched_at=page.fetched_at,
        crawl_id=current.crawl_id,
        crawl_started_at=current.started_at,
        query=settings.query,
        location=settings.location,
        site_url=_site(settings.site_url),
        body_source=page.body_source,
    )


def _site(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _follow(
    frontier: Frontier,
    settings: CrawlSettings,
    current: Crawl,
    item: FrontierItem,
    landed: LandedPage,
    page: FetchedPage,
) -> None:
    """Parse the page (so a broken layout stops the crawl) and queue what it links to."""
    text = page.body.decode("utf-8", errors="replace")
    if item.kind == "detail":
        parse_detail_page(text, where=landed.path, status=page.status)
        return
    results = parse_search_page(text, where=landed.path, status=page.status)
    for card in results.cards:
        frontier.enqueue(
            current, kind="detail", path=f"/viewjob?jk={card.job_key}", job_key=card.job_key
        )
    page_number = (item.page_number or 1) + 1
    if results.next_path and page_number <= current.max_pages:
        frontier.enqueue(current, kind="search", path=results.next_path, page_number=page_number)
