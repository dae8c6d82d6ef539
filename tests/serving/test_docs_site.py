"""``dbt docs serve`` on the sample project, opened in headless Chromium."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from tests.conftest import REPO_ROOT, Workspace, free_port
from tests.serving.browser import chromium, external, requested_urls

pytestmark = pytest.mark.browser

# The "Projects" tree of the sidebar (sources and exposures have trees of their own).
PROJECT_TREE = "//strong[normalize-space() = 'Projects']/following-sibling::ul[1]"
PROJECT_FOLDERS = f"{PROJECT_TREE}//a[@ng-click='onFolderClick(item)']"
PROJECT_NODES = f"{PROJECT_TREE}//a[@ng-click='activate(item)']"
# The lineage graph's cytoscape instance, its node ids, and how many of its canvas
# pixels are painted.
GRAPH_NODES_JS = "return document.getElementById('cy')._cyreg.cy.nodes().map(n => n.id());"
PAINTED_PIXELS_JS = """
let painted = 0;
for (const canvas of document.querySelectorAll('#cy canvas')) {
    if (!canvas.width || !canvas.height) continue;
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
}
return painted;
"""


@pytest.fixture(scope="module")
def docs_url(duckdb_sample: Workspace, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``dbt docs serve`` on a free port, as ``make docs`` runs it."""
    port = free_port()
    log_path = tmp_path_factory.mktemp("docs_serve") / "serve.log"
    dbt = str(Path(sys.executable).parent / "dbt")
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [
                dbt,
                "docs",
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--no-browser",
                "--project-dir",
                str(REPO_ROOT),
            ],
            cwd=REPO_ROOT,
            env=duckdb_sample.env(),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 180
        while True:
            if process.poll() is not None:
                pytest.fail(f"dbt docs serve exited {process.returncode}:\n{log_path.read_text()}")
            try:
                if requests.get(url, timeout=5).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(
                    f"dbt docs serve did not answer on {url} in 180s:\n{log_path.read_text()}"
                )
            time.sleep(1)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def manifest(duckdb_sample: Workspace) -> dict:
    return json.loads((duckdb_sample.root / "dbt_target" / "manifest.json").read_text())


def visible_text(driver: WebDriver, xpath: str) -> list[str]:
    # The sidebar breaks long names over lines: compare without whitespace.
    return [
        "".join(element.get_attribute("textContent").split())
        for element in driver.find_elements(By.XPATH, xpath)
        if element.is_displayed()
    ]


def open_folder(driver: WebDriver, name: str) -> None:
    for element in driver.find_elements(By.XPATH, PROJECT_FOLDERS):
        if element.is_displayed() and element.text.strip() == name:
            element.click()
            return
    raise AssertionError(
        f"no folder {name!r} in the project tree: {visible_text(driver, PROJECT_FOLDERS)}"
    )


def open_page(driver: WebDriver, url: str) -> None:
    """Load the site afresh, so the lineage panel starts closed."""
    driver.get("about:blank")
    driver.get(url)


def open_lineage(driver: WebDriver) -> list[str]:
    wait = WebDriverWait(driver, 60)
    wait.until(
        expected_conditions.element_to_be_clickable(
            (By.CSS_SELECTOR, "a[ng-click='onLauncherClick()']")
        )
    ).click()
    wait.until(lambda d: d.execute_script(PAINTED_PIXELS_JS) > 1000)
    return driver.execute_script(GRAPH_NODES_JS)


def test_docs_site_lists_the_marts_shows_a_model_and_draws_lineage(
    docs_url: str, manifest: dict, tmp_path: Path
) -> None:
    marts = {
        node["name"]: node
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model"
        and node["original_file_path"].startswith("models/marts/")
    }
    domains = sorted({Path(node["original_file_path"]).parts[2] for node in marts.values()})
    assert {"delivery", "skills", "users"} <= set(domains)

    with chromium(tmp_path / "chromium") as driver:
        wait = WebDriverWait(driver, 60)
        driver.get(docs_url)
        wait.until(
            expected_conditions.element_to_be_clickable(
                (By.CSS_SELECTOR, "span[ng-click=\"nav_selected = 'project'\"]")
            )
        ).click()
        for folder in ("warehouse", "models", "marts", *domains):
            open_folder(driver, folder)
        assert set(marts) <= set(visible_text(driver, PROJECT_NODES))

        # A mart's page: its description and every documented column.
        fct = marts["fct_order_deliveries"]
        open_page(driver, f"{docs_url}#!/model/{fct['unique_id']}")
        first_sentence = fct["description"].split(":")[0].strip()
        wait.until(lambda d: first_sentence in d.find_element(By.TAG_NAME, "body").text)
        body = driver.find_element(By.TAG_NAME, "body").text
        for column in fct["columns"].values():
            assert column["name"] in body
            assert " ".join(column["description"].split())[:40] in " ".join(body.split())

        # Its lineage: what it is built from and what is built from it.
        nodes = open_lineage(driver)
        assert fct["unique_id"] in nodes
        assert "model.warehouse.int_orders_delivery_timed" in nodes
        assert "model.warehouse.agg_delivery_performance_daily" in nodes
        driver.save_screenshot(str(tmp_path / "docs_model_lineage.png"))

        # The lineage ends at the dashboards: each exposure's graph holds its marts.
        for exposure in manifest["exposures"].values():
            open_page(driver, f"{docs_url}#!/exposure/{exposure['unique_id']}")
            wait.until(
                lambda d, label=exposure["label"]: label in d.find_element(By.TAG_NAME, "body").text
            )
            nodes = open_lineage(driver)
            assert exposure["unique_id"] in nodes
            assert set(exposure["depends_on"]["nodes"]) <= set(nodes)
        driver.save_screenshot(str(tmp_path / "docs_exposure_lineage.png"))

        # dbt docs is self-contained: nothing was fetched beyond the local server.
        assert external(requested_urls(driver), (docs_url,)) == set()
