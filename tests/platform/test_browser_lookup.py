"""The scraper's browser is found, not assumed: settings, usual places, Selenium Manager."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.postings import fetch
from extract.postings.fetch import BrowserNotFound, find_browser


def executable(path: Path) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n")
    path.chmod(0o755)
    return str(path)


@pytest.fixture
def no_selenium_manager(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fetch, "_selenium_manager", lambda: (None, None, "offline"))
    monkeypatch.setattr(fetch, "CHROME_COMMANDS", ())
    monkeypatch.setattr(fetch.shutil, "which", lambda name: None)


def test_explicit_settings_come_first(tmp_path: Path) -> None:
    chrome, driver = executable(tmp_path / "my chrome"), executable(tmp_path / "my driver")
    usual = executable(tmp_path / "usr" / "chromium")
    found = find_browser(
        {"WAREHOUSE_CHROME": chrome, "WAREHOUSE_CHROMEDRIVER": driver},
        chrome_locations=[usual],
        driver_locations=[usual],
    )
    assert (found.binary, found.driver, found.found_by) == (chrome, driver, "settings")


def test_a_setting_pointing_nowhere_is_an_error_not_a_fallback(tmp_path: Path) -> None:
    usual = executable(tmp_path / "chromium")
    with pytest.raises(BrowserNotFound) as error:
        find_browser(
            {"WAREHOUSE_CHROMEDRIVER": str(tmp_path / "missing")},
            chrome_locations=[usual],
            driver_locations=[usual],
        )
    assert f"WAREHOUSE_CHROMEDRIVER={tmp_path / 'missing'}" in str(error.value)


def test_usual_locations_in_order(tmp_path: Path, no_selenium_manager: None) -> None:
    mac = executable(tmp_path / "Google Chrome.app" / "Contents" / "MacOS" / "Google Chrome")
    driver = executable(tmp_path / "chromedriver")
    found = find_browser(
        {}, chrome_locations=[str(tmp_path / "absent"), mac], driver_locations=[driver]
    )
    assert (found.binary, found.driver, found.found_by) == (mac, driver, "usual locations")


def test_selenium_manager_is_the_last_resort(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_selenium_manager: None
) -> None:
    monkeypatch.setattr(fetch, "_selenium_manager", lambda: ("/sm/chrome", "/sm/driver", ""))
    found = find_browser({}, chrome_locations=[], driver_locations=[])
    assert (found.binary, found.driver, found.found_by) == (
        "/sm/chrome",
        "/sm/driver",
        "Selenium Manager",
    )


def test_nothing_found_names_the_install_commands(no_selenium_manager: None) -> None:
    with pytest.raises(BrowserNotFound) as error:
        find_browser({}, chrome_locations=[], driver_locations=[])
    message = str(error.value)
    assert message.startswith("no Chrome/Chromium and chromedriver found")
    assert "Selenium Manager (offline)" in message
    assert "sudo apt-get install chromium chromium-driver" in message
    assert "sudo dnf install chromium chromedriver" in message
    assert "brew install --cask google-chrome chromedriver" in message
