"""The review queue: sentences of the caller's newsrooms, filtered the way the desk works.

The same filters serve the API list, its exports and the ``export_queue`` command, so a CSV
always holds exactly what the queue showed.
"""

from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import F, Prefetch, Q, QuerySet
from django.utils.translation import gettext_noop

from annotations.models import Evidence, Newsroom, ReviewState, Sentence, Verdict
from annotations.services.errors import InvalidInput

from .articles import visible_newsrooms

AnyUser = User | AnonymousUser
FilterValue = str | Iterable[str] | None

# "none" matches sentences that have no verdict yet.
NO_VERDICT = "none"

# Public ordering names -> ORDER BY; ties always end on the sentence's place in its article.
ORDERINGS: dict[str, tuple[str, ...]] = {
    "article": ("article_id", "ordinal"),
    "-article": ("-article_id", "ordinal"),
    "ordinal": ("ordinal", "article_id"),
    "-ordinal": ("-ordinal", "article_id"),
    "review_state": ("annotation__review_state", "article_id", "ordinal"),
    "-review_state": ("-annotation__review_state", "article_id", "ordinal"),
    "checkworthiness": ("pretag__checkworthiness", "article_id", "ordinal"),
    "-checkworthiness": ("-pretag__checkworthiness", "article_id", "ordinal"),
    "updated_at": ("annotation__updated_at", "article_id", "ordinal"),
    "-updated_at": ("-annotation__updated_at", "article_id", "ordinal"),
}
DEFAULT_ORDERING = "article"

# Named so callers and tests see what one page or one export chunk costs in queries: the rows
# with their article, newsroom, pre-tag, verdict and people in one join, evidence in a second.
QUEUE_SELECT_RELATED = (
    "article",
    "article__newsroom",
    "pretag",
    "assignee",
    "annotation",
    "annotation__created_by",
    "annotation__updated_by",
    "annotation__reviewed_by",
)


def evidence_prefetch() -> Prefetch:
    return Prefetch("annotation__evidence", queryset=Evidence.objects.order_by("position", "id"))


def split_values(value: FilterValue, *, field: str, allowed: Iterable[str]) -> list[str]:
    """``"a,b"`` or ``["a", "b"]`` -> ``["a", "b"]``; unknown values are refused with a 400."""
    if value is None:
        return []
    raw = value.split(",") if isinstance(value, str) else list(value)
    values = [v.strip() for v in raw if v and v.strip()]
    allowed = list(allowed)
    unknown = [v for v in values if v not in allowed]
    if unknown:
        raise InvalidInput(
            gettext_noop("Unknown %(field)s %(values)s; choose from %(choices)s."),
            field=field,
            params={
                "field": field,
                "values": ", ".join(map(repr, unknown)),
                "choices": ", ".join(allowed),
            },
        )
    return values


def _in_or_none(field: str, values: list[str]) -> Q:
    """Q for ``field IN values``, where "none" also lets in sentences without a verdict."""
    condition = Q(**{f"annotation__{field}__in": [v for v in values if v != NO_VERDICT]})
    if NO_VERDICT in values:
        condition |= Q(annotation__isnull=True)
    return condition


def _assigned_to(user_id: int) -> Q:
    # A sentence's own assignee wins; an unassigned sentence follows its article's assignee.
    return Q(assignee_id=user_id) | Q(assignee__isnull=True, article__assignee_id=user_id)


def _assignee_id(assignee: int | str | User | None, user: AnyUser | None) -> int | None:
    if assignee is None or assignee == "":
        return None
    if assignee == "me" and user is not None:
        return user.pk
    if isinstance(assignee, User):
        return assignee.pk
    try:
        return int(assignee)
    except (TypeError, ValueError):
        raise InvalidInput(
            gettext_noop("Give the assignee as a user id or 'me'."), field="assignee"
        ) from None


def _article_id(article: int | str | None) -> int | None:
    if article is None or article == "":
        return None
    try:
        return int(article)
    except (TypeError, ValueError):
        raise InvalidInput(gettext_noop("Give the article as its id."), field="article") from None


def list_review_queue(
    *,
    user: AnyUser,
    article: int | str | None = None,
    verdict: FilterValue = None,
    review_state: FilterValue = None,
    assignee: int | str | User | None = None,
    checkworthy: bool | None = None,
    ordering: str | None = None,
) -> QuerySet[Sentence]:
    """Sentences the user may see, narrowed by the queue's filters, rows ready to serialise.

    Headings are left out unless someone gave them a verdict. ``verdict`` and ``review_state``
    take a value or a comma list ("none" = no verdict yet); ``assignee`` a user id, a user, or
    "me". Another newsroom's article id filters to nothing, like a missing one. Bad values raise
    InvalidInput (400). Rows come with ``QUEUE_SELECT_RELATED`` joined and evidence prefetched:
    two queries per page whatever its size, never one per row.
    """
    if not user.is_authenticated:
        return Sentence.objects.none()
    return _narrow(
        Sentence.objects.filter(article__newsroom_id__in=visible_newsrooms(user)),
        article=article,
        verdict=verdict,
        review_state=review_state,
        assignee_id=_assignee_id(assignee, user),
        checkworthy=checkworthy,
        ordering=ordering,
    )


def list_newsroom_queue(
    *,
    newsroom: Newsroom,
    article: int | str | None = None,
    verdict: FilterValue = None,
    review_state: FilterValue = None,
    assignee: int | User | None = None,
    checkworthy: bool | None = None,
    ordering: str | None = None,
) -> QuerySet[Sentence]:
    """The queue of one newsroom, for trusted doors with no user (management commands).

    Same filters and rows as ``list_review_queue``; ``assignee`` is a user or user id.
    """
    if isinstance(assignee, str):
        raise InvalidInput(gettext_noop("Give the assignee as a user id."), field="assignee")
    return _narrow(
        Sentence.objects.filter(article__newsroom=newsroom),
        article=article,
        verdict=verdict,
        review_state=review_state,
        assignee_id=_assignee_id(assignee, None),
        checkworthy=checkworthy,
        ordering=ordering,
    )


def _narrow(
    queryset: QuerySet[Sentence],
    *,
    article: int | str | None,
    verdict: FilterValue,
    review_state: FilterValue,
    assignee_id: int | None,
    checkworthy: bool | None,
    ordering: str | None,
) -> QuerySet[Sentence]:
    # Superseded versions stay out: the queue and its exports show what the articles say now.
    queryset = queryset.filter(version_id=F("article__current_version_id")).filter(
        Q(heading=False) | Q(annotation__isnull=False)
    )
    article_id = _article_id(article)
    if article_id is not None:
        queryset = queryset.filter(article_id=article_id)
    verdicts = split_values(verdict, field="verdict", allowed=[*Verdict.values, NO_VERDICT])
    if verdicts:
        queryset = queryset.filter(_in_or_none("verdict", verdicts))
    states = split_values(
        review_state, field="review_state", allowed=[*ReviewState.values, NO_VERDICT]
    )
    if states:
        queryset = queryset.filter(_in_or_none("review_state", states))
    if assignee_id is not None:
        queryset = queryset.filter(_assigned_to(assignee_id))
    if checkworthy is True:
        queryset = queryset.filter(pretag__claim=True)
    elif checkworthy is False:
        queryset = queryset.exclude(pretag__claim=True)
    ordering = ordering or DEFAULT_ORDERING
    if ordering not in ORDERINGS:
        raise InvalidInput(
            gettext_noop("Unknown ordering %(ordering)s; choose from %(choices)s."),
            field="ordering",
            params={"ordering": repr(ordering), "choices": ", ".join(ORDERINGS)},
        )
    return (
        queryset.order_by(*ORDERINGS[ordering])
        .select_related(*QUEUE_SELECT_RELATED)
        # Article texts can be megabytes; rows only need the article's metadata.
        .defer("article__text")
        .prefetch_related(evidence_prefetch())
    )
