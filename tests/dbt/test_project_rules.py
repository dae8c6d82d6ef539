"""The dbt-project-evaluator rules this project keeps, checked from the manifest.

dbt packages cannot be installed here (no dbt Hub), so the rules that matter to us are
checked from ``target/manifest.json`` as ``dbt parse`` writes it (no database needed):

- every model an exposure depends on is ``access: public``;
- every source table has a load timestamp and freshness warn and error thresholds;
- every model has a key: ``unique`` on a column, or ``unique_combination_of_columns``,
  and ``not_null`` on each key column;
- every model, and every column of a mart, has a description.

Each checker returns its violations, so the tests below can also show it catching a
broken manifest. The last test proves the local composite-key test fails on duplicates.
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
DBT = Path(sys.executable).with_name("dbt")
PROJECT = "warehouse"
MART_FOLDER = "marts"
COMBINATION_TEST = "unique_combination_of_columns"
GENERIC_TEST_FILE = REPO_ROOT / "data-tests" / "generic" / f"{COMBINATION_TEST}.sql"

Manifest = dict


def dbt(*args: str, project_dir: Path, target_dir: Path) -> subprocess.CompletedProcess[str]:
    """Run dbt on DuckDB with its files in ``target_dir``; shared settings cannot leak in."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DBT_", "WAREHOUSE_"))
    }
    env.update(
        WAREHOUSE_TARGET="duckdb",
        WAREHOUSE_DUCKDB_PATH=str(target_dir / "warehouse.duckdb"),
        DBT_TARGET_PATH=str(target_dir / "target"),
        DBT_LOG_PATH=str(target_dir / "logs"),
        DBT_SEND_ANONYMOUS_USAGE_STATS="false",
    )
    return subprocess.run(
        [str(DBT), *args, "--project-dir", str(project_dir), "--profiles-dir", str(project_dir)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="module")
def manifest(tmp_path_factory: pytest.TempPathFactory) -> Manifest:
    target_dir = tmp_path_factory.mktemp("dbt_parse")
    result = dbt("parse", project_dir=REPO_ROOT, target_dir=target_dir)
    assert result.returncode == 0, f"dbt parse failed:\n{result.stdout}\n{result.stderr}"
    return json.loads((target_dir / "target" / "manifest.json").read_text())


# --- the rules -------------------------------------------------------------------------


def project_models(manifest: Manifest) -> Iterator[dict]:
    for node in manifest["nodes"].values():
        if node["resource_type"] == "model" and node["package_name"] == PROJECT:
            yield node


def is_mart(model: dict) -> bool:
    return model["fqn"][1:2] == [MART_FOLDER]


def exposed_models_not_public(manifest: Manifest) -> list[str]:
    problems = []
    for exposure in manifest["exposures"].values():
        for unique_id in exposure["depends_on"]["nodes"]:
            node = manifest["nodes"].get(unique_id, {})
            if node.get("resource_type") == "model" and node.get("access") != "public":
                problems.append(
                    f"exposure {exposure['name']} depends on {node['name']}, whose access is "
                    f"{node.get('access')!r}: expected 'public' ({node['original_file_path']})"
                )
    return problems


def sources_without_freshness(manifest: Manifest) -> list[str]:
    problems = []
    for source in manifest["sources"].values():
        name = f"{source['source_name']}.{source['name']} ({source['original_file_path']})"
        config = source.get("config", {})
        loaded_at = (
            source.get("loaded_at_field")
            or config.get("loaded_at_field")
            or source.get("loaded_at_query")
            or config.get("loaded_at_query")
        )
        if not loaded_at:
            problems.append(f"source {name}: no loaded_at_field (or loaded_at_query)")
        freshness = source.get("freshness") or {}
        for threshold in ("warn_after", "error_after"):
            criteria = freshness.get(threshold) or {}
            if not (criteria.get("count") and criteria.get("period")):
                problems.append(f"source {name}: freshness has no {threshold}")
    return problems


def index_tests_by_model(manifest: Manifest) -> dict[str, list[dict]]:
    tests: dict[str, list[dict]] = {}
    for node in manifest["nodes"].values():
        if node["resource_type"] == "test" and node.get("test_metadata"):
            attached = node.get("attached_node") or node["depends_on"]["nodes"][0]
            tests.setdefault(attached, []).append(node)
    return tests


def not_null_columns(model: dict, tests: list[dict]) -> set[str]:
    """Columns kept non-null by a not_null test, or by a (contract) not_null constraint."""
    columns = {
        test["test_metadata"]["kwargs"].get("column_name")
        for test in tests
        if test["test_metadata"]["name"] == "not_null"
    }
    for name, column in model["columns"].items():
        if any(c.get("type") == "not_null" for c in column.get("constraints", [])):
            columns.add(name)
    return columns


def models_without_key_tests(manifest: Manifest) -> list[str]:
    problems = []
    tests = index_tests_by_model(manifest)
    for model in project_models(manifest):
        model_tests = tests.get(model["unique_id"], [])
        keys = []
        for test in model_tests:
            kwargs = test["test_metadata"]["kwargs"]
            if test["test_metadata"]["name"] == "unique":
                keys.append([kwargs.get("column_name")])
            elif test["test_metadata"]["name"] == COMBINATION_TEST:
                keys.append(list(kwargs.get("combination_of_columns") or []))
        where = f"{model['name']} ({model['patch_path'] or model['original_file_path']})"
        if not keys:
            problems.append(f"{where}: no unique or {COMBINATION_TEST} test")
            continue
        for key in keys:
            # `unique` on an expression (a concatenation) is not a key of the model.
            unknown = [c for c in key if c not in model["columns"]]
            if unknown:
                problems.append(
                    f"{where}: key test on {unknown}, not documented columns: "
                    f"use {COMBINATION_TEST} for a key of several columns"
                )
        non_null = not_null_columns(model, model_tests)
        if not any(set(key) <= non_null for key in keys):
            problems.append(f"{where}: no key {keys} whose columns all have not_null")
    return problems


def undocumented(manifest: Manifest) -> list[str]:
    problems = []
    for model in project_models(manifest):
        if not model["description"].strip():
            problems.append(f"model {model['name']}: no description")
        if is_mart(model):
            for name, column in model["columns"].items():
                if not column.get("description", "").strip():
                    problems.append(f"mart {model['name']}: column {name} has no description")
    return problems


RULES = {
    "exposed_models_not_public": exposed_models_not_public,
    "sources_without_freshness": sources_without_freshness,
    "models_without_key_tests": models_without_key_tests,
    "undocumented": undocumented,
}


@pytest.mark.parametrize("rule", RULES)
def test_project_keeps_rule(manifest: Manifest, rule: str) -> None:
    problems = RULES[rule](manifest)
    assert not problems, "\n".join(problems)


def test_the_manifest_has_what_the_rules_look_at(manifest: Manifest) -> None:
    """Guard against rules passing on nothing (a renamed folder, an empty manifest)."""
    models = list(project_models(manifest))
    assert sum(is_mart(m) for m in models) >= 10
    assert len(manifest["exposures"]) >= 3
    assert len(manifest["sources"]) >= 10


# --- the rules catch a broken manifest -------------------------------------------------


def node_named(manifest: Manifest, name: str) -> dict:
    return next(n for n in manifest["nodes"].values() if n["name"] == name)


def drop_tests(manifest: Manifest, model: str, test_name: str) -> None:
    unique_id = node_named(manifest, model)["unique_id"]
    for key, node in list(manifest["nodes"].items()):
        if (
            node["resource_type"] == "test"
            and node.get("attached_node") == unique_id
            and (node.get("test_metadata") or {}).get("name") == test_name
        ):
            del manifest["nodes"][key]


def break_access(m: Manifest) -> None:
    node_named(m, "dim_sellers")["access"] = "protected"


def break_freshness(m: Manifest) -> None:
    source = next(s for s in m["sources"].values() if s["name"] == "job_postings")
    source["freshness"]["error_after"] = {"count": None, "period": None}


def break_loaded_at(m: Manifest) -> None:
    source = next(s for s in m["sources"].values() if s["name"] == "users")
    source["loaded_at_field"] = None
    source["config"]["loaded_at_field"] = None


def break_unique(m: Manifest) -> None:
    drop_tests(m, "agg_skill_pairs", "unique")


def break_combination(m: Manifest) -> None:
    drop_tests(m, "agg_delivery_performance_daily", COMBINATION_TEST)


def break_not_null(m: Manifest) -> None:
    drop_tests(m, "agg_delivery_performance_by_route", "not_null")


def concatenated_key(m: Manifest) -> None:
    test = next(
        n
        for n in m["nodes"].values()
        if (n.get("test_metadata") or {}).get("name") == COMBINATION_TEST
    )
    test["test_metadata"] = {
        "name": "unique",
        "kwargs": {"column_name": "seller_state || '>' || customer_state"},
    }


def break_model_description(m: Manifest) -> None:
    node_named(m, "int_postings_open")["description"] = ""


def break_mart_column_description(m: Manifest) -> None:
    node_named(m, "fct_order_deliveries")["columns"]["is_late"]["description"] = " "


BREAKAGES = {
    break_access: ("exposed_models_not_public", "dim_sellers"),
    break_freshness: ("sources_without_freshness", "postings.job_postings"),
    break_loaded_at: ("sources_without_freshness", "randomuser.users"),
    break_unique: ("models_without_key_tests", "agg_skill_pairs"),
    break_combination: ("models_without_key_tests", "agg_delivery_performance_daily"),
    break_not_null: ("models_without_key_tests", "agg_delivery_performance_by_route"),
    concatenated_key: ("models_without_key_tests", "not documented columns"),
    break_model_description: ("undocumented", "int_postings_open"),
    break_mart_column_description: ("undocumented", "is_late"),
}


@pytest.mark.parametrize("breakage", BREAKAGES, ids=lambda f: f.__name__)
def test_rule_catches_a_violation(manifest: Manifest, breakage) -> None:
    rule, expected = BREAKAGES[breakage]
    broken = copy.deepcopy(manifest)
    breakage(broken)
    problems = RULES[rule](broken)
    assert any(expected in problem for problem in problems), problems


# --- the composite-key test fails on a duplicated combination --------------------------


def test_unique_combination_of_columns_fails_on_a_duplicate(tmp_path: Path) -> None:
    project = tmp_path / "probe"
    (project / "data-tests" / "generic").mkdir(parents=True)
    (project / "seeds").mkdir()
    shutil.copy(GENERIC_TEST_FILE, project / "data-tests" / "generic")
    (project / "dbt_project.yml").write_text(
        textwrap.dedent(
            """\
            name: probe
            version: "1.0.0"
            config-version: 2
            profile: probe
            seed-paths: ["seeds"]
            test-paths: ["data-tests"]
            """
        )
    )
    (project / "profiles.yml").write_text(
        textwrap.dedent(
            """\
            probe:
              target: duckdb
              outputs:
                duckdb:
                  type: duckdb
                  path: "{{ env_var('WAREHOUSE_DUCKDB_PATH') }}"
            """
        )
    )
    # Same day twice for SP: the concatenation `day || '|' || state` would also
    # catch this one, but `a|b` + `c` and `a` + `b|c` only the combination test.
    (project / "seeds" / "daily.csv").write_text(
        "ordered_date,customer_state\n2018-01-01,SP\n2018-01-01,SP\n2018-01-01,RJ\n"
    )
    (project / "seeds" / "routes.csv").write_text(
        "seller_state,customer_state\na|b,c\na,b|c\nSP,RJ\n"
    )
    (project / "seeds" / "_seeds.yml").write_text(
        textwrap.dedent(
            f"""\
            seeds:
              - name: daily
                data_tests:
                  - {COMBINATION_TEST}:
                      arguments:
                        combination_of_columns: [ordered_date, customer_state]
              - name: routes
                data_tests:
                  - {COMBINATION_TEST}:
                      arguments:
                        combination_of_columns: [seller_state, customer_state]
            """
        )
    )
    result = dbt("build", project_dir=project, target_dir=tmp_path)
    assert result.returncode != 0, result.stdout
    run_results = json.loads((tmp_path / "target" / "run_results.json").read_text())
    outcomes = {
        r["unique_id"].split(".")[2]: (r["status"], r["failures"])
        for r in run_results["results"]
        if r["unique_id"].startswith("test.")
    }
    assert outcomes == {
        f"{COMBINATION_TEST}_daily_ordered_date__customer_state": ("fail", 1),
        f"{COMBINATION_TEST}_routes_seller_state__customer_state": ("pass", 0),
    }, outcomes

    # A string where a list belongs would group by its letters: dbt refuses to parse.
    seeds_yml = project / "seeds" / "_seeds.yml"
    seeds_yml.write_text(
        seeds_yml.read_text().replace(
            "[seller_state, customer_state]", '"seller_state, customer_state"'
        )
    )
    result = dbt("parse", project_dir=project, target_dir=tmp_path)
    assert result.returncode != 0
    assert "expected combination_of_columns to be a list" in result.stdout, result.stdout
