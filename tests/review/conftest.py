"""Helpers for the review tests: pre-tags written directly, verdicts through the services."""

import datetime

import pytest
from rest_framework.test import APIClient

from annotations.models import Annotation, Sentence, SentenceTag
from annotations.services import review
from annotations.services.articles import import_article
from annotations.services.verdicts import EvidenceInput, set_verdict

EVIDENCE = [EvidenceInput(url="https://example.org/report", title="Report", publisher="Agency")]


def tag(sentence: Sentence, *, claim: bool = True, score: float = 0.9, spans=()) -> SentenceTag:
    """Pre-tag a sentence as the tagger would (the tagger itself is tested elsewhere)."""
    pretag = SentenceTag.objects.create(
        sentence=sentence,
        tagger_version="test-1",
        checkworthiness=score,
        claim=claim,
        reasons=["test"],
        spans=list(spans),
    )
    Sentence.objects.filter(pk=sentence.pk).update(pretag=pretag)
    sentence.pretag = pretag
    return pretag


def annotate(sentence, editor, verdict="verified", *, rationale="Checked.", evidence=EVIDENCE):
    current = Annotation.objects.filter(sentence=sentence).values_list("version", flat=True)
    version = current[0] if current else 0
    annotation = set_verdict(
        sentence=sentence,
        editor=editor,
        verdict=verdict,
        rationale=rationale,
        evidence=list(evidence),
        expected_version=version,
    )
    sentence.annotation = annotation
    return annotation


def approve(sentence, editor, reviewer, verdict="verified", **kwargs):
    annotate(sentence, editor, verdict, **kwargs)
    review.submit(sentence=sentence, editor=editor)
    return review.approve(sentence=sentence, reviewer=reviewer)


@pytest.fixture
def body(article):
    """The article's body sentences (no headings), in reading order."""
    return list(article.sentences.filter(heading=False).order_by("ordinal"))


@pytest.fixture
def sentence(body):
    return body[0]


@pytest.fixture
def draft(sentence, editor):
    """The sentence with an editor's verdict, not yet submitted."""
    annotate(sentence, editor)
    return sentence


@pytest.fixture
def submitted(draft, editor):
    review.submit(sentence=draft, editor=editor)
    return draft


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


# --- an article in every review state, and one of another newsroom (exports) ---------------
HOSTILE_TEXT = (
    "Prüfbericht\n"
    "Laut Behörde stieg der Wert </script><script>alert(1)</script> um 40 Prozent im Jahr 2024.\n"
    '=HYPERLINK("https://evil.example/","klick") steht in der Tabelle.\n'
    "-5 Grad wurden am Montag in Berlin gemessen.\n"
    "+49 ist die Vorwahl Deutschlands, sagte der Sprecher.\n"
    "@Kanzler schrieb, die Zahl sei falsch."
)


@pytest.fixture
def desk(newsroom, editor, reviewer):
    """An article whose sentences look like formulas and markup, in every review state."""
    article, _job = import_article(
        newsroom=newsroom,
        title="Prüfbericht <b>& Co</b>",
        text=HOSTILE_TEXT,
        language="de",
        source_url="https://news.example/pruefbericht",
        published_at=datetime.date(2024, 11, 30),
        imported_by=editor,
    )
    s = list(article.sentences.filter(heading=False).order_by("ordinal"))
    start = s[0].start
    source = HOSTILE_TEXT.index("Behörde")
    tag(s[0], spans=[{"start": start, "end": source + 7, "kind": "attribution",
                      "payload": {"source": "Behörde"}}])  # fmt: skip
    for other in s[1:]:
        tag(other, claim=other is not s[4], score=0.5)
    approve(s[0], editor, reviewer, "verified", rationale="Statistik bestätigt.")
    approve(
        s[1],
        editor,
        reviewer,
        "disputed",
        rationale="=cmd|' /C calc'!A0",
        evidence=[
            EvidenceInput(url="https://a.example/1", title="@first"),
            EvidenceInput(url="https://b.example/2", stance="refutes"),
        ],
    )
    annotate(s[2], editor, "unverified", rationale="\tTab first")
    review.submit(sentence=s[2], editor=editor)
    annotate(s[3], editor, "disputed", rationale="+still a draft")
    return article, s


@pytest.fixture
def elsewhere(other_newsroom, outsider, seed_text):
    article, _job = import_article(
        newsroom=other_newsroom, title="Secret", text=seed_text, language="de"
    )
    secret = article.sentences.filter(heading=False).first()
    tag(secret)
    annotate(secret, outsider, "verified", rationale="Secret rationale")
    return article
