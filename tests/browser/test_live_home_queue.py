"""The home page and the review queue follow colleagues' work without a reload, through one
request per poll for the whole page."""

import pytest
from playwright.sync_api import expect

from annotations.models import Sentence
from annotations.selectors.readiness import get_article_readiness
from annotations.services.articles import import_article
from annotations.services.review import approve, submit
from annotations.services.verdicts import set_verdict
from annotations.services.versions import import_version

from .conftest import log_in, screenshot

pytestmark = pytest.mark.browser

LIVE_WAIT_MS = 5_000  # the bound of every wait; the promise itself is 2 s


def first_sentence(article) -> Sentence:
    return Sentence.objects.filter(article=article, heading=False).order_by("ordinal").first()


def watch_api(page) -> list[str]:
    seen: list[str] = []
    page.on("request", lambda r: seen.append(r.url) if "/api/" in r.url else None)
    return seen


def test_home_counts_and_readiness_follow_a_colleagues_save_approve_and_import(
    transactional_db, live_server, new_page, article, newsroom, editor, reviewer, seed_text
):
    page = new_page()
    requests = watch_api(page)
    log_in(page, "reviewer")
    page.goto("/")
    row = page.locator(f'.article-row[data-article="{article.pk}"]')
    verified = row.locator('.count[data-kind="verified"] b')
    expect(verified).to_have_text("0")
    page.wait_for_timeout(1500)  # the first polls, with nothing to report

    sentence = first_sentence(article)
    set_verdict(sentence=sentence, editor=editor, verdict="verified", expected_version=0)
    expect(verified).to_have_text("1", timeout=LIVE_WAIT_MS)
    assert row.locator('rect[data-kind="verified"]').get_attribute("data-count") == "1"
    submit(sentence=sentence, editor=editor)
    approve(sentence=sentence, reviewer=reviewer)
    readiness = row.locator(".row-readiness")
    expected = get_article_readiness(article=article)
    expect(readiness).to_have_attribute(
        "data-blockers", str(len(expected["blockers"])), timeout=LIVE_WAIT_MS
    )
    expect(readiness).to_have_attribute("data-ready", str(expected["ready"]).lower())
    expect(readiness.locator("a")).to_have_attribute("href", f"/articles/{article.pk}/#readiness")

    # A corrected text: the row's sentence count follows; a new article is announced.
    import_version(article=article, text=seed_text + "\n\nEin Satz kam dazu.", imported_by=editor)
    article.refresh_from_db()
    n = Sentence.objects.filter(version_id=article.current_version_id, heading=False).count()
    expect(row.locator(".sentence-count")).to_have_text(f"{n} sentences", timeout=LIVE_WAIT_MS)
    import_article(newsroom=newsroom, title="Neu", text="Ein neuer Text.", language="de")
    expect(page.locator("#new-articles")).to_contain_text("imported", timeout=LIVE_WAIT_MS)
    expect(page.locator("#new-articles a")).to_have_attribute("href", "/")
    assert page.errors == []

    # One request per poll for the whole page: nothing asks per row.
    polled = [u for u in requests if "/api/desk/changes/" in u]
    assert polled, requests
    others = [u for u in requests if "/api/desk/changes/" not in u and "/notifications/" not in u]
    assert others == [], others
    screenshot(page, "home-live-1440")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "home-live-390")


def test_queue_rows_and_count_follow_a_colleagues_save(
    transactional_db, live_server, new_page, article, editor, reviewer
):
    page = new_page()
    log_in(page, "reviewer")
    page.goto("/queue/?verdict=none")
    sentence = first_sentence(article)
    row = page.locator(f'tr[data-sentence="{sentence.pk}"]')
    expect(row).to_have_attribute("data-verdict", "")
    before = page.locator("#queue-count").text_content()
    page.wait_for_timeout(1500)

    set_verdict(sentence=sentence, editor=editor, verdict="disputed", expected_version=0)
    expect(row).to_have_attribute("data-verdict", "disputed", timeout=LIVE_WAIT_MS)
    expect(row.locator(".q-verdict")).to_contain_text("✗ disputed")
    expect(row).to_have_attribute("data-review-state", "draft")
    expect(page.locator("#queue-count")).not_to_have_text(before, timeout=LIVE_WAIT_MS)
    expect(page.locator("#queue-changed")).to_be_visible()
    submit(sentence=sentence, editor=editor)
    expect(row).to_have_attribute("data-review-state", "submitted", timeout=LIVE_WAIT_MS)
    assert page.errors == []
    screenshot(page, "queue-live-1440")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "queue-live-390")
