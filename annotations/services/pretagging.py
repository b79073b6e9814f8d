"""Running the pre-tagger over an article and storing its tags, one set per tagger version."""

from django.db import transaction
from django.db.models import OuterRef, Subquery

from annotations.models import Job, JobKind, Sentence, SentenceTag
from annotations.pretag.pipeline import TAGGER_VERSION, tag_segments
from annotations.pretag.types import Segment

from .jobs import job_handler, report_progress

CHUNK = 250


@job_handler(JobKind.PRETAG)
@job_handler(JobKind.RETAG)
def pretag_article(job: Job) -> dict[str, object]:
    """Tag every sentence of the job's article; safe to run twice or on two workers at once.

    Tags are upserted per (sentence, tagger version); editors' verdicts are never touched.
    """
    article = job.article
    if article is None:
        return {"sentences": 0}
    sentences = list(
        Sentence.objects.filter(article=article)
        .order_by("ordinal")
        .only("pk", "start", "end", "paragraph", "heading")
    )
    claims = 0
    for first in range(0, len(sentences), CHUNK):
        chunk = sentences[first : first + CHUNK]
        segments = [Segment(s.start, s.end, s.paragraph, s.heading) for s in chunk]
        tags = tag_segments(article.text, segments, article.language, article.published_at)
        store_tags(sentences=chunk, tags=tags)
        claims += sum(t.assessment.claim for t in tags)
        report_progress(job, (first + len(chunk)) / max(len(sentences), 1))
    point_sentences_at_version(article_id=article.pk, tagger_version=TAGGER_VERSION)
    return {"sentences": len(sentences), "claims": claims, "tagger_version": TAGGER_VERSION}


def store_tags(*, sentences: list[Sentence], tags: list) -> None:
    """Upsert one row per (sentence, tagger version)."""
    SentenceTag.objects.bulk_create(
        [
            SentenceTag(
                sentence=sentence,
                tagger_version=TAGGER_VERSION,
                checkworthiness=round(tag.assessment.score, 4),
                claim=tag.assessment.claim,
                reasons=list(tag.assessment.reasons),
                spans=[span.as_dict() for span in tag.spans],
            )
            for sentence, tag in zip(sentences, tags, strict=True)
        ],
        update_conflicts=True,
        unique_fields=["sentence", "tagger_version"],
        update_fields=["checkworthiness", "claim", "reasons", "spans"],
    )


@transaction.atomic
def point_sentences_at_version(*, article_id: int, tagger_version: str) -> None:
    current = SentenceTag.objects.filter(
        sentence=OuterRef("pk"), tagger_version=tagger_version
    ).values("pk")[:1]
    Sentence.objects.filter(article_id=article_id).update(pretag=Subquery(current))
