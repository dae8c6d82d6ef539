"""``warehouse extract postings``, ``warehouse postings parse`` and ``postings reparse``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from extract.exit_codes import ExitCode
from extract.report import LoadReport
from warehouse.core.options import TargetOption
from warehouse.core.settings import resolve_target

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
        typer.Option(help="indeed, greenhouse and/or lever (repeatable; default all three)."),
    ] = None,
    board: Annotated[
        list[str] | None,
        typer.Option(help="Greenhouse board token (repeatable; or WAREHOUSE_GREENHOUSE_BOARDS)."),
    ] = None,
    lever_site: Annotated[
        list[str] | None,
        typer.Option(
            help="Lever site name, as in jobs.lever.co/NAME (repeatable; or WAREHOUSE_LEVER_SITES)."
        ),
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
    lever_api: Annotated[
        str | None,
        typer.Option(help="Lever postings API base URL (https://api.lever.co/; EU: api.eu.)."),
    ] = None,
    fresh: Annotated[
        bool, typer.Option("--fresh", help="Start a new crawl even if one is unfinished.")
    ] = False,
    landing: LandingOption = "data/landing",
    target: TargetOption = None,
) -> LoadReport:
    """Scrape job postings with Selenium (and Greenhouse boards, Lever sites) into raw_postings."""
    from extract.postings.pipeline import SOURCES, ExtractOptions, extract_postings

    sources = tuple(source or SOURCES)
    unknown = set(sources) - set(SOURCES)
    if unknown:
        raise typer.BadParameter(f"unknown source(s) {sorted(unknown)}; use {', '.join(SOURCES)}")
    return extract_postings(
        ExtractOptions(
            target=resolve_target(target),
            landing=landing,
            live=live,
            site=site,
            greenhouse_api=greenhouse_api,
            lever_api=lever_api,
            sources=sources,
            query=query,
            location=location,
            max_pages=max_pages,
            max_postings=max_postings,
            boards=tuple(board or ()),
            lever_sites=tuple(lever_site or ()),
            delay=delay,
            backoff=backoff,
            fresh=fresh,
        )
    )


def parse(
    files: Annotated[list[Path], typer.Argument(help="Saved pages (.html) or API responses.")],
) -> None:
    """Parse saved pages and print one JSON object per posting."""
    from extract.postings.parse.errors import PageBlocked
    from extract.postings.saved import dumps, parse_files

    postings, errors = parse_files(files)
    for posting in postings:
        typer.echo(dumps(posting))
    for error in errors:
        typer.echo(f"error: {error}", err=True)
    if any(isinstance(error, PageBlocked) for error in errors):
        raise typer.Exit(code=ExitCode.BLOCKED)
    if errors:
        raise typer.Exit(code=ExitCode.UNPARSEABLE)


def reparse(
    landing: LandingOption = "data/landing",
    source: Annotated[str | None, typer.Option(help="Only this source's pages.")] = None,
    target: TargetOption = None,
) -> LoadReport:
    """Parse the landing zone again (no fetching) and merge the postings into raw_postings."""
    from extract.postings.pipeline import reparse as run_reparse

    return run_reparse(landing, resolve_target(target), source)
