"""meltano.yml is complete on its own: no Hub, every command runnable, jobs and schedule."""

from __future__ import annotations

import json
import shlex
import subprocess

import pytest
import yaml

from tests.conftest import REPO_ROOT, Workspace
from tests.meltano.conftest import meltano

PROJECT = yaml.safe_load((REPO_ROOT / "meltano.yml").read_text())
PLUGINS = [plugin for kind in PROJECT["plugins"].values() for plugin in kind]
UTILITIES = {plugin["name"]: plugin for plugin in PROJECT["plugins"]["utilities"]}


def test_every_plugin_is_defined_in_full_so_the_hub_is_never_asked() -> None:
    for plugin in PLUGINS:
        assert {"name", "namespace", "executable"} <= set(plugin), plugin["name"]
        assert "variant" not in plugin and "inherit_from" not in plugin, plugin["name"]


def test_utilities_run_the_project_venv_without_a_venv_of_their_own() -> None:
    for name, utility in UTILITIES.items():
        assert "pip_url" not in utility, f"{name} would get its own virtualenv"
        assert (REPO_ROOT / utility["executable"]).exists(), utility["executable"]


def test_the_elt_job_extracts_all_sources_then_builds_records_and_documents() -> None:
    jobs = {job["name"]: job["tasks"] for job in PROJECT["jobs"]}
    steps = [step for task in jobs["elt"] for step in task.split()]

    assert steps == [
        "olist:generate",
        "olist:extract",
        "postings:extract",
        "randomuser:extract",
        "dbt:build",
        "runs:record",
        "dbt:build-run-history",
        "dbt:docs-generate",
    ]
    for step in {step for task in sum(jobs.values(), []) for step in task.split()}:
        plugin, _, command = step.partition(":")
        if command:
            assert command in UTILITIES[plugin]["commands"], step
    assert {"name": "daily-elt", "interval": "@daily", "job": "elt"} in PROJECT["schedules"]


def test_runs_record_only_follows_dbt_because_extracts_record_themselves() -> None:
    for job in PROJECT["jobs"]:
        steps = [step for task in job["tasks"] for step in task.split()]
        for index, step in enumerate(steps):
            if step == "runs:record":
                assert index > 0 and steps[index - 1].startswith("dbt:"), job["name"]


@pytest.mark.parametrize(
    ("utility", "command"),
    [
        ("olist", "generate"),
        ("olist", "extract"),
        ("postings", "extract"),
        ("randomuser", "extract"),
        ("runs", "record"),
    ],
)
def test_each_warehouse_command_of_the_jobs_exists(utility: str, command: str) -> None:
    args = shlex.split(UTILITIES[utility]["commands"][command]["args"])
    words = [arg for arg in args if not arg.startswith(("-", "$"))][:2]

    result = subprocess.run(
        [str(REPO_ROOT / UTILITIES[utility]["executable"]), *words, "--help"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stderr
    for option in (arg for arg in args if arg.startswith("--")):
        assert option in result.stdout, f"{' '.join(words)} has no {option}"


def test_meltano_reads_the_project_offline(workspace: Workspace) -> None:
    jobs = json.loads(meltano(workspace, "job", "list", "--format", "json").stdout)
    environments = meltano(workspace, "environment", "list").stdout

    assert {job["job_name"] for job in jobs["jobs"]} == {
        "elt",
        "extract-olist",
        "extract-postings",
        "extract-randomuser",
        "transform",
    }
    assert {"dev", "postgres", "trino"} <= set(environments.split())
