"""A mention in a sentence's comment reaches the colleague's open workspace and inbox."""

import pytest
from playwright.sync_api import expect

from annotations.models import Notification, Sentence

from .conftest import log_in, screenshot

pytestmark = pytest.mark.browser

WAIT_MS = 15_000  # generous: the machine may be loaded; nothing here is timed
PAYLOAD = '<img src=x onerror="alert(1)"><script>alert(2)</script>'


def test_a_mention_reaches_the_colleagues_badge_inbox_and_leads_to_the_sentence(
    transactional_db, live_server, new_page, article, editor, second_editor
):
    sentence = Sentence.objects.filter(article=article, heading=False).order_by("ordinal")[2]
    other = Sentence.objects.filter(article=article, heading=False).order_by("ordinal")[0]

    page_b = new_page()
    log_in(page_b, "editor2")
    page_b.goto(f"/articles/{article.pk}/?sentence={sentence.pk}")
    page_b.wait_for_selector(f'#s-{sentence.pk}[aria-selected="true"]')
    expect(page_b.locator("#sentence-comments .comment-empty")).to_be_visible()
    expect(page_b.locator("#inbox-badge")).to_be_hidden()

    page_a = new_page()
    log_in(page_a, "editor")
    page_a.goto(f"/articles/{article.pk}/?sentence={sentence.pk}")
    page_a.wait_for_selector(f'#s-{sentence.pk}[aria-selected="true"]')
    page_a.fill("#sentence-comment-input", f"@editor2 bitte die Zahl prüfen {PAYLOAD} @nobody")
    page_a.click("#sentence-comments .comment-form button[type=submit]")
    mine = page_a.locator("#sentence-comments .comment").first
    expect(mine.locator("mark.mention")).to_have_text("@editor2")
    expect(mine.locator(".comment-body")).to_contain_text(PAYLOAD)  # shown as text
    assert mine.locator(".comment-body img, .comment-body script").count() == 0
    assert mine.locator("mark.mention").count() == 1  # @nobody is no member: plain text

    # B: the comment arrives in the open thread and the badge counts it, without a reload.
    arrived = page_b.locator("#sentence-comments .comment").first
    expect(arrived.locator("mark.mention")).to_have_text("@editor2", timeout=WAIT_MS)
    expect(page_b.locator("#inbox-badge")).to_have_text("1", timeout=WAIT_MS)
    # A's article thread is there too: an article comment from A reaches B as well.
    page_a.click("#article-comments-summary")
    page_a.fill("#article-comment-input", "Die Überschrift braucht eine Quelle.")
    page_a.click("#article-comments .comment-form button[type=submit]")
    expect(page_b.locator("#article-comments-summary")).to_have_text(
        "Comments (1)", timeout=WAIT_MS
    )
    page_b.click(f"#s-{sentence.pk}")
    for width, height in ((1440, 900), (390, 844)):
        page_b.set_viewport_size({"width": width, "height": height})
        page_b.locator("#sentence-comments").scroll_into_view_if_needed()
        screenshot(page_b, f"comments-workspace-{width}")
    page_b.set_viewport_size({"width": 1440, "height": 900})

    # B opens the inbox, sees the notification, follows it to the sentence.
    page_b.goto(f"/articles/{article.pk}/?sentence={other.pk}")
    page_b.click("#inbox-link")
    page_b.wait_for_url("**/inbox/")
    item = page_b.locator(".inbox-item.is-unread").first
    expect(item.locator(".inbox-open")).to_have_text("editor mentioned you")
    expect(item.locator("mark.mention")).to_have_text("@editor2")
    expect(item.locator(".inbox-text")).to_contain_text(PAYLOAD)
    for width, height in ((1440, 900), (390, 844)):
        page_b.set_viewport_size({"width": width, "height": height})
        screenshot(page_b, f"inbox-{width}")
        no_scroll = page_b.evaluate(
            "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
        )
        assert no_scroll, f"horizontal scroll at {width} px"
    page_b.set_viewport_size({"width": 1440, "height": 900})
    item.locator(".inbox-open").click()
    page_b.wait_for_url(f"**/articles/{article.pk}/?sentence={sentence.pk}")
    page_b.wait_for_selector(f'#s-{sentence.pk}[aria-selected="true"]')
    expect(page_b.locator("#sentence-comments .comment mark.mention")).to_have_text("@editor2")
    expect(page_b.locator("#inbox-badge")).to_be_hidden(timeout=WAIT_MS)
    assert Notification.objects.get(recipient=second_editor).read_at is not None
    assert not page_a.dialogs and not page_b.dialogs
    assert not page_a.errors and not page_b.errors
