"""Headless Chromium for the serving tests, with the network requests it made."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.remote.webdriver import WebDriver

from extract.postings.fetch import CHROMIUM_FLAGS, BrowserNotFound, find_browser
from tests.conftest import service_unavailable

FLAGS = (*CHROMIUM_FLAGS, "--window-size=1400,1000")


@contextmanager
def chromium(profile_dir: Path) -> Iterator[WebDriver]:
    """A fresh headless Chromium (its own profile) that logs every network request."""
    try:
        browser = find_browser()
    except BrowserNotFound as error:
        service_unavailable(str(error))
    options = webdriver.ChromeOptions()
    for flag in FLAGS:
        options.add_argument(flag)
    profile_dir.mkdir(parents=True, exist_ok=True)
    options.add_argument(f"--user-data-dir={profile_dir}")
    options.binary_location = browser.binary
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(service=Service(browser.driver), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile_dir, ignore_errors=True)


def requested_urls(driver: WebDriver) -> set[str]:
    """Every URL the page asked for since the last call (from the DevTools log)."""
    urls = set()
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.add(message["params"]["request"]["url"])
    return urls


def external(urls: set[str], allowed_prefixes: tuple[str, ...]) -> set[str]:
    """URLs that would need a network beyond the allowed ones (chrome:// pages are
    the browser's own, data: URLs are inline)."""
    return {
        url
        for url in urls
        if not url.startswith(("data:", "chrome:", "chrome-extension:", "about:", "blob:"))
        and not url.startswith(allowed_prefixes)
    }
