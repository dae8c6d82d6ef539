"""What ``warehouse extract postings``, ``postings reparse`` and ``postings parse`` do.

Offline (the default) starts the fixture board on 127.0.0.1 and labels what it loads
``indeed_fixture``/``greenhouse_fixture``/``lever_fixture``, so demo data never passes
for real postings; ``--live`` scrapes the real site as ``indeed`` and reads the
configured Greenhouse boards as ``greenhouse`` and Lever sites as ``lever``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from extract.exit_codes import ExitCode
from extract.postings import SOURCE
from extract.postings.board_api import board_postings
from extract.postings.crawl import CrawlSettings, crawl
from extract.postings.fetch import Browser, BrowserError, BrowserSettings
from extract.postings.frontier import Frontier
from extract.postings.greenhouse import API as GREENHOUSE
from extract.postings.greenhouse import LIVE_API, GreenhouseError
from extract.postings.landing import LandingZone
from extract.postings.lever import API as LEVER
from extract.postings.lever import LIVE_API as LEVER_LIVE_API
from extract.postings.lever import LeverError
from extract.postings.load import load_postings
from extract.postings.offline.server import (
    DEFAULT_GREENHOUSE_BOARDS,
    DEFAULT_LEVER_SITES,
    FixtureBoard,
)
from extract.postings.parse.errors import PageBlocked
from extract.postings.rows import rows_from_pages
from extract.report import ERROR_LINE_PREFIX, LoadReport
from warehouse.core.destinations import pipelines_dir
from warehouse.core.settings import Target

LIVE_SITE = "https://www.indeed.com"
BOARDS_ENV = "WAREHOUSE_GREENHOUSE_BOARDS"
LEVER_SITES_ENV = "WAREHOUSE_LEVER_SITES"
SOURCES = ("indeed", "greenhouse", "lever")


@dataclass(frozen=True)
class ExtractOptions:
    target: Target
    landing: str = "data/landing"
    live: bool = False
    site: str | None = None  # scrape this board instead of starting the fixture one
    greenhouse_api: str | None = None
    lever_api: str | None = None
    sources: tuple[str, ...] = SOURCES
    query: str = "data engineer"
    location: str = ""
    max_pages: int = 3
    max_postings: int | None = None
    boards: tuple[str, ...] = ()
    lever_sites: tuple[str, ...] = ()
    delay: float | None = None
    backoff: float | None = None
    wait_timeout: float = 10.0
    fresh: bool = False
    state_dir: Path | None = None
    seed: int = 42


def fail(report: LoadReport, code: ExitCode, message: str) -> None:
    """An error, printed as ``error: ...`` (to stderr) and recorded with the run."""
    report.say(f"{ERROR_LINE_PREFIX} {message}")
    report.fail(code, message)


def extract_postings(options: ExtractOptions) -> LoadReport:
    report = LoadReport.for_target(SOURCE, options.target)
    landing = LandingZone(options.landing)
    board: FixtureBoard | None = None
    site, api, lever_api = options.site, options.greenhouse_api, options.lever_api
    if not options.live and site is None:
        board = FixtureBoard(seed=options.seed).start()
        site, api = board.url, api or board.greenhouse_api
        lever_api = lever_api or board.lever_api
        report.say(f"fixture board: {board.url} (offline; --live scrapes {LIVE_SITE})")
    elif options.live:
        site, api = site or LIVE_SITE, api or LIVE_API
        lever_api = lever_api or LEVER_LIVE_API
    else:  # a fixture board started elsewhere
        api = api or f"{site.rstrip('/')}/boards-api/v1/"
        lever_api = lever_api or f"{site.rstrip('/')}/lever-api/"
    suffix = "" if options.live else "_fixture"
    try:
        if "indeed" in options.sources:
            _scrape(options, site or LIVE_SITE, f"indeed{suffix}", landing, report)
        if "greenhouse" in options.sources and report.exit_code in (ExitCode.OK, ExitCode.BLOCKED):
            boards = options.boards or _configured(BOARDS_ENV, DEFAULT_GREENHOUSE_BOARDS, options)
            if not boards:
                report.say(
                    f"greenhouse: no boards configured (--board TOKEN or {BOARDS_ENV}); skipped"
                )
            else:
                resource = board_postings(
                    GREENHOUSE,
                    boards,
                    api_base=api or LIVE_API,
                    landing=landing,
                    source=f"greenhouse{suffix}",
                )
                _load_api(options, resource, f"greenhouse{suffix}: boards", boards, report)
        if "lever" in options.sources and report.exit_code in (ExitCode.OK, ExitCode.BLOCKED):
            sites = options.lever_sites or _configured(
                LEVER_SITES_ENV, DEFAULT_LEVER_SITES, options
            )
            if not sites:
                report.say(
                    f"lever: no sites configured (--lever-site NAME or {LEVER_SITES_ENV}); skipped"
                )
            else:
                resource = board_postings(
                    LEVER,
                    sites,
                    api_base=lever_api or LEVER_LIVE_API,
                    landing=landing,
                    source=f"lever{suffix}",
                )
                _load_api(options, resource, f"lever{suffix}: sites", sites, report)
    finally:
        if board is not None:
            board.stop()
    return report.finish()


def _configured(env: str, defaults: dict[str, str], options: ExtractOptions) -> tuple[str, ...]:
    """Board tokens or site names from ``env`` (comma-separated); offline, the fixture
    board's own when none are set."""
    configured = os.environ.get(env, "")
    names = tuple(name.strip() for name in configured.split(",") if name.strip())
    if names or options.live:
        return names
    return tuple(defaults)


def _scrape(
    options: ExtractOptions, site: str, source: str, landing: LandingZone, report: LoadReport
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
        try:
            outcome = crawl(
                settings,
                frontier=frontier,
                landing=landing,
                browser_factory=lambda: Browser(browser_settings),
            )
        except BrowserError as error:
            # No browser is a set-up problem with a fix to print, not a crash.
            fail(report, ExitCode.FAILED, f"{source}: {error}")
            return
        done = [item.landing_path for item in frontier.items(outcome.crawl, "done")]
    verb = "resumed" if outcome.crawl.resumed else "started"
    report.say(
        f"{source}: {verb} crawl {outcome.crawl.crawl_id}; fetched {outcome.count('search')} "
        f"search and {outcome.count('detail')} job pages this run into {landing.root}"
    )
    pages = [landing.page_at(path) for path in done if path]
    rows = rows_from_pages(pages, landing)
    for error in rows.errors:
        fail(report, ExitCode.UNPARSEABLE, str(error))
    if rows.rows:
        loaded = load_postings(rows.rows, options.target, report)
        report.say(f"{source}: {loaded.format()}")
    if outcome.stopped_at_limit:
        report.say(
            f"{source}: stopped at --max-postings {options.max_postings}; "
            "the next run resumes this crawl"
        )
    elif outcome.finished:
        report.say(f"{source}: crawl finished")
    if outcome.blocked is not None:
        fail(
            report,
            ExitCode.BLOCKED,
            f"the site blocked us at {outcome.blocked.where} "
            f"({outcome.blocked.kind}: {outcome.blocked.evidence}); stopped after backing off. "
            f"Kept {len(done)} fetched pages; the next run resumes the crawl.",
        )
    if outcome.error is not None:
        fail(report, ExitCode.UNPARSEABLE, str(outcome.error))


def _load_api(
    options: ExtractOptions,
    resource: object,
    label: str,
    names: tuple[str, ...],
    report: LoadReport,
) -> None:
    """Load one public job-board API source (Greenhouse, Lever) through dlt."""
    try:
        result = load_postings(resource, options.target, report)  # type: ignore[arg-type]
    except Exception as error:  # noqa: BLE001 - dlt wraps the resource's error; unwrap it
        cause = _root_cause(error)
        if not isinstance(cause, GreenhouseError | LeverError):
            raise
        fail(report, ExitCode.FAILED, str(cause))
        return
    report.say(f"{label} {', '.join(names)}: {result.format()}")


def _root_cause(error: BaseException) -> BaseException:
    """The source's own error inside dlt's wrapping exceptions, else ``error`` itself."""
    current: BaseException | None = error
    while current is not None:
        if isinstance(current, GreenhouseError | LeverError):
            return current
        current = current.__cause__ or current.__context__
    return error


def reparse(landing_root: str, target: Target, source: str | None = None) -> LoadReport:
    """Parse every page in the landing zone again and merge the postings."""
    report = LoadReport.for_target(SOURCE, target)
    landing = LandingZone(landing_root)
    pages = list(landing.pages(source))
    if not pages:
        fail(report, ExitCode.FAILED, f"no landed pages under {landing.root}/postings")
        return report.finish()
    result = rows_from_pages(pages, landing)
    report.say(f"parsed {result.pages} pages from {landing.root}")
    for error in result.errors:
        fail(
            report,
            ExitCode.BLOCKED if isinstance(error, PageBlocked) else ExitCode.UNPARSEABLE,
            str(error),
        )
    if result.rows:
        report.say(load_postings(result.rows, target, report).format())
    return report.finish()
