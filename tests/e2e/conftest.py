"""Browser tests: the app served for real on 127.0.0.1, driven by Playwright with Debian's chromium.

- `live_server`: the test app (same database as the test) served by werkzeug in a thread on a free port,
  with CSRF on, as in production.
- `browser`: one chromium for the run. Skipped with a message when /usr/bin/chromium is missing,
  except in CI (CI=true), where that is a failure.
- `page` / `new_page`: a fresh browser context per person; the last page each one showed is saved
  as test-results/<test name>.png (and <test name>-2.png, ... for further people) at teardown.
"""

import os
import re
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu"]
RESULTS = Path(__file__).resolve().parents[2] / "test-results"


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() not in ("", "0", "false", "no")


@pytest.fixture
def live_server(app):
    """Serve the test app on 127.0.0.1:<free port> while the test runs."""
    saved = {key: app.config[key] for key in ("WTF_CSRF_ENABLED", "BASE_URL")}
    server = make_server("127.0.0.1", 0, app, threaded=True)
    url = f"http://127.0.0.1:{server.server_port}"
    app.config.update(WTF_CSRF_ENABLED=True, BASE_URL=url)  # links in mails point here
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    server.url = url
    yield server
    server.shutdown()
    thread.join(timeout=5)
    server.server_close()
    app.config.update(saved)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium) to run browser tests"
        if in_ci():
            pytest.fail(f"CI: {message}", pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture
def new_page(browser, live_server, request):
    """Open a page in a new browser context (a new person); screenshots are saved at teardown."""
    contexts = []

    def open_page(viewport=(1200, 900), timezone_id="Europe/Berlin", javascript=True):
        context = browser.new_context(
            base_url=live_server.url,
            viewport={"width": viewport[0], "height": viewport[1]},
            timezone_id=timezone_id,
            locale="en-GB",
            java_script_enabled=javascript,
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    RESULTS.mkdir(exist_ok=True)
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)
    for number, context in enumerate(contexts, start=1):
        suffix = "" if number == 1 else f"-{number}"
        for page in context.pages[-1:]:
            try:
                page.screenshot(path=str(RESULTS / f"{name}{suffix}.png"), full_page=True)
            except Exception as error:  # a crashed page must not hide the test's own failure
                print(f"screenshot failed: {error}")
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture(autouse=True)
def screenshot_other_contexts(request):
    """Journeys that open their own browser contexts (not through `new_page`) still leave a screenshot of each
    person's last page (test-results/<test>-ctx<N>.png); the contexts are closed so they don't pile up."""
    yield
    if "browser" not in request.fixturenames:
        return
    browser = request.getfixturevalue("browser")
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)
    for number, context in enumerate(list(browser.contexts), start=1):
        RESULTS.mkdir(exist_ok=True)
        for page in context.pages[-1:]:
            try:
                page.screenshot(path=str(RESULTS / f"{name}-ctx{number}.png"), full_page=True)
            except Exception as error:  # a crashed page must not hide the test's own failure
                print(f"screenshot failed: {error}")
        context.close()
