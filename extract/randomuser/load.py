"""One ``warehouse extract randomuser`` run: fetch, load, report."""

from __future__ import annotations

from contextlib import ExitStack

from dlt.pipeline.exceptions import PipelineStepFailed

from extract.exit_codes import ExitCode
from extract.randomuser import SOURCE
from extract.randomuser.api import CREDENTIAL_FIELDS
from extract.randomuser.offline.server import RandomUserServer
from extract.randomuser.pii_salt import (
    SALT_TABLE,
    MissingSalt,
    StoredSalt,
    required_salt,
    store_salt,
)
from extract.randomuser.source import RAW_SCHEMA, USERS_TABLE, FetchOutcome, randomuser_source
from extract.report import LoadReport
from warehouse.core.destinations import raw_destination, raw_pipeline
from warehouse.core.settings import Target

DLT_CONFIG = {
    # A merge stages the batch in raw_randomuser_staging; empty it after the load so
    # personal data lives in one schema only.
    "load.truncate_staging_dataset": True,
    # dlt keeps every loaded job file (gzipped users: e-mails, phones) in its
    # pipelines dir unless told not to; the warehouse is the one copy.
    "load.delete_completed_jobs": True,
}

# What every answer carries and the allow-list always drops: not worth a line.
EXPECTED_DROPS = frozenset({"picture"} | {f"login.{name}" for name in CREDENTIAL_FIELDS})


def load_randomuser(
    target: Target,
    base_url: str | None = None,
    seed: str | None = None,
    results: int = 100,
    pages: int = 1,
    nationalities: tuple[str, ...] = (),
) -> LoadReport:
    """Load ``pages`` more pages into ``raw_randomuser.users``; never raises on API faults.

    Without ``base_url`` the offline server is started on a free loopback port for
    the run. The page cursor is the pipeline's dlt state: one per destination.
    """
    report = LoadReport.for_target(SOURCE, target)
    outcome = FetchOutcome()
    try:
        salt = required_salt(target)
    except (MissingSalt, ValueError) as error:
        report.fail(ExitCode.FAILED, str(error))
        report.finish()
        report.lines = [f"randomuser -> {target.value}: FAILED: {error}"]
        return report
    pipeline = raw_pipeline(SOURCE, raw_destination(target), DLT_CONFIG)
    users_loaded = 0
    stored: StoredSalt | None = None
    with ExitStack() as stack:
        offline = base_url is None
        if offline:
            base_url = stack.enter_context(RandomUserServer()).url
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
            users_loaded = pipeline.last_trace.last_normalize_info.row_counts.get(USERS_TABLE, 0)
            if outcome.error is not None:
                report.fail(ExitCode.FAILED, outcome.error)
        except PipelineStepFailed as failure:
            report.fail(ExitCode.FAILED, f"{failure.step} step failed: {failure.exception}")
            outcome.pages_loaded.clear()
            # A package dlt could not load holds the users it fetched; drop it (and the
            # page cursor it carries) so no copy stays on disk: the pages are fetched again.
            pipeline.drop_pending_packages()
        finally:
            report.add_dlt_trace(pipeline.last_trace)
        if pipeline.default_schema_name is not None:
            stored = store_salt(pipeline, salt)
    report.finish()
    report.lines = summary_lines(report, outcome, base_url, offline, users_loaded, stored)
    return report


def summary_lines(
    report: LoadReport,
    outcome: FetchOutcome,
    base_url: str,
    offline: bool,
    users_loaded: int,
    stored: StoredSalt | None = None,
) -> list[str]:
    loaded = outcome.pages_loaded
    pages = "no page" if not loaded else f"page {loaded[0]}"
    if len(loaded) > 1:
        pages = f"pages {loaded[0]}-{loaded[-1]}"
    where = "offline server" if offline else base_url
    lines = [
        f"randomuser -> {report.target.value}.{RAW_SCHEMA}.{USERS_TABLE} from {where}: "
        f"seed {outcome.seed!r}, {pages}, {users_loaded:,} users loaded "
        f"in {report.duration_s:.1f}s",
    ]
    unexpected = outcome.dropped_fields - EXPECTED_DROPS
    if unexpected:
        lines.append("Not on the allow-list, so not stored: " + ", ".join(sorted(unexpected)))
    for problem in outcome.problems[:20]:
        lines.append(f"Not kept: {problem}")
    if len(outcome.problems) > 20:
        lines.append(f"... and {len(outcome.problems) - 20} more values not kept")
    if outcome.duplicates:
        lines.append(
            f"Skipped {len(outcome.duplicates)} repeated uuid(s), counted once: "
            + ", ".join(outcome.duplicates[:20])
        )
    if stored is not None and stored.generated:
        lines.append(
            f"PII salt: none given, so a random one was made for this warehouse "
            f"({RAW_SCHEMA}.{SALT_TABLE}); set WAREHOUSE_PII_SALT to choose it"
        )
    if stored is not None and stored.changed:
        lines.append(
            "PII salt: changed; every user_key and email_hash changes at the next dbt build"
        )
    if report.error:
        lines.append(f"FAILED: {report.error}")
        lines.append(
            f"Everything fetched before the failure is loaded; the next run "
            f"continues from page {outcome.next_page}."
        )
    return lines
