"""One ``warehouse extract randomuser`` run: fetch, load, record, report."""

from __future__ import annotations

import time
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime

import dlt
from dlt.pipeline.exceptions import PipelineStepFailed

from extract.destinations import destination_for, pipelines_dir
from extract.randomuser.server import RandomUserServer
from extract.randomuser.source import RAW_SCHEMA, USERS_TABLE, FetchOutcome, randomuser_source
from warehouse.run_history import record_pipeline
from warehouse.settings import Target


@dataclass(frozen=True)
class RandomUserReport:
    target: Target
    base_url: str
    offline: bool
    outcome: FetchOutcome
    rows_loaded: int
    seconds: float
    error: str | None

    @property
    def ok(self) -> bool:
        return self.error is None

    def format(self) -> str:
        outcome = self.outcome
        loaded = outcome.pages_loaded
        pages = "no page" if not loaded else f"page {loaded[0]}"
        if len(loaded) > 1:
            pages = f"pages {loaded[0]}-{loaded[-1]}"
        source = "offline server" if self.offline else self.base_url
        lines = [
            f"randomuser -> {self.target.value}.{RAW_SCHEMA}.{USERS_TABLE} from {source}: "
            f"seed {outcome.seed!r}, {pages}, {self.rows_loaded:,} users loaded "
            f"in {self.seconds:.1f}s",
        ]
        if self.error:
            lines.append(f"FAILED: {self.error}")
            lines.append(
                f"Everything fetched before the failure is loaded; the next run "
                f"continues from page {outcome.next_page}."
            )
        return "\n".join(lines)


def pipeline_name(target: Target) -> str:
    """One pipeline (and so one page cursor) per target: each warehouse has its own feed."""
    return f"randomuser_{target.value}"


def load_randomuser(
    target: Target,
    base_url: str | None = None,
    seed: str | None = None,
    results: int = 100,
    pages: int = 1,
    nationalities: tuple[str, ...] = (),
) -> RandomUserReport:
    """Load ``pages`` more pages into ``raw_randomuser.users``; never raises on API faults.

    Without ``base_url`` the offline server is started on a free loopback port for
    the run. The run is recorded in ``raw_pipeline.runs`` whatever its outcome.
    """
    started = time.monotonic()
    started_at = datetime.now(UTC)
    outcome = FetchOutcome()
    # A merge stages the batch in raw_randomuser_staging; empty it after the load
    # so personal data lives in one schema only.
    dlt.config["load.truncate_staging_dataset"] = True
    pipeline = dlt.pipeline(
        pipeline_name=pipeline_name(target),
        destination=destination_for(target),
        dataset_name=RAW_SCHEMA,
        pipelines_dir=str(pipelines_dir()),
    )
    error: str | None = None
    rows_loaded = 0
    with ExitStack() as stack:
        offline = base_url is None
        if offline:
            base_url = stack.enter_context(RandomUserServer()).base_url
        source = randomuser_source(
            base_url=base_url,
            seed=seed,
            results=results,
            pages=pages,
            nationalities=nationalities,
            outcome=outcome,
        )
        try:
            pipeline.run(source)
            rows_loaded = pipeline.last_trace.last_normalize_info.row_counts.get(USERS_TABLE, 0)
            error = outcome.error
        except PipelineStepFailed as failure:
            error = f"{failure.step} step failed: {failure.exception}"
            outcome.pages_loaded.clear()
        finally:
            record_pipeline(
                pipeline, source="randomuser", target=target, since=started_at, error=error
            )
    return RandomUserReport(
        target=target,
        base_url=base_url,
        offline=offline,
        outcome=outcome,
        rows_loaded=rows_loaded,
        seconds=time.monotonic() - started,
        error=error,
    )
