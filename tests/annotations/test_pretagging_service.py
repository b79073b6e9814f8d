"""The pre-tag job's service: one tag set per sentence and tagger version, verdicts untouched."""

from dataclasses import replace
from datetime import timedelta

import pytest
from django.utils import timezone

from annotations.models import Annotation, Job, Sentence, SentenceTag
from annotations.pretag import pipeline
from annotations.pretag.pipeline import TAGGER_VERSION
from annotations.services import pretagging
from annotations.services.articles import retag_article
from annotations.services.jobs import JobSuperseded, claim_job, run_job, sweep_jobs
from annotations.services.pretagging import pretag_article
from annotations.services.verdicts import set_verdict

pytestmark = pytest.mark.django_db


def test_tagging_twice_leaves_one_set_per_sentence_and_version(article):
    job = claim_job(article.jobs.get().pk)
    pretag_article(job)
    first = dict(SentenceTag.objects.values_list("sentence_id", "pk"))
    pretag_article(job)
    assert dict(SentenceTag.objects.values_list("sentence_id", "pk")) == first
    assert SentenceTag.objects.count() == article.sentences.count()
    assert set(SentenceTag.objects.values_list("tagger_version", flat=True)) == {TAGGER_VERSION}


def test_retagging_never_touches_a_verdict(article, editor):
    run_job(article.jobs.get().pk)
    sentence = article.sentences.get(ordinal=3)
    set_verdict(sentence=sentence, editor=editor, verdict="disputed", expected_version=0)
    before = Annotation.objects.values().get()
    retag = retag_article(article=article, requested_by=editor)
    assert run_job(retag.pk) == "done"
    assert Annotation.objects.values().get() == before
    assert SentenceTag.objects.count() == article.sentences.count()


def test_every_sentence_points_at_its_current_tags(article):
    assert run_job(article.jobs.get().pk) == "done"
    for sentence in article.sentences.select_related("pretag"):
        assert sentence.pretag.tagger_version == TAGGER_VERSION
        assert 0.0 <= sentence.pretag.checkworthiness <= 1.0
        for span in sentence.pretag.spans:
            assert sentence.start <= span["start"] < span["end"] <= sentence.end


def test_job_progress_reaches_one_and_records_the_result(article):
    job = article.jobs.get()
    assert run_job(job.pk) == "done"
    job.refresh_from_db()
    assert job.progress == 1.0 and job.result["sentences"] == article.sentences.count()
    assert job.result["claims"] == article.sentences.filter(pretag__claim=True).count()


def _with_a_failing_detector_on(ordinal: int, monkeypatch) -> None:
    """The real pipeline, except that on the sentence at ``ordinal`` a detector fails the way
    the pipeline reports it: that sentence's tags carry a warning."""
    real = pipeline.tag_segments

    def tag_segments(text, segments, language, article_date=None):
        tags = real(text, segments, language, article_date)
        return [
            replace(tag, warnings=("numbers detector failed: ValueError",))
            if sentence_ordinal == ordinal
            else tag
            for sentence_ordinal, tag in _ordinals(segments, tags)
        ]

    monkeypatch.setattr(pipeline, "tag_segments", tag_segments)


def _ordinals(segments, tags):
    by_start = dict(Sentence.objects.values_list("start", "ordinal"))
    return [(by_start[segment.start], tag) for segment, tag in zip(segments, tags, strict=True)]


def test_a_job_whose_detector_failed_on_a_sentence_finishes_with_the_warning(article, monkeypatch):
    _with_a_failing_detector_on(2, monkeypatch)
    job = article.jobs.get()
    assert run_job(job.pk) == "done"
    job.refresh_from_db()
    assert job.result["warnings"] == [
        {"ordinal": 2, "warning": "numbers detector failed: ValueError"}
    ]
    assert job.result["warnings_total"] == 1
    assert SentenceTag.objects.count() == article.sentences.count()


def test_a_job_without_failures_has_no_warnings(article):
    job = article.jobs.get()
    assert run_job(job.pk) == "done"
    job.refresh_from_db()
    assert (job.result["warnings"], job.result["warnings_total"]) == ([], 0)


def test_the_warnings_in_a_result_are_capped_and_counted(article, monkeypatch):
    real = pipeline.tag_segments

    def every_sentence_warns(text, segments, language, article_date=None):
        tags = real(text, segments, language, article_date)
        return [replace(tag, warnings=("a", "b", "c")) for tag in tags]

    monkeypatch.setattr(pipeline, "tag_segments", every_sentence_warns)
    monkeypatch.setattr(pretagging, "MAX_WARNINGS", 5)
    job = article.jobs.get()
    assert run_job(job.pk) == "done"
    job.refresh_from_db()
    assert len(job.result["warnings"]) == 5
    assert job.result["warnings_total"] == 3 * article.sentences.count()


def test_an_attempt_taken_over_before_it_stores_writes_no_tag(article):
    first = claim_job(article.jobs.get().pk, worker="a")
    Job.objects.filter(pk=first.pk).update(heartbeat_at=timezone.now() - timedelta(hours=1))
    sweep_jobs()
    second = claim_job(first.pk, worker="b")
    with pytest.raises(JobSuperseded):
        pretag_article(first)
    assert not SentenceTag.objects.exists()
    assert not article.sentences.filter(pretag__isnull=False).exists()
    pretag_article(second)
    assert SentenceTag.objects.count() == article.sentences.count()
