"""Stale saves lose nothing, user text never runs as code, and the German UI works."""

import pytest

from annotations.models import Annotation, Sentence
from annotations.services.articles import import_article
from annotations.services.verdicts import EvidenceInput, set_verdict

from .conftest import log_in, screenshot

pytestmark = pytest.mark.browser

PAYLOAD = '<script>window.__xss=1</script><img src=x onerror="window.__xss=1;alert(1)">'


def first_sentence(article) -> Sentence:
    return Sentence.objects.filter(article=article, heading=False).order_by("ordinal").first()


def test_stale_save_shows_both_versions_and_saving_mine_wins_without_losing_text(
    transactional_db, live_server, new_page, article, editor, second_editor
):
    sentence = first_sentence(article)
    page = new_page()
    log_in(page, "editor")
    page.goto(f"/articles/{article.pk}/?sentence={sentence.pk}")
    page.wait_for_selector(f'#s-{sentence.pk}[aria-selected="true"]')
    page.keyboard.press("1")
    page.fill("#rationale", "Meine Begründung, lange getippt.")

    set_verdict(
        sentence=sentence,
        editor=second_editor,
        verdict="disputed",
        rationale="Ihre Begründung.",
        evidence=[EvidenceInput(url="https://example.org/theirs", title="Theirs")],
        expected_version=0,
    )
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("#conflict:not([hidden])")
    assert "Ihre Begründung." in page.text_content("#theirs")
    assert "https://example.org/theirs" in page.text_content("#theirs")
    assert "editor2" in page.text_content("#theirs-meta")
    assert "Meine Begründung, lange getippt." in page.text_content("#mine")
    assert page.input_value("#rationale") == "Meine Begründung, lange getippt."
    screenshot(page, "workspace-conflict")

    # Even a reload keeps what was typed (the draft lives in the browser until saved).
    page.reload()
    page.wait_for_selector(f'#s-{sentence.pk}[aria-selected="true"]')
    assert page.input_value("#rationale") == "Meine Begründung, lange getippt."
    assert page.locator(f"#s-{sentence.pk}.has-draft").count() == 1
    page.click("#save-verdict")
    page.wait_for_selector("#conflict:not([hidden])")
    page.click("#take-mine")
    page.wait_for_selector("#save-state:has-text('Saved')")

    annotation = Annotation.objects.get(sentence=sentence)
    assert (annotation.verdict, annotation.rationale, annotation.version) == (
        "verified",
        "Meine Begründung, lange getippt.",
        2,
    )
    assert page.locator(f"#s-{sentence.pk}.has-draft").count() == 0
    assert page.errors == []


def test_stale_save_keep_theirs_shows_their_verdict_and_drops_the_draft(
    transactional_db, live_server, new_page, article, editor, second_editor
):
    sentence = first_sentence(article)
    page = new_page()
    log_in(page, "editor")
    page.goto(f"/articles/{article.pk}/?sentence={sentence.pk}")
    page.wait_for_selector(f'#s-{sentence.pk}[aria-selected="true"]')
    page.keyboard.press("3")
    set_verdict(
        sentence=sentence, editor=second_editor, verdict="disputed", rationale="R",
        expected_version=0,
    )  # fmt: skip
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("#conflict:not([hidden])")
    page.click("#keep-theirs")
    assert page.is_checked('input[name="verdict"][value="disputed"]')
    assert page.input_value("#rationale") == "R"
    assert page.locator(f"#s-{sentence.pk}.v-disputed:not(.has-draft)").count() == 1
    assert Annotation.objects.get(sentence=sentence).version == 1


def test_script_and_event_handler_in_title_text_and_rationale_never_run(
    transactional_db, live_server, new_page, newsroom, editor
):
    article, _job = import_article(
        newsroom=newsroom,
        title=f"Titel {PAYLOAD}",
        text=f"Ein Satz mit {PAYLOAD} darin. Und noch ein Satz.",
        language="de",
    )
    sentence = first_sentence(article)
    set_verdict(
        sentence=sentence,
        editor=editor,
        verdict="disputed",
        rationale=f"Begründung {PAYLOAD}",
        evidence=[EvidenceInput(url="https://example.org/x", title=PAYLOAD, publisher=PAYLOAD)],
        expected_version=0,
    )
    page = new_page()
    log_in(page, "editor")
    for url in ["/", f"/articles/{article.pk}/?sentence={sentence.pk}", "/queue/"]:
        page.goto(url)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.__xss") is None, url
    page.goto(f"/articles/{article.pk}/?sentence={sentence.pk}")
    page.wait_for_selector("#history-list li time")
    assert PAYLOAD in page.input_value("#rationale")
    assert page.input_value(".ev-title") == PAYLOAD
    assert PAYLOAD in page.text_content("h1")
    assert page.evaluate("window.__xss") is None
    assert [d for d in page.dialogs if d[0] != "beforeunload"] == []
    screenshot(page, "workspace-xss")


def test_german_interface_from_the_browser_language(
    transactional_db, live_server, new_page, article, editor
):
    page = new_page(locale="de-DE")
    page.goto("/login/")
    assert page.text_content("h1") == "Anmelden"
    log_in(page, "editor")
    sentence = first_sentence(article)
    page.goto(f"/articles/{article.pk}/?sentence={sentence.pk}")
    page.wait_for_selector(f'#s-{sentence.pk}[aria-selected="true"]')
    assert page.get_attribute("html", "lang") == "de"
    assert "Urteil" in page.text_content(".verdict-choice legend")
    assert "bestätigt" in page.text_content(".vbtn-verified")
    page.keyboard.press("1")
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("#save-state:has-text('Gespeichert.')")
    assert "Version 1" in page.text_content("#save-state")
    screenshot(page, "workspace-de")
    page.goto("/queue/")
    assert page.text_content("h1") == "Prüfliste"


def test_language_switcher_changes_the_interface(transactional_db, live_server, new_page, editor):
    page = new_page()
    log_in(page, "editor")
    page.select_option("#language-select", "de")
    page.click(".langform button")
    page.wait_for_selector("h1:has-text('Artikel')")
    assert page.get_attribute("html", "lang") == "de"


def test_reviewer_must_say_what_to_change_and_the_editor_then_sees_it(
    transactional_db, live_server, new_page, article, editor, reviewer
):
    from annotations.services.review import submit

    sentence = first_sentence(article)
    set_verdict(sentence=sentence, editor=editor, verdict="verified", expected_version=0)
    submit(sentence=sentence, editor=editor)
    page = new_page()
    log_in(page, "reviewer")
    page.goto(f"/articles/{article.pk}/?sentence={sentence.pk}")
    page.wait_for_selector("#review-state.state-submitted")
    page.click("#request-changes")
    assert "Say what needs to change." in page.text_content("#review-error")
    page.fill("#review-comment-input", "Quelle fehlt.")
    page.click("#request-changes")
    page.wait_for_selector("#review-state.state-changes_requested")
    assert Annotation.objects.get(sentence=sentence).review_comment == "Quelle fehlt."

    mine = new_page()
    log_in(mine, "editor")
    mine.goto(f"/articles/{article.pk}/?sentence={sentence.pk}")
    mine.wait_for_selector("#review-comment:has-text('Quelle fehlt.')")
    assert mine.locator("#approve").count() == 0  # editors are not offered approval


def test_reviewer_who_edited_last_is_not_offered_approval(
    transactional_db, live_server, new_page, article, reviewer
):
    from annotations.services.review import submit

    sentence = first_sentence(article)
    set_verdict(sentence=sentence, editor=reviewer, verdict="verified", expected_version=0)
    submit(sentence=sentence, editor=reviewer)
    page = new_page()
    log_in(page, "reviewer")
    page.goto(f"/articles/{article.pk}/?sentence={sentence.pk}")
    page.wait_for_selector("#review-state.state-submitted")
    assert page.is_disabled("#approve")
