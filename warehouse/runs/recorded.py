"""Every ``warehouse extract`` run recorded once, by the layer above the sources.

``recorded(source, command)`` wraps a source's command, which returns its ``LoadReport``:
the wrapper prints the report's lines, records the run in ``raw_pipeline.runs`` and exits
with the report's exit code. A command that crashes is recorded as a failed run with the
exception as its error, then the exception goes on. Usage errors record nothing: no run
started.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import click
import typer

from extract.exit_codes import ExitCode
from extract.report import ERROR_LINE_PREFIX, LoadReport
from warehouse.core.settings import resolve_target


def recorded(source: str, command: Callable[..., LoadReport]) -> Callable[..., None]:
    """``command`` as a CLI command whose run is printed, recorded and exited on."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> None:
        target = resolve_target(kwargs.get("target"))
        crash = LoadReport.for_target(source, target)
        try:
            report = command(*args, **kwargs)
        except (click.exceptions.ClickException, click.exceptions.Exit):
            raise
        except Exception as error:
            crash.fail(ExitCode.FAILED, f"{type(error).__name__}: {error}")
            _record(crash.finish())
            raise
        for line in report.lines:
            typer.echo(line, err=line.startswith(ERROR_LINE_PREFIX))
        recorded = _record(report.finish())
        if report.exit_code is not ExitCode.OK:
            raise typer.Exit(code=int(report.exit_code))
        if not recorded:
            raise typer.Exit(code=int(ExitCode.FAILED))

    return run


def _record(report: LoadReport) -> bool:
    """Record the run; say so on stderr when the history cannot be written."""
    from dlt.pipeline.exceptions import PipelineStepFailed

    from warehouse.runs.history import RAW_SCHEMA, RUNS_TABLE, record_report

    try:
        record_report(report)
    except PipelineStepFailed as error:
        typer.echo(
            f"{ERROR_LINE_PREFIX} {report.source} ran (exit code {int(report.exit_code)}) "
            f"but its run could not be recorded in {RAW_SCHEMA}.{RUNS_TABLE} "
            f"({report.destination}): {error}. Check that the warehouse is reachable, "
            "then run the extract again.",
            err=True,
        )
        return False
    return True
