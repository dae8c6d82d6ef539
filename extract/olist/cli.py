"""``warehouse olist generate`` and ``warehouse extract olist``."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from extract.exit_codes import ExitCode
from extract.report import ERROR_LINE_PREFIX, LoadReport
from warehouse.core.options import TargetOption
from warehouse.core.settings import resolve_target


def generate(
    out: Annotated[Path, typer.Option("--out", help="Directory to write the nine CSV files to.")],
    orders: Annotated[int, typer.Option(help="Number of orders; scales every other file.")] = 3000,
    seed: Annotated[int, typer.Option(help="Random seed: same seed, same files.")] = 42,
    drops: Annotated[
        int | None,
        typer.Option(
            help="Write OUT/full/ (the shop as of --as-of, default 2018-08-04) and"
            " OUT/drops/YYYY-MM-DD/ for this many days after: each day's new and changed rows."
        ),
    ] = None,
    as_of: Annotated[
        datetime | None,
        typer.Option(
            "--as-of",
            formats=["%Y-%m-%d"],
            help="The shop as it stood at the end of this day (default: the real"
            " snapshot's state; with --drops, 2018-08-04).",
        ),
    ] = None,
) -> None:
    """Write a synthetic Olist dataset in exactly the Kaggle files' format."""
    from extract.olist.offline import CUT_OFF, write_olist_dataset, write_olist_drops
    from extract.olist.offline.progress import generation_progress

    day = as_of.date() if as_of else None
    try:
        with generation_progress(sys.stderr, orders) as progress:
            if drops is None:
                counts = write_olist_dataset(
                    out, orders=orders, seed=seed, as_of=day, progress=progress
                )
            else:
                as_of_day = day or CUT_OFF
                written = write_olist_drops(
                    out, orders=orders, seed=seed, drops=drops, as_of=as_of_day, progress=progress
                )
    except ValueError as error:
        raise typer.BadParameter(str(error)) from error
    if drops is not None:
        typer.echo(written.format())
        return
    for file_name, rows in counts.items():
        typer.echo(f"{rows:>10,}  {out / file_name}")


def extract(
    source: Annotated[
        str,
        typer.Option("--from", help="Directory or fsspec URL (s3://...) holding the nine files."),
    ],
    target: TargetOption = None,
    wait: Annotated[
        float,
        typer.Option(
            "--wait",
            help="Seconds to queue behind another load of the same warehouse (default: "
            "stop at once, loading nothing).",
        ),
    ] = 0.0,
    allow_empty: Annotated[
        bool,
        typer.Option(
            "--allow-empty",
            help="Load a file holding no record as an empty table (default: refuse it and "
            "keep the table's previous load).",
        ),
    ] = False,
    merge: Annotated[
        bool,
        typer.Option(
            "--merge",
            help="The folder is a daily drop (the rows that appeared or changed that day, as "
            "`warehouse olist generate --drops` writes them): merge each file into its table "
            "on the table's natural key instead of replacing the table. Loading the same "
            "drop twice changes nothing.",
        ),
    ] = False,
) -> LoadReport:
    """Load the nine Olist files into the raw_olist schema."""
    from extract.olist.load import LoadOptions, load_olist
    from extract.olist.lock import LoadBusy

    options = LoadOptions(wait_s=wait, allow_empty=allow_empty, merge=merge)
    try:
        return load_olist(source, resolve_target(target), options=options)
    except LoadBusy as busy:
        # Not recorded as a run: nothing started, and recording would need the warehouse
        # the other load is writing to.
        typer.echo(f"{ERROR_LINE_PREFIX} {busy}", err=True)
        raise typer.Exit(code=int(ExitCode.FAILED)) from None
