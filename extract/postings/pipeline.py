"""What ``warehouse extract postings``, ``postings reparse`` and ``postings parse`` do.

Offline (the default) starts the fixture board on 127.0.0.1 and labels what it loads
``indeed_fixture``/``greenhouse_fixture``, so demo data never passes for real postings;
``--live`` scrapes the real site as ``indeed`` and reads the configured Greenhouse
boards as ``greenhouse``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from extract.destinations import pipelines_dir
from extract.postings.board.server import DEFAULT_GREENHOUSE_BOARDS, FixtureBoard
from extract.postings.crawl import CrawlSettings, crawl
from extract.postings.fetch import Browser, BrowserSettings
from extract.postings.frontier import Frontier
from extract.postings.greenhouse import LIVE_API, GreenhouseError, greenhouse_jobs
from extract.postings.landing import LandingZone
from extract.postings.load import load_postings
from extract.postings.parse.errors import PageBlocked
from extract.postings.rows import rows_from_pages
from extract.postings.saved import EXIT_BLOCKED, EXIT_UNPARSEABLE
from warehouse.settings import Target

LIVE_SITE = "https://www.indeed.com"
BOARDS_ENV = "WAREHOUSE_GREENHOUSE_BOARDS"

EXIT_OK = 0
EXIT_FAILED = 1


@dataclass(frozen=True)
class ExtractOptions:
    target: Target
    landing: str = "data/landing"
    live: bool = False
    site: str | None = None  # scrape this board instead of starting the fixture one
    greenhouse_api: str | None = None
    sources: tuple[str, ...] = ("indeed", "greenhouse")
    query: str = "data engineer"
    location: str = ""
    max_pages: int = 3
    max_postings: int | None = None
    boards: tuple[str, ...] = ()
    delay: float | None = None
    backoff: float | None = None
    wait_timeout: float = 10.0
    fresh: bool = False
    state_dir: Path | None = None
    seed: int = 42


@dataclass
class Report:
    lines: list[str] = field(default_factory=list)
    exit_code: int = EXIT_OK

    def fail(self, code: int, message: str) -> None:
        self.lines.append(message)
        if self.exit_code == EXIT_OK:
            self.exit_code = code


def extract_postings(options: ExtractOptions) -> Report:
    report = Report()
    landing = LandingZone(options.landing)
    board: FixtureBoard | None = None
    site, api = options.site, options.greenhouse_api
    if not options.live and site is None:
        board = FixtureBoard(seed=options.seed).start()
        site, api = board.url, api or board.greenhouse_api
        report.lines.append(f"fixture board: {board.url} (offline; --live scrapes {LIVE_SITE})")
    elif options.live:
        site, api = site or LIVE_SITE, api or LIVE_API
    elif api is None:
        api = f"{site.rstrip('/')}/boards-api/v1/"  # a fixture board started elsewhere
    suffix = "" if options.live else "_fixture"
    try:
        if "indeed" in options.sources:
            _scrape(options, site or LIVE_SITE, f"indeed{suffix}", landing, report)
        if "greenhouse" in options.sources and report.exit_code in (EXIT_OK, EXIT_BLOCKED):
            boards = options.boards or _configured_boards(options.live)
            if not boards:
                report.lines.append(
                    f"greenhouse: no boards configured (--board TOKEN or {BOARDS_ENV}); skipped"
                )
            else:
                _greenhouse(
                    options, api or LIVE_API, f"greenhouse{suffix}", boards, landing, report
                )
    finally:
        if board is not None:
            board.stop()
    return report


def _configured_boards(live: bool) -> tuple[str, ...]:
    configured = os.environ.get(BOARDS_ENV, "")
    boards = tuple(token.strip() for token in configured.split(",") if token.strip())
    if boards or live:
        return boards
    return tuple(DEFAULT_GREENHOUSE_BOARDS)


def _scrape(
    options: ExtractOptions, site: str, source: str, landing: LandingZone, report: Report
) -> None:
    live = options.live
    delay = options.delay if options.delay is not None else (2.0 if live else 0.2)
    browser_settings = BrowserSettings(
        delay=delay,
        jitter=delay / 2,
        wait_timeout=options.wait_timeout,
        challenge_wait=8.0 if live else 0.0,
    )
    settings = CrawlSettings(
        site_url=site,
        source=source,
        query=options.query,
        location=options.location,
        max_pages=options.max_pages,
        max_postings=options.max_postings,
        fresh=options.fresh,
        backoff=options.backoff if options.backoff is not None else (60.0 if live else 0.5),
    )
    # Not pipelines_dir()/postings: that is the dlt pipeline's folder, which dlt may wipe.
    state_dir = options.state_dir or pipelines_dir() / "postings_frontier"
    with Frontier(state_dir / f"frontier-{'live' if live else 'offline'}.sqlite") as frontier:
        outcome = crawl(
            settings,
            frontier=frontier,
            landing=landing,
            browser_factory=lambda: Browser(browser_settings),
        )
        done = [item.landing_path for item in frontier.items(outcome.crawl, "done")]
    verb = "resumed" if outcome.crawl.resumed else "started"
    report.lines.append(
        f"{source}: {verb} crawl {outcome.crawl.crawl_id}; fetched {outcome.count('search')} "
        f"search and {outcome.count('detail')} job pages this run into {landing.root}"
    )
    pages = [landing.page_at(path) for path in done if path]
    rows = rows_from_pages(pages, landing)
    for error in rows.errors:
        report.fail(EXIT_UNPARSEABLE, f"error: {error}")
    if rows.rows:
        report.lines.append(f"{source}: {load_postings(rows.rows, options.target).format()}")
    if outcome.stopped_at_limit:
        report.lines.append(
            f"{source}: stopped at --max-postings {options.max_postings}; "
            "the next run resumes this crawl"
        )
    elif outcome.finished:
        report.lines.append(f"{source}: crawl finished")
    if outcome.blocked is not None:
        report.fail(
            EXIT_BLOCKED,
            f"error: the site blocked us at {outcome.blocked.where} "
            f"({outcome.blocked.kind}: {outcome.blocked.evidence}); stopped after backing off. "
            f"Kept {len(done)} fetched pages; the next run resumes the crawl.",
        )
    if outcome.error is not None:
        report.fail(EXIT_UNPARSEABLE, f"error: {outcome.error}")


def _greenhouse(
    options: ExtractOptions,
    api: str,
    source: str,
    boards: tuple[str, ...],
    landing: LandingZone,
    report: Report,
) -> None:
    resource = greenhouse_jobs(boards, api_base=api, landing=landing, source=source)
    try:
        result = load_postings(resource, options.target)
    except Exception as error:  # noqa: BLE001 - dlt wraps the resource's error; unwrap it
        cause = _root_cause(error)
        if not isinstance(cause, GreenhouseError):
            raise
        report.fail(EXIT_FAILED, f"error: {cause}")
        return
    report.lines.append(f"{source}: boards {', '.join(boards)}: {result.format()}")


def _root_cause(error: BaseException) -> BaseException:
    """The GreenhouseError inside dlt's wrapping exceptions, else ``error`` itself."""
    current: BaseException | None = error
    while current is not None:
        if isinstance(current, GreenhouseError):
            return current
        current = current.__cause__ or current.__context__
    return error


def reparse(landing_root: str, target: Target, source: str | None = None) -> Report:
    """Parse every page in the landing zone again and merge the postings."""
    report = Report()
    landing = LandingZone(landing_root)
    pages = list(landing.pages(source))
    if not pages:
        report.fail(EXIT_FAILED, f"error: no landed pages under {landing.root}/postings")
        return report
    result = rows_from_pages(pages, landing)
    report.lines.append(f"parsed {result.pages} pages from {landing.root}")
    for error in result.errors:
        report.fail(
            EXIT_BLOCKED if isinstance(error, PageBlocked) else EXIT_UNPARSEABLE,
            f"error: {error}",
        )
    if result.rows:
        report.lines.append(load_postings(result.rows, target).format())
    return report
