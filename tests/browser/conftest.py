"""Playwright in headless Debian Chromium against pytest-django's live_server (SETUP-NOTES §2.5)."""

import os

os.environ.setdefault(
    "DJANGO_ALLOW_ASYNC_UNSAFE", "true"
)  # Playwright's sync API runs an event loop in the test thread

from pathlib import Path

import pytest

# The finance app's SYNTHETIC portfolio in the small test municipality, for test_finance.py.
from tests.web.conftest import world  # noqa: F401
from tests.web.finance.conftest import portfolio  # noqa: F401

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_MIN_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": "/usr/bin/chromium", "args": CHROMIUM_ARGS}


@pytest.fixture
def axe_violations():
    """Run axe-core on the page; returns the list of violations (empty = accessible)."""

    def run(page) -> list[dict]:
        # Evaluated over the DevTools protocol, not as an inline <script>: the pages' CSP forbids those.
        page.evaluate(AXE_MIN_JS.read_text(encoding="utf-8"))
        return page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")

    return run
