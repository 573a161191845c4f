"""A real headless Chromium for the tests (Debian's chromium + chromedriver, driven by
selenium): what is missing, and one way to start it.  .ci/run installs the browser;
without it the tests that need it skip with the reason."""

from __future__ import annotations

import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = next((p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None)
CHROMEDRIVER = shutil.which("chromedriver") or ("/usr/bin/chromedriver" if Path("/usr/bin/chromedriver").exists() else None)

try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    NO_SELENIUM = None
except ImportError:  # pragma: no cover - depends on the machine
    webdriver = Service = By = WebDriverWait = None
    NO_SELENIUM = "selenium is not installed (pip install -e '.[dev]')"

NO_BROWSER = ("no headless browser: chromium and chromedriver not found "
              "(Debian: apt-get install chromium chromium-driver)")
SKIPS = [
    pytest.mark.skipif(NO_SELENIUM is not None, reason=NO_SELENIUM or ""),
    pytest.mark.skipif(CHROMIUM is None or CHROMEDRIVER is None, reason=NO_BROWSER),
]

# the flags a closed network needs (no background connections), and a fixed window
FLAGS = (
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--disable-extensions", "--window-size=1400,1000",
)


@contextmanager
def chromium():
    """A headless Chromium with a private profile and the page's console log kept; the
    calling test skips with the reason when none can be started."""
    if NO_SELENIUM:
        pytest.skip(NO_SELENIUM)
    if CHROMIUM is None or CHROMEDRIVER is None:
        pytest.skip(NO_BROWSER)
    profile = tempfile.mkdtemp(prefix="doclint-chromium-")
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for flag in FLAGS:
        opts.add_argument(flag)
    opts.add_argument(f"--user-data-dir={profile}")
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    try:
        driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    except Exception as exc:  # pragma: no cover - depends on the machine
        shutil.rmtree(profile, ignore_errors=True)
        pytest.skip(f"chromium could not be started headless: {exc.__class__.__name__}: {str(exc).splitlines()[0]}")
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
