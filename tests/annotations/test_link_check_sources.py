"""What a link check keeps of a source beyond its status: a PDF's text, the page's passage that
matched the excerpt, whether the sentence's attributed words are on the page (and where), and
when the page changed after it was first kept (real fetches to a local server on 127.0.0.1)."""

import pytest

from annotations.models import EvidenceSnapshot
from annotations.services.articles import import_article
from annotations.services.link_checks import check_evidence
from tests.annotations.test_link_checks import ARTICLE, one_evidence
from tests.fetch_servers import page, serving, text_pdf
from tests.review.conftest import tag

pytestmark = pytest.mark.django_db

REPORT_LINES = [
    "Statistisches Amt, Mitteilung vom 3. Mai",
    "Der Anteil erneuerbarer Energien stieg zuletzt auf 57 Prozent.",
    "Windkraft an Land lieferte 31 Prozent.",
]
MESSAGE = "der Anteil erneuerbarer Energien stieg auf 57 Prozent"


@pytest.fixture
def site(settings):
    routes = {
        "/article": page(ARTICLE),
        "/report.pdf": page(text_pdf(REPORT_LINES, title="Mitteilung 17/26"),
                            content_type="application/pdf"),
        "/other": page(b"<html><body><article><p>Ein Bericht ueber das Wetter am Wochenende "
                       b"und die Aussichten fuer den Sommer.</p></article></body></html>"),
    }  # fmt: skip
    with serving(routes) as server:
        settings.FACTCHECK_LINKCHECK_ALLOW = [f"127.0.0.1:{server.port}"]
        settings.FACTCHECK_LINKCHECK_HOST_INTERVAL = 0
        yield server


TEXT = f"Das Amt teilte mit, {MESSAGE}. Am Montag regnete es in Berlin."


@pytest.fixture
def sentences(newsroom, editor):
    article, _job = import_article(
        newsroom=newsroom, title="Amt", text=TEXT, language="de", imported_by=editor
    )
    return list(article.sentences.filter(heading=False).order_by("ordinal"))


@pytest.fixture
def sentence(sentences):
    """A sentence the pre-tagger read as attributing MESSAGE to a source."""
    sentence = sentences[0]
    lo = sentence.start + TEXT.index(MESSAGE)
    tag(sentence, spans=[{
        "start": sentence.start + 8, "end": sentence.start + 18, "kind": "attribution",
        "payload": {"cue": "teilte mit", "source": "Amt", "message_start": lo,
                    "message_end": lo + len(MESSAGE)},
    }])  # fmt: skip
    return sentence


def test_a_pdf_link_keeps_its_text_fills_its_title_and_finds_the_excerpt(site, sentence, editor):
    evidence = one_evidence(sentence, editor, site.url("/report.pdf"), excerpt="Windkraft an "
                            "Land lieferte 31 Prozent")  # fmt: skip
    assert check_evidence(evidence) == "ok"
    evidence.refresh_from_db()
    assert evidence.title == "Mitteilung 17/26"
    snapshot = EvidenceSnapshot.objects.get(evidence=evidence)
    assert snapshot.content_type == "application/pdf"
    assert "stieg zuletzt auf 57 Prozent" in snapshot.text
    assert evidence.excerpt_match == "verbatim"
    assert "Windkraft an Land lieferte 31 Prozent." in evidence.excerpt_passage


def test_the_attributed_words_found_on_a_page_keep_their_passage(site, sentence, editor):
    evidence = one_evidence(sentence, editor, site.url("/report.pdf"))
    check_evidence(evidence)
    evidence.refresh_from_db()
    assert evidence.quote_match == "approximate" and evidence.quote_score >= 83
    assert "Der Anteil erneuerbarer Energien stieg zuletzt auf 57 Prozent." in (
        evidence.quote_passage
    )


def test_attributed_words_absent_from_the_page_are_not_found(site, sentence, editor):
    evidence = one_evidence(sentence, editor, site.url("/other"))
    check_evidence(evidence)
    evidence.refresh_from_db()
    assert (evidence.quote_match, evidence.quote_passage) == ("not_found", "")


def test_a_sentence_that_attributes_nothing_has_no_quote_match(site, sentences, editor):
    plain = sentences[1]
    tag(plain, claim=False)
    evidence = one_evidence(plain, editor, site.url("/article"))
    check_evidence(evidence)
    evidence.refresh_from_db()
    assert (evidence.quote_match, evidence.quote_score) == ("", None)


def test_a_page_that_changed_after_it_was_kept_is_marked_changed(site, sentence, editor):
    evidence = one_evidence(sentence, editor, site.url("/article"))
    check_evidence(evidence)
    evidence.refresh_from_db()
    assert evidence.changed_at is None  # the first snapshot is what was cited
    check_evidence(evidence)
    evidence.refresh_from_db()
    assert evidence.changed_at is None  # the same text again
    site.routes["/article"] = page(ARTICLE.replace(b"57 Prozent", b"55 Prozent"))
    check_evidence(evidence)
    evidence.refresh_from_db()
    first_change = evidence.changed_at
    assert first_change is not None
    assert EvidenceSnapshot.objects.filter(evidence=evidence).count() == 2
    site.routes["/article"] = page(ARTICLE.replace(b"57 Prozent", b"54 Prozent"))
    check_evidence(evidence)
    evidence.refresh_from_db()
    assert evidence.changed_at == first_change  # the first change is kept
