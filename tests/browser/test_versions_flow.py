"""A corrected text in Chromium: new version, the summary, the diff, the orphans, old versions."""

import pytest

from annotations.models import Annotation, ArticleVersion, Sentence
from annotations.services.articles import import_article
from tests.annotations.test_versions_service import V1
from tests.review.conftest import approve

from .conftest import log_in, screenshot

pytestmark = [pytest.mark.browser]

# Version 2: one sentence reworded (12 -> 14 Prozent), one deleted, one added at the end.
CORRECTED = (
    V1.replace("um 12 Prozent", "um 14 Prozent").replace(
        " Sie verlangt eine unabhängige Prüfung bis Ende Juni.", ""
    )
    + "\n\nDas Ministerium hat die Zahlen am Dienstag noch einmal korrigiert."
)


@pytest.fixture
def story(newsroom, editor, reviewer):
    article, _job = import_article(
        newsroom=newsroom, title="Zahlen", text=V1, language="de", imported_by=editor
    )
    for sentence in article.sentences.order_by("ordinal"):
        approve(sentence, editor, reviewer, "verified", rationale="Mit dem Bericht verglichen.")
    return article


def test_new_version_shows_the_summary_the_diff_and_the_orphans(
    transactional_db, live_server, new_page, story, editor
):
    page = new_page()
    log_in(page, "editor")
    page.goto(f"/articles/{story.pk}/")
    page.click("#new-version > summary")
    page.fill("#version-form textarea[name=text]", CORRECTED)
    page.fill("#version-form input[name=note]", "Zahl korrigiert, Forderung gestrichen")
    page.click("#import-version")
    page.wait_for_selector(".message:has-text('Version 2')")
    assert "4 kept, 1 to re-check, 1 orphaned" in page.text_content(".messages")
    assert page.errors == []

    changed = page.locator(".sentence.needs-recheck")
    assert changed.count() == 1 and "14 Prozent" in changed.text_content()
    changed.click()
    page.wait_for_selector("#anchor-diff:not([hidden])")
    assert page.text_content("#anchor-diff del") == "12"
    assert page.text_content("#anchor-diff ins") == "14"
    assert "check the verdict again" in page.text_content("#anchor-diff-title")

    orphans = page.locator("#orphans .orphan")
    assert orphans.count() == 1
    assert "Sie verlangt eine unabhängige Prüfung" in orphans.text_content()
    screenshot(page, "versions-workspace-1440")
    phone = new_page()
    phone.set_viewport_size({"width": 390, "height": 844})
    log_in(phone, "editor")
    phone.goto(f"/articles/{story.pk}/")
    phone.locator("#orphans").scroll_into_view_if_needed()
    screenshot(phone, "versions-orphans-390")
    phone.locator(".sentence.needs-recheck").click()
    phone.locator("#anchor-diff").scroll_into_view_if_needed()
    screenshot(phone, "versions-diff-390")

    new = Sentence.objects.get(version__number=2, text__startswith="Das Ministerium hat")
    page.focus("#sentence-list")
    for _ in range(10):  # the keyboard way to the new last sentence
        if page.get_attribute("#sentence-list", "aria-activedescendant") == f"s-{new.pk}":
            break
        page.keyboard.press("j")
    page.wait_for_selector(f'#s-{new.pk}[aria-selected="true"]')
    page.click("#orphans .orphan-reattach")
    page.wait_for_selector("#orphans", state="detached")
    moved = Annotation.objects.get(sentence=new)
    assert moved.needs_recheck and moved.anchor_method == "manual"
    assert "needs-recheck" in page.get_attribute(f"#s-{new.pk}", "class")


def test_an_old_version_is_read_only_and_says_so(
    transactional_db, live_server, new_page, story, editor
):
    from annotations.services.versions import import_version

    import_version(article=story, text=CORRECTED, imported_by=editor, note="Korrektur")
    page = new_page()
    log_in(page, "editor")
    page.goto(f"/articles/{story.pk}/")
    page.click("#versions-menu > summary")
    assert page.locator(".version-item").count() == 2
    assert "4 kept, 1 to re-check, 1 orphaned" in page.text_content("#version-list")
    page.click(".version-item >> text=Version 1")
    page.wait_for_selector("#readonly-banner")
    first = ArticleVersion.objects.get(article=story, number=1)
    old = Sentence.objects.filter(version=first).order_by("ordinal")[3]
    page.click(f"#s-{old.pk}")
    assert page.locator("#save-verdict").count() == 0
    assert page.locator("#new-version").count() == 0
    assert "Sie verlangt" in page.text_content("#sentence-list")
    screenshot(page, "versions-readonly-1440")
    assert page.errors == []
