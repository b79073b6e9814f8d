"""Everything an editor does in the workspace also works with the keyboard alone."""

import pytest

from annotations.models import Annotation, Sentence
from tests.factories import PASSWORD

from .conftest import screenshot

pytestmark = pytest.mark.browser


def active(page) -> str:
    return page.evaluate("document.activeElement.id || document.activeElement.className")


def test_keyboard_only_log_in_selection_verdict_evidence_and_save(
    transactional_db, live_server, new_page, article, editor
):
    page = new_page()
    page.goto("/login/")
    assert active(page) == "id_username"  # the form is ready to type into
    screenshot(page, "login")
    page.keyboard.type("editor")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + "/")

    page.goto(f"/articles/{article.pk}/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    for _ in range(25):
        if active(page) == "sentence-list":
            break
        page.keyboard.press("Tab")
    assert active(page) == "sentence-list"
    outline = page.evaluate(
        "getComputedStyle(document.querySelector('#sentence-list')).outlineStyle"
    )
    assert outline == "none"  # the selected sentence carries the focus ring instead

    order = list(
        Sentence.objects.filter(article=article).order_by("ordinal").values_list("pk", flat=True)
    )
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("k")
    chosen = order[1]
    assert page.get_attribute("#sentence-list", "aria-activedescendant") == f"s-{chosen}"
    assert page.get_attribute(f"#s-{chosen}", "aria-selected") == "true"
    ring = page.evaluate(f"getComputedStyle(document.querySelector('#s-{chosen}')).outlineStyle")
    assert ring == "solid"

    page.keyboard.press("?")
    assert page.is_visible("#shortcuts")
    screenshot(page, "workspace-shortcuts")
    page.keyboard.press("Escape")
    assert not page.is_visible("#shortcuts")

    page.keyboard.press("3")
    page.keyboard.press("r")
    assert active(page) == "rationale"
    page.keyboard.type("jk 12 n ?")  # shortcuts are ignored while typing
    assert page.get_attribute("#sentence-list", "aria-activedescendant") == f"s-{chosen}"
    assert page.is_checked('input[name="verdict"][value="unverified"]')
    assert not page.is_visible("#shortcuts")
    page.keyboard.press("Escape")
    assert active(page) == "sentence-list"
    page.keyboard.press("e")
    assert "ev-url" in active(page)
    page.keyboard.type("https://example.org/quelle")
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("#save-state:has-text('Saved')")

    annotation = Annotation.objects.get(sentence_id=chosen)
    assert annotation.verdict == "unverified"
    assert annotation.rationale == "jk 12 n ?"
    assert [e.url for e in annotation.evidence.all()] == ["https://example.org/quelle"]
    assert page.errors == []


def test_reviewer_approves_with_a_and_requests_changes_with_c(
    transactional_db, live_server, new_page, article, editor, reviewer
):
    from annotations.services.review import submit
    from annotations.services.verdicts import set_verdict

    from .conftest import log_in

    first, second = Sentence.objects.filter(article=article, heading=False).order_by("ordinal")[:2]
    for sentence in (first, second):
        set_verdict(sentence=sentence, editor=editor, verdict="verified", expected_version=0)
        submit(sentence=sentence, editor=editor)
    page = new_page()
    log_in(page, "reviewer")
    page.goto(f"/articles/{article.pk}/?sentence={first.pk}")
    page.wait_for_selector("#review-state.state-submitted")
    page.keyboard.press("?")
    help_text = page.text_content("#shortcuts")
    assert "Approve the verdict" in help_text and "Request changes" in help_text
    page.keyboard.press("Escape")

    # While typing, `a` and `c` are letters, not actions.
    page.focus("#review-comment-input")
    page.keyboard.type("ac")
    assert page.input_value("#review-comment-input") == "ac"
    page.fill("#review-comment-input", "")
    page.focus("#rationale")
    page.keyboard.type("a")
    assert Annotation.objects.get(sentence=first).review_state == "submitted"
    page.keyboard.press("Escape")
    assert active(page) == "sentence-list"

    page.keyboard.press("a")
    page.wait_for_selector("#review-state.state-approved")
    page.wait_for_selector(f'#s-{first.pk}[data-review-state="approved"]')
    assert Annotation.objects.get(sentence=first).review_state == "approved"

    page.keyboard.press("j")
    page.wait_for_selector("#review-state.state-submitted")
    page.keyboard.press("c")
    assert active(page) == "review-comment-input"
    assert page.input_value("#review-comment-input") == ""  # the key itself is not typed
    page.keyboard.type("Quelle fehlt.")
    page.keyboard.press("Control+Enter")
    page.wait_for_selector(f'#s-{second.pk}[data-review-state="changes_requested"]')
    annotation = Annotation.objects.get(sentence=second)
    assert annotation.review_state == "changes_requested"
    assert annotation.review_comment == "Quelle fehlt."
    assert page.errors == []


def test_editor_pressing_a_and_c_changes_nothing(
    transactional_db, live_server, new_page, article, editor
):
    from annotations.services.review import submit
    from annotations.services.verdicts import set_verdict

    from .conftest import log_in

    sentence = Sentence.objects.filter(article=article, heading=False).order_by("ordinal")[0]
    set_verdict(sentence=sentence, editor=editor, verdict="verified", expected_version=0)
    submit(sentence=sentence, editor=editor)
    page = new_page()
    log_in(page, "editor")
    page.goto(f"/articles/{article.pk}/?sentence={sentence.pk}")
    page.wait_for_selector("#review-state.state-submitted")
    page.keyboard.press("a")
    page.keyboard.press("c")
    assert active(page) == "sentence-list"
    assert "Approve the verdict" not in page.text_content("#shortcuts")
    assert Annotation.objects.get(sentence=sentence).review_state == "submitted"
    assert page.errors == []
