"""Real headless Chromium (Debian's package) driven by Playwright."""

from __future__ import annotations

import shutil

import pytest

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium") or "/usr/bin/chromium"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _chinese_page(browser, width: int, height: int):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN",
                                  extra_http_headers={"Accept-Language": "zh-CN,zh;q=0.9"})
    yield context.new_page()
    context.close()


@pytest.fixture
def phone_page(browser):
    """A phone-sized page, Chinese first as our users' phones are."""
    yield from _chinese_page(browser, 390, 844)


@pytest.fixture
def laptop_page(browser):
    """An office PC's browser window, in Chinese."""
    yield from _chinese_page(browser, 1366, 768)
