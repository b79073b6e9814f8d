"""Evidence links in Chromium: a saved verdict's link is checked by the worker and its badge
turns ok without a reload, the title fills in, the excerpt and the attribution are marked
found on the page, a dead link shows as dead, the snapshot opens as plain text, and the
attribution check is saved beside the verdict (local test servers only)."""

import os

import pytest

from annotations.models import AttributionCheck, Evidence
from annotations.services.articles import import_article
from tests.conftest import wait_for
from tests.fetch_servers import page as served
from tests.fetch_servers import serving

from .conftest import log_in, screenshot, wait_for_pretags

pytestmark = [pytest.mark.browser, pytest.mark.integration]

TEXT = (
    "Laut dem Lokalblatt haben 3000 Menschen an der Versammlung teilgenommen.\n\n"
    "Die Polizei sprach am Abend von einem friedlichen Verlauf."
)
SOURCE = (
    b"<html><head><title>Lokale Quelle</title>"
    b'<meta property="og:site_name" content="Lokalblatt"></head><body><article>'
    b"<p>Die Stadt hat am Montag mitgeteilt, dass 3000 Menschen an der Versammlung "
    b"teilgenommen haben, deutlich mehr als erwartet. Die Veranstalter zeigten sich "
    b"zufrieden mit dem Ablauf und kuendigten eine weitere Kundgebung an.</p>"
    b"</article></body></html>"
)


@pytest.fixture(scope="module")
def site():
    """Local pages the worker may fetch; the port reaches the worker through its environment."""
    routes = {"/quelle": served(SOURCE), "/weg": served(b"weg", status=404)}
    with serving(routes) as server:
        saved = os.environ.get("FACTCHECK_LINKCHECK_ALLOW")
        os.environ["FACTCHECK_LINKCHECK_ALLOW"] = f"127.0.0.1:{server.port}"
        yield server
        if saved is None:
            os.environ.pop("FACTCHECK_LINKCHECK_ALLOW", None)
        else:
            os.environ["FACTCHECK_LINKCHECK_ALLOW"] = saved


@pytest.fixture(scope="module")
def worker_process(site, worker_process):
    return worker_process  # started after the site, so it inherits the allowed port


@pytest.fixture
def rally(newsroom, editor):
    article, _job = import_article(
        newsroom=newsroom, title="Versammlung", text=TEXT, language="de", imported_by=editor
    )
    return article


def test_a_saved_link_gets_its_badges_title_and_snapshot_without_a_reload(
    transactional_db, live_server, worker_process, site, new_page, rally, editor, settings
):
    settings.FACTCHECK_LINKCHECK_ALLOW = [f"127.0.0.1:{site.port}"]
    page = new_page()
    log_in(page, "editor")
    page.goto(f"/articles/{rally.pk}/")
    wait_for_pretags(page)
    sentence = rally.sentences.filter(heading=False).order_by("ordinal").first()
    page.click(f"#s-{sentence.pk}")
    page.wait_for_selector(f'#s-{sentence.pk}[aria-selected="true"]')

    page.check('input[name="verdict"][value="verified"]')
    page.click("#add-evidence")
    first = page.locator(".evidence-item").nth(0)
    first.locator(".ev-url").fill(site.url("/quelle"))
    first.locator(".ev-excerpt").fill("3000 Menschen an der Versammlung teilgenommen")
    page.click("#add-evidence")
    page.locator(".evidence-item").nth(1).locator(".ev-url").fill(site.url("/weg"))
    page.click("#save-verdict")
    page.wait_for_selector("#save-state:has-text('Saved')")
    loads = []
    page.on("load", lambda _page: loads.append(1))

    # The worker checks both links; the badges turn by themselves.
    first = page.locator(".evidence-item").nth(0)
    first.locator(".link-state .lb-ok").wait_for(timeout=90_000)
    assert first.locator(".ev-title").input_value() == "Lokale Quelle"
    assert first.locator(".ev-publisher").input_value() == "Lokalblatt"
    assert first.locator(".lb-found", has_text="Excerpt found on page").count() == 1
    assert first.locator(".lb-found", has_text="Attribution found").count() == 1
    dead = page.locator(".evidence-item").nth(1)
    dead.locator(".link-state .lb-dead").wait_for(timeout=90_000)
    assert "404" in dead.locator(".lb-dead").text_content()
    assert dead.locator(".lb-snapshot").count() == 0
    assert loads == []  # no reload of the page was needed

    # The snapshot, one click away, is plain text.
    href = first.locator(".lb-snapshot").get_attribute("href")
    evidence = Evidence.objects.get(annotation__sentence=sentence, url=site.url("/quelle"))
    assert href == f"/api/evidence/{evidence.pk}/snapshot/"
    response = page.request.get(href)
    assert response.status == 200
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "3000 Menschen an der Versammlung" in response.text() and "<p>" not in response.text()

    # The attribution check beside the verdict.
    section = page.locator("#attribution")
    section.wait_for()
    assert (
        "3000 Menschen an der Versammlung teilgenommen"
        in section.locator("#attribution-words").text_content()
    )
    page.check('input[name="attribution-result"][value="confirmed"]')
    page.fill("#attribution-rationale", "Die Stadt bestätigt die Zahl.")
    page.click("#save-attribution")
    page.wait_for_selector("#attribution-save-state:has-text('saved')")
    check = AttributionCheck.objects.get(annotation__sentence=sentence)
    assert check.result == "confirmed" and check.rationale == "Die Stadt bestätigt die Zahl."

    first.scroll_into_view_if_needed()
    screenshot(page, "evidence-links-1440")
    page.set_viewport_size({"width": 390, "height": 844})
    first.scroll_into_view_if_needed()
    screenshot(page, "evidence-links-390")
    page.locator("#attribution").scroll_into_view_if_needed()
    screenshot(page, "attribution-390")
    assert page.errors == []

    # German: the same badges in the desk's language.
    german = new_page(locale="de-DE")
    log_in(german, "editor")
    german.goto(f"/articles/{rally.pk}/?sentence={sentence.pk}")
    german.locator(".evidence-item").nth(0).locator(".lb-ok").wait_for()
    wait_for(lambda: german.locator("#attribution-state").text_content() != "", timeout=30)
    assert german.locator(".lb-ok").first.text_content() == "Link in Ordnung"
    assert german.locator("#attribution-state").text_content() == "bestätigt"
    assert german.locator(".link-note").first.text_content().startswith("Geprüft am ")
    assert german.locator("#attribution-suggested").text_content() == "Vorauszeichnung: Lokalblatt"
    german.locator(".evidence-item").nth(0).scroll_into_view_if_needed()
    screenshot(german, "evidence-links-de-1440")
    assert german.errors == []
