"""Running the pre-tagger over an article and storing its tags, one set per tagger version."""

from django.db import transaction
from django.db.models import OuterRef, Subquery

from annotations.models import ArticleVersion, Job, Sentence, SentenceTag, WebhookEventType
from annotations.pretag import pipeline
from annotations.pretag.pipeline import SentenceTags
from annotations.pretag.types import Segment
from annotations.pretag.weights_store import active_weights, current_tagger_version, pinned_weights

from .jobs import fenced_write, report_progress
from .matches import match_after_pretag
from .webhook_events import article_changed

CHUNK = pipeline.JOB_CHUNK
# The job's result lists at most this many detector warnings (and counts them all).
MAX_WARNINGS = 100


def pretag_article(job: Job) -> dict[str, object]:
    """Tag the job's article with the weights in use when it starts (see ``_pretag_article``).

    The weights are pinned for the whole job, so every tag it stores comes from the tagger
    version it records, even if a desk-trained version lands meanwhile.
    """
    with pinned_weights(active_weights()) as active:
        return _pretag_article(job, active.tagger_version)


def _pretag_article(job: Job, tagger_version: str) -> dict[str, object]:
    """Tag every sentence of the job's article; safe to run twice or on two workers at once.

    Tags are upserted per (sentence, tagger version); editors' verdicts are never touched. Every
    write is fenced by the job's attempt: an attempt that was taken over stops at its next write
    (JobSuperseded) and leaves the tags to the attempt that holds the job. A detector that fails
    on a sentence costs that sentence its tags from that detector, not the job: the job finishes
    and its result says which sentences and detectors (``warnings``).
    """
    article = job.article
    if article is None:
        return {"sentences": 0}
    # The version the job was queued for (older jobs: the current one). Tagging only its
    # sentences, against its own text, keeps a run that a newer version overtook off the new one.
    version_id: int = job.params.get("version_id") or article.current_version_id or 0
    text = ArticleVersion.objects.filter(pk=version_id).values_list("text", flat=True).first() or ""
    sentences = list(
        Sentence.objects.filter(version_id=version_id)
        .order_by("ordinal")
        .only("pk", "ordinal", "start", "end", "paragraph", "heading")
    )
    claims = 0
    warnings: list[dict[str, object]] = []
    warnings_total = 0
    segments = [Segment(s.start, s.end, s.paragraph, s.heading) for s in sentences]
    chunks = pipeline.tag_in_chunks(text, segments, article.language, article.published_at, CHUNK)
    for first, tags in chunks:
        chunk = sentences[first : first + len(tags)]
        with fenced_write(job):
            store_tags(sentences=chunk, tags=tags, tagger_version=tagger_version)
        claims += sum(t.assessment.claim for t in tags)
        for sentence, tag in zip(chunk, tags, strict=True):
            warnings_total += len(tag.warnings)
            room = MAX_WARNINGS - len(warnings)
            warnings += [{"ordinal": sentence.ordinal, "warning": w} for w in tag.warnings[:room]]
        report_progress(job, (first + len(chunk)) / max(len(sentences), 1))
    with fenced_write(job):
        point_sentences_at_version(version_id=version_id, tagger_version=tagger_version)
        article_changed(
            WebhookEventType.ARTICLE_PRETAGGED,
            article=article,
            data={"tagger_version": tagger_version, "claims": claims},
        )
    # "Checked before": fenced like the tags; a failure is a warning in the result, not the job's.
    matched = match_after_pretag(job, version_id=version_id)
    return {
        **matched,
        "sentences": len(sentences),
        "claims": claims,
        "tagger_version": tagger_version,
        "warnings": warnings,
        "warnings_total": warnings_total,
    }


def store_tags(
    *, sentences: list[Sentence], tags: list[SentenceTags], tagger_version: str | None = None
) -> None:
    """Upsert one row per (sentence, tagger version); the job's caller fences it."""
    tagger_version = tagger_version or current_tagger_version()
    SentenceTag.objects.bulk_create(
        [
            SentenceTag(
                sentence=sentence,
                tagger_version=tagger_version,
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
def point_sentences_at_version(*, version_id: int, tagger_version: str) -> None:
    current = SentenceTag.objects.filter(
        sentence=OuterRef("pk"), tagger_version=tagger_version
    ).values("pk")[:1]
    Sentence.objects.filter(version_id=version_id).update(pretag=Subquery(current))
