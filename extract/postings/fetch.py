"""Fetching pages with Selenium 4 and headless Chromium.

The landing zone must hold the bytes the server sent, not the browser's re-serialised
DOM (``page_source`` changes after scripts run), so the document's response body is read
over the DevTools protocol (``Network.getResponseBody``), and its HTTP status from
Chrome's performance log — Selenium itself exposes neither. If the body is not
available (rare: evicted buffers) the DOM serialisation is stored instead and the
sidecar says so (``body_source: dom``). Block pages are recognised from the page itself
as well, so detection never depends on the status alone.

The browser and its driver are found, not assumed (``find_browser``): the explicit
settings ``WAREHOUSE_CHROME`` / ``WAREHOUSE_CHROMEDRIVER`` first, then the usual
install locations, then Selenium Manager. ``python -m extract.postings.fetch`` prints
what it finds (``make run`` asks it before doing any work).
"""

from __future__ import annotations

import base64
import contextlib
import json
import logging
import os
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from types import TracebackType

from selenium import webdriver
from selenium.common.exceptions import TimeoutException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.selenium_manager import SeleniumManager
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

log = logging.getLogger(__name__)

DEFAULT_USER_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Safari/537.36"
)
# Flags for headless Chromium as root in a container without a network to talk to:
# without the background-networking ones Chromium keeps calling home.
CHROMIUM_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--lang=en-US",
)
# Elements one of which every page we expect has: results, a job, a block or a captcha.
READY_SELECTOR = ", ".join(
    (
        "#mosaic-provider-jobcards",
        ".job_seen_beacon",
        "[data-jk]",
        "#jobDescriptionText",
        ".jobsearch-NoResult-messageContainer",
        "#cf-error-details",
        "#challenge-running",
        ".h-captcha",
    )
)


@dataclass(frozen=True)
class BrowserSettings:
    delay: float = 2.0  # seconds between requests (politeness)
    jitter: float = 1.0  # plus up to this many random seconds
    wait_timeout: float = 10.0  # explicit wait for the page's content
    page_load_timeout: float = 30.0
    challenge_wait: float = 0.0  # how long to let a "Just a moment..." page resolve
    window_width: int = 1366
    window_height: int = 900
    user_agent: str = DEFAULT_USER_AGENT
    # None: found by ``find_browser`` when the browser starts.
    chromium_binary: str | None = None
    chromedriver: str | None = None


@dataclass(frozen=True)
class FetchedPage:
    url: str
    final_url: str
    status: int | None
    body: bytes
    body_source: str  # network or dom
    title: str
    fetched_at: datetime


class BrowserError(RuntimeError):
    pass


class BrowserNotFound(BrowserError):
    """No usable Chrome/Chromium and chromedriver: the message says how to get them."""


CHROME_ENV = "WAREHOUSE_CHROME"
CHROMEDRIVER_ENV = "WAREHOUSE_CHROMEDRIVER"
# The usual places, in order: Debian/Ubuntu's chromium, Google Chrome (Linux .deb/.rpm),
# Fedora's chromium, the macOS app bundles; then whatever the PATH has.
CHROME_LOCATIONS = (
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/bin/google-chrome",
    "/usr/bin/google-chrome-stable",
    "/opt/google/chrome/chrome",
    "/usr/lib64/chromium-browser/chromium-browser",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
)
CHROME_COMMANDS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CHROMEDRIVER_LOCATIONS = (
    "/usr/bin/chromedriver",
    "/usr/lib/chromium/chromedriver",
    "/usr/lib64/chromium-browser/chromedriver",
    "/usr/local/bin/chromedriver",
    "/opt/homebrew/bin/chromedriver",
)
INSTALL_HINT = (
    "install Chromium and chromedriver, or set WAREHOUSE_CHROME and WAREHOUSE_CHROMEDRIVER:\n"
    "  Debian/Ubuntu: sudo apt-get install chromium chromium-driver\n"
    "  Fedora:        sudo dnf install chromium chromedriver\n"
    "  macOS:         brew install --cask google-chrome chromedriver"
)


@dataclass(frozen=True)
class BrowserPaths:
    binary: str
    driver: str
    found_by: str  # settings, usual locations or Selenium Manager


def _executable(path: str) -> bool:
    return os.path.isfile(path) and os.access(path, os.X_OK)


def _first(locations: Sequence[str], commands: Sequence[str]) -> str | None:
    for location in locations:
        if _executable(location):
            return location
    for command in commands:
        found = shutil.which(command)
        if found:
            return found
    return None


def _selenium_manager() -> tuple[str | None, str | None, str]:
    """Ask Selenium Manager (it downloads a matching browser where there is internet)."""
    try:
        paths = SeleniumManager().binary_paths(["--browser", "chrome", "--avoid-stats"])
    except (WebDriverException, OSError) as error:
        return None, None, str(error).strip().splitlines()[0] if str(error).strip() else ""
    return paths.get("browser_path") or None, paths.get("driver_path") or None, ""


def find_browser(
    env: Mapping[str, str] | None = None,
    chrome_locations: Sequence[str] = CHROME_LOCATIONS,
    driver_locations: Sequence[str] = CHROMEDRIVER_LOCATIONS,
    use_selenium_manager: bool = True,
) -> BrowserPaths:
    """The browser and chromedriver to use, or ``BrowserNotFound`` saying what to do.

    An explicit setting that points at nothing is an error, not a cue to look elsewhere:
    the user asked for that browser.
    """
    env = os.environ if env is None else env
    explicit = {name: env.get(name, "").strip() for name in (CHROME_ENV, CHROMEDRIVER_ENV)}
    for name, value in explicit.items():
        if value and not _executable(value):
            raise BrowserNotFound(f"{name}={value} is not an executable file; {INSTALL_HINT}")
    binary = explicit[CHROME_ENV] or _first(chrome_locations, CHROME_COMMANDS)
    driver = explicit[CHROMEDRIVER_ENV] or _first(driver_locations, ("chromedriver",))
    if binary and driver:
        found_by = "settings" if all(explicit.values()) else "usual locations"
        return BrowserPaths(binary=binary, driver=driver, found_by=found_by)
    why = ""
    if use_selenium_manager:
        managed_binary, managed_driver, why = _selenium_manager()
        binary, driver = binary or managed_binary, driver or managed_driver
        if binary and driver:
            return BrowserPaths(binary=binary, driver=driver, found_by="Selenium Manager")
    missing = " and ".join(
        label for label, path in (("Chrome/Chromium", binary), ("chromedriver", driver))
        if not path
    )  # fmt: skip
    looked = "the settings, the usual locations" + (
        f" and Selenium Manager ({why})" if why else " and Selenium Manager"
    )
    raise BrowserNotFound(f"no {missing} found (looked at {looked}); {INSTALL_HINT}")


class Browser:
    """A headless Chromium session; use as a context manager."""

    def __init__(self, settings: BrowserSettings) -> None:
        self.settings = settings
        self._driver: webdriver.Chrome | None = None
        self._profile_dir: str | None = None
        self._last_request: float | None = None
        self._random = random.Random()

    def __enter__(self) -> Browser:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def start(self) -> None:
        settings = self.settings
        binary, driver = settings.chromium_binary, settings.chromedriver
        if binary is None or driver is None:
            found = find_browser()
            binary, driver = binary or found.binary, driver or found.driver
        self._profile_dir = tempfile.mkdtemp(prefix="postings-chromium-")
        options = webdriver.ChromeOptions()
        options.binary_location = binary
        for flag in CHROMIUM_FLAGS:
            options.add_argument(flag)
        options.add_argument(f"--user-data-dir={self._profile_dir}")
        options.add_argument(f"--window-size={settings.window_width},{settings.window_height}")
        options.add_argument(f"--user-agent={settings.user_agent}")
        options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
        try:
            self._driver = webdriver.Chrome(service=Service(driver), options=options)
        except WebDriverException as error:
            shutil.rmtree(self._profile_dir, ignore_errors=True)
            raise BrowserError(
                f"could not start Chromium ({binary}) with chromedriver ({driver}): {error.msg}"
            ) from error
        self._driver.set_page_load_timeout(settings.page_load_timeout)
        # Keep response bodies in the DevTools buffer so they can be read after load.
        self._driver.execute_cdp_cmd(
            "Network.enable",
            {"maxTotalBufferSize": 100_000_000, "maxResourceBufferSize": 20_000_000},
        )
        self._driver.get_log("performance")  # drop the start-up page's events

    def close(self) -> None:
        if self._driver is not None:
            try:
                self._driver.quit()
            finally:
                self._driver = None
        if self._profile_dir is not None:
            shutil.rmtree(self._profile_dir, ignore_errors=True)
            self._profile_dir = None

    @property
    def driver(self) -> webdriver.Chrome:
        if self._driver is None:
            raise BrowserError("the browser is not running; use it as a context manager")
        return self._driver

    def pause(self) -> None:
        """Wait out the politeness delay (with jitter) since the previous request."""
        if self._last_request is None:
            return
        wanted = self.settings.delay + self._random.uniform(0, self.settings.jitter)
        remaining = wanted - (time.monotonic() - self._last_request)
        if remaining > 0:
            time.sleep(remaining)

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)

    def fetch(self, url: str) -> FetchedPage:
        self.pause()
        driver = self.driver
        driver.get_log("performance")
        self._last_request = time.monotonic()
        try:
            driver.get(url)
        except TimeoutException as error:
            raise BrowserError(
                f"{url}: page did not load within {self.settings.page_load_timeout:.0f} s"
            ) from error
        fetched_at = datetime.now(tz=UTC)
        self._wait_for_content(url)
        if self.settings.challenge_wait > 0 and driver.title.strip().lower().startswith(
            "just a moment"
        ):
            self._wait_for_challenge()
        status, request_id = self._document_response(driver.current_url)
        body, source = self._body(request_id)
        return FetchedPage(
            url=url,
            final_url=driver.current_url,
            status=status,
            body=body,
            body_source=source,
            title=driver.title,
            fetched_at=fetched_at,
        )

    def _wait_for_content(self, url: str) -> None:
        try:
            WebDriverWait(self.driver, self.settings.wait_timeout).until(
                expected_conditions.presence_of_element_located((By.CSS_SELECTOR, READY_SELECTOR))
            )
        except TimeoutException:
            # Not fatal: the page is stored and the parser names it if it is unusable.
            log.warning(
                "%s: none of %s appeared within %.0f s",
                url,
                READY_SELECTOR,
                self.settings.wait_timeout,
            )

    def _wait_for_challenge(self) -> None:
        # Still challenged afterwards means blocked; the caller's detection decides.
        with contextlib.suppress(TimeoutException):
            WebDriverWait(self.driver, self.settings.challenge_wait).until_not(
                expected_conditions.title_contains("Just a moment")
            )

    def _document_response(self, final_url: str) -> tuple[int | None, str | None]:
        """Status and DevTools request id of the main document, from the performance log."""
        status: int | None = None
        request_id: str | None = None
        for entry in self.driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message.get("method") != "Network.responseReceived":
                continue
            params = message["params"]
            if params.get("type") != "Document":
                continue
            response = params["response"]
            if response.get("url") == final_url or request_id is None:
                status = int(response["status"])
                request_id = params["requestId"]
        return status, request_id

    def _body(self, request_id: str | None) -> tuple[bytes, str]:
        if request_id is not None:
            try:
                result = self.driver.execute_cdp_cmd(
                    "Network.getResponseBody", {"requestId": request_id}
                )
            except WebDriverException as error:
                log.warning("response body unavailable (%s); storing the DOM instead", error.msg)
            else:
                if result.get("base64Encoded"):
                    return base64.b64decode(result["body"]), "network"
                return result["body"].encode("utf-8"), "network"
        return self.driver.page_source.encode("utf-8"), "dom"


def main() -> int:
    """Print the browser ``Browser`` would use; exit 1 with the install hint if none."""
    try:
        found = find_browser()
    except BrowserNotFound as error:
        print(f"postings: {error}", file=sys.stderr)
        return 1
    print(f"browser: {found.binary}\nchromedriver: {found.driver}\nfound by: {found.found_by}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
