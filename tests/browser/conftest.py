"""Headless Chromium (Debian's) against the live test server, with helpers for the pages."""

import os
from pathlib import Path

import pytest
from django.conf import settings

from tests.factories import PASSWORD

CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = Path(settings.VAR_DIR) / "screenshots"


@pytest.fixture(scope="module")
def worker_niceness() -> str:
    """Browser flows test what a person sees once a job is done, not the job's priority
    (tests/integration/test_jobs.py and test_serve.py do): their worker's job threads keep
    normal priority. At niceness 10 beside a loaded machine's busy processes a job thread gets a
    few percent of a core, and a worker's first link check (which imports the page reader)
    then outlasts any wait a page can sensibly make."""
    return "0"


@pytest.fixture(scope="package")
def browser():
    if not Path(CHROMIUM).exists():
        message = "Chromium is not installed at /usr/bin/chromium (apt-get install chromium)"
        # In CI a missing browser is a broken set-up, not a reason to pass.
        pytest.fail(message) if os.environ.get("CI") == "true" else pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; the ORM calls the tests make
    # between page actions are still plain synchronous calls. Only while the browser runs:
    # processes that later tests start must not inherit the switch.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM,
                headless=True,
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            yield browser
            browser.close()


@pytest.fixture
def new_page(browser, live_server):
    """``new_page(locale="en-US")``: a fresh browser context (own cookies) and its page."""
    contexts = []

    def make(locale: str = "en-US"):
        context = browser.new_context(
            base_url=live_server.url, locale=locale, viewport={"width": 1440, "height": 900}
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.errors = []
        page.dialogs = []
        page.on("pageerror", lambda error: page.errors.append(str(error)))

        def on_dialog(dialog):
            # Recorded for the XSS tests; "leave the page?" prompts are answered with yes.
            page.dialogs.append((dialog.type, dialog.message))
            dialog.accept()

        page.on("dialog", on_dialog)
        return page

    yield make
    for context in contexts:
        context.close()


def log_in(page, username: str, password: str = PASSWORD) -> None:
    page.goto("/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit].btn-primary")
    page.wait_for_url(lambda url: "/login/" not in url)


def screenshot(page, name: str, *, docs: bool = False) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    # The README's pictures change only on request: `make screenshots`.
    if docs and os.environ.get("UPDATE_DOC_SCREENSHOTS") == "1":
        target = Path(settings.BASE_DIR) / "docs" / "screenshots" / f"{name}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(path.read_bytes())
    return path


def wait_for_pretags(page) -> None:
    """The workspace swaps in the tagged text by itself once the job is done."""
    page.wait_for_selector('#article-body[data-tagged="true"]', timeout=90_000)
