"""``warehouse extract postings``, ``warehouse postings parse`` and ``postings reparse``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from warehouse.settings import resolve_target

if TYPE_CHECKING:
    from extract.postings.pipeline import Report

TargetOption = Annotated[
    str | None,
    typer.Option(help="duckdb, postgres or trino (default: WAREHOUSE_TARGET, else duckdb)."),
]
LandingOption = Annotated[
    str,
    typer.Option("--landing", help="Landing zone root: a directory or fsspec URL (s3://...)."),
]


def extract(
    live: Annotated[
        bool,
        typer.Option(
            "--live",
            help="Scrape the real site (politely: ≥ 2 s between pages) instead of "
            "the local fixture board.",
        ),
    ] = False,
    query: Annotated[str, typer.Option(help="Search terms.")] = "data engineer",
    location: Annotated[str, typer.Option(help="City, state, 'remote' or empty.")] = "",
    max_pages: Annotated[int, typer.Option(help="Search-result pages per crawl.")] = 3,
    max_postings: Annotated[
        int | None, typer.Option(help="Stop after this many job pages; the next run resumes.")
    ] = None,
    source: Annotated[
        list[str] | None,
        typer.Option(help="indeed and/or greenhouse (repeatable; default both)."),
    ] = None,
    board: Annotated[
        list[str] | None,
        typer.Option(help="Greenhouse board token (repeatable; or WAREHOUSE_GREENHOUSE_BOARDS)."),
    ] = None,
    delay: Annotated[
        float | None,
        typer.Option(
            help="Seconds between page loads, plus up to half again as jitter "
            "(default 2 live, 0.2 offline)."
        ),
    ] = None,
    backoff: Annotated[
        float | None, typer.Option(help="Seconds to back off after a block before retrying.")
    ] = None,
    site: Annotated[
        str | None, typer.Option(help="Base URL of an already running board to scrape.")
    ] = None,
    greenhouse_api: Annotated[
        str | None, typer.Option(help="Greenhouse API base URL (…/v1/).")
    ] = None,
    fresh: Annotated[
        bool, typer.Option("--fresh", help="Start a new crawl even if one is unfinished.")
    ] = False,
    landing: LandingOption = "data/landing",
    target: TargetOption = None,
) -> None:
    """Scrape job postings with Selenium (and Greenhouse boards) into raw_postings."""
    from extract.postings.pipeline import ExtractOptions, extract_postings

    sources = tuple(source or ("indeed", "greenhouse"))
    unknown = set(sources) - {"indeed", "greenhouse"}
    if unknown:
        raise typer.BadParameter(f"unknown source(s) {sorted(unknown)}; use indeed or greenhouse")
    report = extract_postings(
        ExtractOptions(
            target=resolve_target(target),
            landing=landing,
            live=live,
            site=site,
            greenhouse_api=greenhouse_api,
            sources=sources,
            query=query,
            location=location,
            max_pages=max_pages,
            max_postings=max_postings,
            boards=tuple(board or ()),
            delay=delay,
            backoff=backoff,
            fresh=fresh,
        )
    )
    _finish(report)


def parse(
    files: Annotated[list[Path], typer.Argument(help="Saved pages (.html) or API responses.")],
) -> None:
    """Parse saved pages and print one JSON object per posting."""
    from extract.postings.parse.errors import PageBlocked
    from extract.postings.saved import EXIT_BLOCKED, EXIT_UNPARSEABLE, dumps, parse_files

    postings, errors = parse_files(files)
    for posting in postings:
        typer.echo(dumps(posting))
    for error in errors:
        typer.echo(f"error: {error}", err=True)
    if any(isinstance(error, PageBlocked) for error in errors):
        raise typer.Exit(code=EXIT_BLOCKED)
    if errors:
        raise typer.Exit(code=EXIT_UNPARSEABLE)


def reparse(
    landing: LandingOption = "data/landing",
    source: Annotated[str | None, typer.Option(help="Only this source's pages.")] = None,
    target: TargetOption = None,
) -> None:
    """Parse the landing zone again (no fetching) and merge the postings into raw_postings."""
    from extract.postings.pipeline import reparse as run_reparse

    _finish(run_reparse(landing, resolve_target(target), source))


def _finish(report: Report) -> None:
    for line in report.lines:
        typer.echo(line, err=line.startswith("error:"))
    if report.exit_code:
        raise typer.Exit(code=report.exit_code)
