"""Reading articles, sentences and jobs, scoped to the caller's newsrooms."""

from functools import cache
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db import connection
from django.db.models import F, FilteredRelation, Prefetch, Q, QuerySet

from annotations.models import Article, Evidence, Job, Membership, Newsroom, Sentence
from annotations.services.access import remember_role

from .handwritten import (
    CompiledValues,
    columns,
    converted,
    fetch_one,
    instance,
    partial,
    width,
)

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

    The user's role in its newsroom is read in the same query (written by hand: every page of
    sentences starts here, see ``handwritten``). ``with_text=False`` leaves the text (up to
    megabytes) in the database for views that do not show it.
    """
    if not user.is_authenticated:
        return None
    without = () if with_text else ("text",)
    row = fetch_one(_article_with_role(without), [user.pk, article_id])
    if row is None:
        return None
    article = instance(Article, row, without)
    rest = row[width(Article, without) :]
    article.newsroom = instance(Newsroom, rest)
    role = rest[-1]
    article.caller_role = role  # type: ignore[attr-defined]  # set on the instance for the views
    remember_role(user, article.newsroom_id, role)
    return article


@cache
def _article_with_role(without: tuple[str, ...]) -> str:
    # One membership per user and newsroom (a unique constraint): the join adds no rows.
    return f"""
        SELECT {columns(Article, "article", without)}, {columns(Newsroom, "newsroom")},
            membership.role
        FROM annotations_article article
        JOIN annotations_newsroom newsroom ON newsroom.id = article.newsroom_id
        JOIN annotations_membership membership
            ON membership.newsroom_id = article.newsroom_id AND membership.user_id = %s
        WHERE article.id = %s
    """


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
    return _sentence_rows(version_id or article.current_version_id)  # type: ignore[arg-type]  # a current article has a version


def _sentence_rows(version_id: int) -> QuerySet:
    return (
        Sentence.objects.filter(version_id=version_id)
        .order_by("ordinal")
        .annotate(active_dismissal=active_dismissal())
        .values(*SENTENCE_ROW_FIELDS)
    )


_SENTENCE_ROWS = CompiledValues(
    _sentence_rows, "version_id", json_as_text=("pretag__reasons", "pretag__spans")
)
_COUNT_SENTENCES = "SELECT COUNT(*) FROM annotations_sentence WHERE version_id = %s"


class SentenceRowPages:
    """``list_sentence_rows`` of one version as a paginator reads it: a count and slices.

    Each slice is the same query with LIMIT and OFFSET, compiled once per process; the count
    reads the sentence table alone (the joins add no rows).
    """

    def __init__(self, version_id: int) -> None:
        self.version_id = version_id

    def count(self) -> int:
        row = fetch_one(_COUNT_SENTENCES, [self.version_id])
        return int(row[0]) if row else 0

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[dict[str, Any]]:
        start = index.start or 0
        limit = None if index.stop is None else max(0, index.stop - start)
        return _SENTENCE_ROWS.rows(limit=limit, offset=start, version_id=self.version_id)


EVIDENCE_ROW_FIELDS = (
    "id", "url", "title", "publisher", "excerpt", "stance", "published",
    "link_status", "link_http_status", "link_final_url", "link_checked_at",
    "excerpt_match", "snapshot_at", "excerpt_passage", "quote_match", "quote_passage",
    "link_first_ok_at", "link_broken_since", "changed_at",
)  # fmt: skip


def evidence_by_annotation(annotation_ids: list[int]) -> dict[int, list[dict]]:
    """Evidence rows of these annotations, in order, grouped by annotation id (one query,
    written by hand: Django takes a millisecond to prepare an IN list of a page's ids)."""
    grouped: dict[int, list[dict]] = {}
    if not annotation_ids:
        return grouped
    marks = ", ".join(["%s"] * len(annotation_ids))
    sql = f"""
        SELECT {columns(Evidence, "evidence")} FROM annotations_evidence evidence
        WHERE evidence.annotation_id IN ({marks})
        ORDER BY evidence.annotation_id, evidence.position, evidence.id
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [int(pk) for pk in annotation_ids])
        fetched = cursor.fetchall()
    for raw in fetched:
        values = converted(Evidence, raw)
        row = {name: values[name] for name in EVIDENCE_ROW_FIELDS}
        grouped.setdefault(values["annotation_id"], []).append(row)
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
