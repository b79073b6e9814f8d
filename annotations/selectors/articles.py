"""Reading articles, sentences and jobs, scoped to the caller's newsrooms."""

from collections.abc import Iterable
from functools import cache
from typing import Any, cast

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import F, FilteredRelation, OuterRef, Prefetch, Q, QuerySet, Subquery

from annotations.models import Article, Evidence, Job, Membership, Sentence
from annotations.services.access import remember_role

from .handwritten import columns, fetch_one, instance, partial

AnyUser = User | AnonymousUser


def visible_newsrooms(user: AnyUser) -> QuerySet[Membership]:
    return Membership.objects.filter(user_id=user.pk or 0).values("newsroom_id")  # type: ignore[return-value]


def list_articles(*, user: AnyUser) -> QuerySet[Article]:
    """Articles of the user's newsrooms, newest first (without their text)."""
    if not user.is_authenticated:
        return Article.objects.none()
    return (
        Article.objects.filter(newsroom_id__in=visible_newsrooms(user))
        .defer("text")
        .select_related("newsroom")
    )


def get_article(*, user: AnyUser, article_id: int, with_text: bool = True) -> Article | None:
    """The article if the user may see it; None for missing and for other newsrooms alike.

    The user's role in its newsroom is read in the same query. ``with_text=False`` leaves the
    text (up to megabytes) in the database for views that do not show it.
    """
    if not user.is_authenticated:
        return None
    role = Membership.objects.filter(user=user, newsroom_id=OuterRef("newsroom_id"))
    articles = Article.objects.filter(pk=article_id, newsroom_id__in=visible_newsrooms(user))
    if not with_text:
        articles = articles.defer("text")
    article = (
        articles.select_related("newsroom")
        .annotate(caller_role=Subquery(role.values("role")[:1]))
        .first()
    )
    if article is not None:
        remember_role(user, article.newsroom_id, article.caller_role)
    return article


def current_sentences(*, article: Article) -> QuerySet[Sentence]:
    """The sentences of the article's current version (older versions keep their own)."""
    return Sentence.objects.filter(version_id=article.current_version_id)


def list_sentences(*, article: Article, version_id: int | None = None) -> QuerySet[Sentence]:
    """Sentences of the current version (or of ``version_id``, one of the article's versions)
    in reading order with pre-tags, verdict, evidence and assignee, in 3 queries."""
    return (
        Sentence.objects.filter(  # type: ignore[misc]  # active_dismissal is a FilteredRelation
            article=article, version_id=version_id or article.current_version_id
        )
        .order_by("ordinal")
        .annotate(active_dismissal=active_dismissal())
        .select_related(
            "pretag",
            "annotation",
            "annotation__updated_by",
            "assignee",
            "active_dismissal",
            "active_dismissal__by",
        )
        .prefetch_related(
            Prefetch("annotation__evidence", queryset=Evidence.objects.order_by("position"))
        )
    )


SENTENCE_ROW_FIELDS = (
    "id", "article_id", "ordinal", "paragraph", "heading", "start", "end", "text",
    "assignee_id", "assignee__username",
    "pretag_id", "pretag__tagger_version", "pretag__checkworthiness", "pretag__claim",
    "pretag__reasons", "pretag__spans",
    "annotation__id", "annotation__verdict", "annotation__rationale",
    "annotation__review_state", "annotation__review_comment", "annotation__version",
    "annotation__created_by_id", "annotation__created_by__username",
    "annotation__updated_by_id", "annotation__updated_by__username",
    "annotation__reviewed_by_id", "annotation__reviewed_by__username",
    "annotation__created_at", "annotation__updated_at",
    "annotation__submitted_at", "annotation__reviewed_at",
    "annotation__anchor_state", "annotation__anchor_score", "annotation__anchor_method",
    "annotation__previous_text", "annotation__needs_recheck",
    "active_dismissal__reason", "active_dismissal__at",
    "active_dismissal__by_id", "active_dismissal__by__username",
)  # fmt: skip


def active_dismissal() -> FilteredRelation:
    """The sentence's dismissal that is not undone: at most one (a unique constraint), so
    joining it adds columns and never rows."""
    return FilteredRelation("dismissals", condition=Q(dismissals__undone_at__isnull=True))


def list_sentence_rows(*, article: Article, version_id: int | None = None) -> QuerySet:
    """Sentences of the current version (or of ``version_id``) in reading order as flat dicts
    (pre-tags, verdict, authors, anchoring) from one query.

    For pages read often: building model instances for four joined tables costs several times
    more than the query itself. Evidence comes separately, from ``evidence_by_annotation``.
    """
    return (
        Sentence.objects.filter(version_id=version_id or article.current_version_id)
        .order_by("ordinal")
        .annotate(active_dismissal=active_dismissal())
        .values(*SENTENCE_ROW_FIELDS)
    )


def evidence_by_annotation(annotation_ids: list[int]) -> dict[int, list[dict]]:
    """Evidence rows of these annotations, in order, grouped by annotation id (one query)."""
    grouped: dict[int, list[dict]] = {}
    if not annotation_ids:
        return grouped
    rows = (
        Evidence.objects.filter(annotation_id__in=annotation_ids)
        .order_by("annotation_id", "position", "id")
        .values(
            "annotation_id", "id", "url", "title", "publisher", "excerpt", "stance", "published",
            "link_status", "link_http_status", "link_final_url", "link_checked_at",
            "excerpt_match", "snapshot_at", "excerpt_passage", "quote_match", "quote_passage",
            "link_first_ok_at", "link_broken_since", "changed_at",
        )
    )  # fmt: skip
    for row in cast(Iterable[dict[str, Any]], rows):  # plain dicts: the key is popped
        grouped.setdefault(row.pop("annotation_id"), []).append(row)
    return grouped


def list_visible_sentences(*, user: AnyUser) -> QuerySet[Sentence]:
    """The current versions' sentences of the user's newsrooms."""
    if not user.is_authenticated:
        return Sentence.objects.none()
    return Sentence.objects.filter(
        article__newsroom_id__in=visible_newsrooms(user),
        version_id=F("article__current_version_id"),
    )


@cache
def _sentence_with_role() -> str:
    return f"""
        SELECT {columns(Sentence, "sentence")}, article.newsroom_id, article.current_version_id,
            membership.role
        FROM annotations_sentence sentence
        JOIN annotations_article article ON article.id = sentence.article_id
        JOIN annotations_membership membership
            ON membership.newsroom_id = article.newsroom_id AND membership.user_id = %s
        WHERE sentence.id = %s
    """


def get_sentence(*, user: AnyUser, sentence_id: int) -> Sentence | None:
    """The sentence if the user may see it; the user's role there is read in the same query.

    Every verdict save starts here, so the query is written by hand (see ``handwritten``).
    ``sentence.article`` carries only its id, newsroom and current version; its other fields
    (the text is up to megabytes) load if a caller touches them.
    """
    if not user.is_authenticated:
        return None
    row = fetch_one(_sentence_with_role(), [user.pk, sentence_id])
    if row is None:
        return None
    *_fields, newsroom_id, current_version_id, role = row
    sentence = instance(Sentence, row)
    sentence.article = partial(
        Article,
        id=sentence.article_id,
        newsroom_id=newsroom_id,
        current_version_id=current_version_id,
    )
    remember_role(user, newsroom_id, role)
    return sentence


def get_job(*, user: AnyUser, job_id: int) -> Job | None:
    if not user.is_authenticated:
        return None
    return Job.objects.filter(pk=job_id, newsroom_id__in=visible_newsrooms(user)).first()


def latest_pretag_job(*, article: Article) -> Job | None:
    return article.jobs.filter(kind__in=["pretag", "retag"]).order_by("-created_at", "-pk").first()


def list_outdated_articles(*, tagger_version: str) -> QuerySet[Article]:
    """Articles whose current version has a sentence not (yet) tagged by ``tagger_version``."""
    stale = Sentence.objects.filter(version_id=F("article__current_version_id")).exclude(
        pretag__tagger_version=tagger_version
    )
    return Article.objects.filter(pk__in=stale.values("article_id")).defer("text")
