"""The pre-tag job's service: one tag set per sentence and tagger version, verdicts untouched."""

import pytest

from annotations.models import Annotation, SentenceTag
from annotations.pretag.pipeline import TAGGER_VERSION
from annotations.services.articles import retag_article
from annotations.services.jobs import claim_job, run_job
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
