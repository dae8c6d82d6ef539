"""``warehouse extract randomuser``."""

from __future__ import annotations

from typing import Annotated

import typer

from extract.report import LoadReport
from warehouse.core.options import TargetOption
from warehouse.core.settings import resolve_target


def extract(
    base_url: Annotated[
        str | None,
        typer.Option(
            "--base-url",
            envvar="RANDOMUSER_BASE_URL",
            help="API root, e.g. https://randomuser.me for the live API. "
            "Default: start the offline server on a free 127.0.0.1 port for this run.",
        ),
    ] = None,
    seed: Annotated[
        str | None,
        typer.Option(
            envvar="RANDOMUSER_SEED",
            help="API seed. Default: the seed of the previous run, else a new one.",
        ),
    ] = None,
    results: Annotated[int, typer.Option(min=1, max=5000, help="Users per page.")] = 100,
    pages: Annotated[
        int, typer.Option(min=1, help="Pages to load, continuing after the last page loaded.")
    ] = 3,
    nat: Annotated[
        list[str] | None,
        typer.Option("--nat", help="Nationality codes to ask for (repeatable), e.g. CH."),
    ] = None,
    target: TargetOption = None,
) -> LoadReport:
    """Load new random users into raw_randomuser.users (credentials never stored).

    Retries on 429/5xx/timeouts are dlt's: tune them with RUNTIME__REQUEST_MAX_ATTEMPTS,
    RUNTIME__REQUEST_BACKOFF_FACTOR and RUNTIME__REQUEST_TIMEOUT.
    """
    from extract.randomuser.load import load_randomuser

    return load_randomuser(
        resolve_target(target),
        # An empty RANDOMUSER_BASE_URL (Meltano exports unset settings so) means offline.
        base_url=base_url or None,
        seed=seed or None,
        results=results,
        pages=pages,
        nationalities=tuple(code.upper() for code in nat or ()),
    )
