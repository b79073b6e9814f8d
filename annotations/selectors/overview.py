"""Reads for the editor pages: articles with the progress counts their bars show."""

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery

from annotations.models import Article, Job, Verdict

from .articles import list_articles

AnyUser = User | AnonymousUser


def list_articles_with_progress(*, user: AnyUser) -> QuerySet[Article]:
    """The user's articles with the counts of ``get_article_status``, in one query.

    Each article gets ``n_sentences`` (of its current version, headings excluded),
    ``n_annotated``, ``n_verified``, ``n_disputed``, ``n_unverified`` and its latest pre-tag
    job's ``job_id``, ``job_state`` and ``job_progress``. The counts follow the status
    selector's rules, so the home page and ``/api/articles/{id}/status/`` agree.
    """
    body = Q(sentences__heading=False, sentences__version_id=F("current_version_id"))
    jobs = Job.objects.filter(article=OuterRef("pk"), kind__in=["pretag", "retag"]).order_by(
        "-created_at", "-pk"
    )
    counts = {
        "n_sentences": Count("sentences", filter=body),
        "n_annotated": Count("sentences__annotation", filter=body),
    }
    for verdict in Verdict.values:
        counts[f"n_{verdict}"] = Count(
            "sentences", filter=body & Q(sentences__annotation__verdict=verdict)
        )
    return (
        list_articles(user=user)
        .annotate(
            **counts,
            job_id=Subquery(jobs.values("pk")[:1]),
            job_state=Subquery(jobs.values("state")[:1]),
            job_progress=Subquery(jobs.values("progress")[:1]),
        )
        # Aggregating queries ignore Meta.ordering; the home page lists newest first.
        .order_by("-created_at", "-pk")
    )
