"""Browser tests: lti-qi and its sandbox LMS served for real, driven by headless Chromium.

The app runs on a free port of 127.0.0.1 in a threaded werkzeug server (during a launch the
tool calls its own sandbox over HTTP, for the key set, while the browser's request waits).
Chromium is Debian's (``/usr/bin/chromium``, ``make browsers``): Playwright cannot download
its own here. Without it these tests skip, except in CI (``CI`` set), where they fail.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from flask import Flask
from werkzeug.serving import WSGIRequestHandler, make_server

from lti_qi import create_app, demo
from lti_qi.extensions import db

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Playwright

# ``from browsing import ...`` in this folder's tests (pytest's pythonpath holds only tests/).
sys.path.insert(0, str(Path(__file__).parent))

CHROMIUM = os.environ.get("LTI_QI_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
TIMEOUT_MS = 10_000
_SERVED: dict[str, Flask] = {}  # each live server's app, by base URL (for own_live_app)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test in this folder ``browser`` (select with ``-m browser``)."""
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.browser)


def _unavailable(reason: str) -> None:
    message = f"{reason}. Install Chromium with `make browsers` (Debian's chromium package)."
    if os.environ.get("CI"):
        pytest.fail(f"{message} CI must run the browser tests.", pytrace=False)
    pytest.skip(message)


class _QuietHandler(WSGIRequestHandler):
    """Serve without a log line per request (errors are still logged)."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """Log nothing for successful requests."""


def _not_ready(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
    return [b"starting"]


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Serve lti-qi with the sandbox LMS (demo setup, SQLite) and return its base URL."""
    yield from _serve(tmp_path_factory.mktemp("browser-instance"))


@pytest.fixture(scope="module")
def live_app(live_server: str) -> Flask:
    """The app ``live_server`` serves (to run operator commands against it)."""
    return _SERVED[live_server]


@pytest.fixture(scope="module")
def own_live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A live server of the test module's own, whose sandbox people start with nothing."""
    yield from _serve(tmp_path_factory.mktemp("own-server-instance"))


@pytest.fixture(scope="module")
def own_live_app(own_live_server: str) -> Flask:
    """The app ``own_live_server`` serves, for tests that set up data a browser cannot quickly."""
    return _SERVED[own_live_server]


def _serve(instance: Path) -> Iterator[str]:
    # Bind first (port 0: the OS picks a free port), then build the app for that address.
    server = make_server("127.0.0.1", 0, _not_ready, threaded=True, request_handler=_QuietHandler)
    base_url = f"http://127.0.0.1:{server.server_port}"
    try:
        app = _demo_app(base_url, instance)
    except BaseException:
        server.server_close()
        raise
    server.app = _SERVED[base_url] = app
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    with app.app_context():
        demo.register_sandbox(app)  # over HTTP, so only once the server answers
    yield base_url
    server.shutdown()
    server.server_close()
    del _SERVED[base_url]
    thread.join(timeout=5)
    with app.app_context():
        db.engine.dispose()


def _demo_app(base_url: str, instance: Path) -> Flask:
    """Build the app for ``base_url`` and prepare it as ``lti-qi demo`` does, on SQLite."""
    app = create_app(
        {
            "env": "test",
            "base_url": base_url,
            "database_url": f"sqlite:///{instance / 'browser.sqlite3'}",
            "instance_path": str(instance),
            "sandbox_enabled": True,
        }
    )
    demo.mount_sandbox(app)
    with app.app_context():
        demo.prepare_demo(app)
    return app


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    """Playwright's sync API, started once per session."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright is not installed (pip install -e '.[test]')")
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    """Headless Chromium, launched once per session."""
    if not Path(CHROMIUM).is_file():
        _unavailable(f"Chromium is not at {CHROMIUM}")
    from playwright.sync_api import Error

    try:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    except Error as error:
        _unavailable(f"Chromium at {CHROMIUM} did not start ({error.message.splitlines()[0]})")
    yield chromium
    chromium.close()


def _open_page(browser: Browser, options: dict[str, Any]) -> Iterator[Page]:
    context = browser.new_context(**options)
    context.set_default_timeout(TIMEOUT_MS)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A page in a fresh browser context (no cookies) with a 1280x800 viewport."""
    yield from _open_page(browser, DESKTOP)


@pytest.fixture
def phone_page(browser: Browser) -> Iterator[Page]:
    """A page in a fresh browser context emulating a phone (390x844, mobile, touch)."""
    yield from _open_page(browser, PHONE)
