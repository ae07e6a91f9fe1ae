"""Browser fixtures: one Chromium per module. Browser tests never skip quietly: without Chromium they fail,
unless MEDIALIT_SKIP_BROWSER=1 is set (CI never sets it)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from harness import CHROMIUM_ARGS, chromium_path

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="module")
def browser():
    if os.environ.get("MEDIALIT_SKIP_BROWSER") == "1":
        pytest.skip("MEDIALIT_SKIP_BROWSER=1: browser tests skipped on request")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    pg = context.new_page()
    pg.set_default_timeout(120_000)  # a shared CI machine can be slow to load JupyterLab: more than playwright's 30 s
    yield pg
    context.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
