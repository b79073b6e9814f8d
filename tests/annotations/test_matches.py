"""Checked before: a verdict in one article is found for the same claim in the next one,
across German and English, and nothing of another newsroom is ever found."""

import datetime
from datetime import timedelta

import pytest
from django.utils import timezone

from annotations.models import Job, ReferenceFactCheck, Sentence, SentenceMatch
from annotations.services import matches
from annotations.services.articles import import_article, retag_article
from annotations.services.factchecks import import_fact_checks
from annotations.services.jobs import JobSuperseded, claim_job, run_job, sweep_jobs
from annotations.services.verdicts import EvidenceInput, set_verdict

pytestmark = pytest.mark.django_db

FILLER = {
    "de": "Das Wetter war am Wochenende schön.",
    "en": "The weather was nice at the weekend.",
}
TROOPS = {
    "de": "Nordkorea hat Russland im Oktober 2024 rund 10.000 Soldaten geschickt, teilte das "
    "Pentagon mit.",
    "en": "North Korea sent around 10,000 soldiers to Russia in October 2024, the Pentagon said.",
}
BIKE_LANES = {
    "de": "Die Stadt Hamburg hat 2022 rund 40 Millionen Euro für neue Radwege ausgegeben.",
    "en": "The city of Hamburg spent about 40 million euros on new bicycle lanes in 2022.",
}
UNRELATED = {
    "de": "Der Bahnverkehr zwischen Köln und Berlin fiel am Dienstag wegen eines Streiks aus.",
    "en": "Rail services between Cologne and Berlin were cancelled on Tuesday due to a strike.",
}


@pytest.fixture(autouse=True)
def _fresh_archives():
    # Ids are reused between tests (rolled back), so no index may outlive its test.
    matches.forget_archives()
    yield
    matches.forget_archives()


def publish(newsroom, editor, title: str, claim: str, language: str):
    """Import an article holding ``claim`` and run its pre-tag job in-process."""
    text = f"{title}\n\n{FILLER[language]} {claim}\n"
    article, job = import_article(
        newsroom=newsroom,
        title=title,
        text=text,
        language=language,
        published_at=datetime.date(2024, 11, 30),
        imported_by=editor,
    )
    assert run_job(job.pk) == "done"
    return article, Job.objects.get(pk=job.pk)


def claim_sentence(article, claim: str) -> Sentence:
    sentence = article.sentences.get(text=claim)
    assert sentence.pretag.claim, "the pre-tagger must see the claim for it to be matched"
    return sentence


def verdict_on(sentence: Sentence, editor, verdict: str = "disputed"):
    return set_verdict(
        sentence=sentence,
        editor=editor,
        verdict=verdict,
        rationale="The Pentagon figure was 3,000.",
        evidence=[EvidenceInput(url="https://example.org/report", title="Report")],
        expected_version=0,
    )


@pytest.mark.parametrize(("first", "then"), [("de", "en"), ("en", "de"), ("de", "de")])
@pytest.mark.parametrize("claim", [TROOPS, BIKE_LANES], ids=["troops", "bike-lanes"])
def test_a_verdict_in_article_a_is_matched_in_article_b(newsroom, editor, first, then, claim):
    a, _job = publish(newsroom, editor, "Erster Bericht", claim[first], first)
    annotation = verdict_on(claim_sentence(a, claim[first]), editor)
    b, job = publish(newsroom, editor, "Zweiter Bericht", claim[then], then)
    found = list(SentenceMatch.objects.filter(sentence=claim_sentence(b, claim[then])))
    assert [(m.rank, m.annotation_id) for m in found] == [(1, annotation.pk)]
    assert found[0].similarity >= matches.MIN_SIMILARITY
    assert job.result["matches"] == 1 and "matching_warning" not in job.result


def test_a_different_claim_is_not_matched(newsroom, editor):
    a, _job = publish(newsroom, editor, "Erster Bericht", TROOPS["de"], "de")
    verdict_on(claim_sentence(a, TROOPS["de"]), editor)
    b, job = publish(newsroom, editor, "Zweiter Bericht", UNRELATED["en"], "en")
    assert not SentenceMatch.objects.filter(sentence__article=b).exists()
    assert job.result["matches"] == 0


def test_an_english_fact_check_matches_a_german_sentence(newsroom, editor):
    import_fact_checks(
        newsroom=newsroom,
        raw='{"@context": "https://schema.org", "@type": "ClaimReview", '
        '"url": "https://checks.example/hamburg-bike-lanes", '
        f'"claimReviewed": "{BIKE_LANES["en"]}", "headline": "Hamburg bike lane spending", '
        '"reviewRating": {"@type": "Rating", "alternateName": "Mostly true"}, '
        '"datePublished": "2023-03-01", "inLanguage": "en"}',
    )
    b, _job = publish(newsroom, editor, "Bericht", BIKE_LANES["de"], "de")
    (match,) = SentenceMatch.objects.filter(sentence=claim_sentence(b, BIKE_LANES["de"]))
    assert match.fact_check.url == "https://checks.example/hamburg-bike-lanes"
    assert match.annotation_id is None and match.rank == 1


def test_another_newsrooms_verdicts_and_fact_checks_never_match(
    newsroom, editor, other_newsroom, outsider
):
    theirs, _job = publish(other_newsroom, outsider, "Their report", TROOPS["en"], "en")
    verdict_on(claim_sentence(theirs, TROOPS["en"]), outsider)
    import_fact_checks(
        newsroom=other_newsroom,
        raw=f'{{"vclaim": "{TROOPS["en"]}", "page_url": "https://checks.example/troops"}}\n',
        name="theirs.jsonl",
    )
    ours, job = publish(newsroom, editor, "Unser Bericht", TROOPS["de"], "de")
    assert not SentenceMatch.objects.filter(sentence__article=ours).exists()
    assert job.result["matches"] == 0


def test_a_new_verdict_is_matchable_by_the_next_article_in_the_same_process(newsroom, editor):
    a, _job = publish(newsroom, editor, "Erster Bericht", TROOPS["de"], "de")
    b, _job = publish(newsroom, editor, "Zweiter Bericht", BIKE_LANES["de"], "de")
    verdict_on(claim_sentence(b, BIKE_LANES["de"]), editor)  # the index exists; it grows
    annotation = verdict_on(claim_sentence(a, TROOPS["de"]), editor)
    c, _job = publish(newsroom, editor, "Third report", TROOPS["en"], "en")
    (match,) = SentenceMatch.objects.filter(sentence__article=c)
    assert match.annotation_id == annotation.pk


def test_a_fact_check_updated_by_a_reimport_is_matched_by_its_new_claim(newsroom, editor):
    line = '{{"vclaim": "{}", "page_url": "https://checks.example/one"}}\n'
    import_fact_checks(newsroom=newsroom, raw=line.format(UNRELATED["en"]), name="a.jsonl")
    publish(newsroom, editor, "Bericht", FILLER["de"].replace("schön", "kalt"), "de")  # indexes it
    import_fact_checks(newsroom=newsroom, raw=line.format(TROOPS["en"]), name="a.jsonl")
    b, _job = publish(newsroom, editor, "Zweiter Bericht", TROOPS["de"], "de")
    (match,) = SentenceMatch.objects.filter(sentence__article=b)
    assert match.fact_check_id == ReferenceFactCheck.objects.get().pk


def test_a_failing_matcher_leaves_a_warning_and_the_job_done(newsroom, editor, monkeypatch):
    def broken(version_id):
        raise RuntimeError("encoder gone")

    monkeypatch.setattr(matches, "find_matches", broken)
    article, job = publish(newsroom, editor, "Bericht", TROOPS["de"], "de")
    assert job.state == "done"
    assert job.result["matching_warning"] == "Matching failed: RuntimeError: encoder gone"
    assert article.sentences.filter(pretag__isnull=False).count() == article.sentences.count()


def test_retagging_replaces_the_matches_rather_than_adding_to_them(newsroom, editor):
    a, _job = publish(newsroom, editor, "Erster Bericht", TROOPS["de"], "de")
    verdict_on(claim_sentence(a, TROOPS["de"]), editor)
    b, _job = publish(newsroom, editor, "Zweiter Bericht", TROOPS["en"], "en")
    assert run_job(retag_article(article=b, requested_by=editor).pk) == "done"
    assert SentenceMatch.objects.filter(sentence__article=b).count() == 1


def test_the_index_is_built_from_stored_vectors_and_embeds_rows_without_one(
    newsroom, editor, monkeypatch
):
    import_fact_checks(
        newsroom=newsroom,
        raw=f'{{"vclaim": "{TROOPS["en"]}", "page_url": "https://checks.example/t"}}\n',
        name="a.jsonl",
    )
    by_hand = ReferenceFactCheck.objects.create(
        newsroom=newsroom, claim=BIKE_LANES["en"], url="https://checks.example/b", language="en"
    )
    embedded: list[list[str]] = []
    real = matches.claim_vectors

    def counted(texts, *fields):
        embedded.append(list(texts))
        return real(texts, *fields)

    monkeypatch.setattr(matches, "claim_vectors", counted)
    troops, _job = publish(newsroom, editor, "Bericht", TROOPS["de"], "de")
    bikes, _job = publish(newsroom, editor, "Zweiter Bericht", BIKE_LANES["de"], "de")
    assert embedded == [[BIKE_LANES["en"]]]  # only the row that came without a vector
    assert SentenceMatch.objects.get(sentence__article=troops).fact_check.url.endswith("/t")
    assert SentenceMatch.objects.get(sentence__article=bikes).fact_check_id == by_hand.pk


def test_an_attempt_taken_over_stores_no_match(newsroom, editor):
    a, _job = publish(newsroom, editor, "Erster Bericht", TROOPS["de"], "de")
    verdict_on(claim_sentence(a, TROOPS["de"]), editor)
    b, job = publish(newsroom, editor, "Zweiter Bericht", TROOPS["en"], "en")
    SentenceMatch.objects.all().delete()
    Job.objects.filter(pk=job.pk).update(state="queued")
    first = claim_job(job.pk, worker="a")
    Job.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timedelta(hours=1))
    sweep_jobs()
    assert claim_job(job.pk, worker="b") is not None
    with pytest.raises(JobSuperseded):
        matches.match_after_pretag(first, version_id=b.current_version_id)
    assert not SentenceMatch.objects.exists()
