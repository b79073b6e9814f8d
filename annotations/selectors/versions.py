"""Reading an article's versions and the verdicts a new version left behind (orphans)."""

from django.db.models import Count, Prefetch, QuerySet

from annotations.models import AnchorState, Annotation, Article, ArticleVersion, Evidence


def list_versions(*, article: Article) -> QuerySet[ArticleVersion]:
    """The article's versions, oldest first, with who made them and their sentence counts;
    without their texts (up to megabytes each)."""
    return (
        ArticleVersion.objects.filter(article=article)
        .defer("text")
        .select_related("created_by")
        .annotate(sentence_count=Count("sentences"))
        .order_by("number")
    )


def get_version(*, article: Article, number: int) -> ArticleVersion | None:
    """Version ``number`` of the article (the caller may see the article), or None."""
    return ArticleVersion.objects.filter(article=article, number=number).first()


def list_orphans(*, article: Article, closed: bool = False) -> QuerySet[Annotation]:
    """Open orphans: verdicts on sentences of the article's superseded versions, not closed
    (``closed=True``: the closed ones too).

    Defined by where a verdict sits rather than by its anchor state, so a verdict written to an
    old sentence while a new version was being imported still shows up here. Two queries:
    the verdicts with their old sentence, version and authors, then their evidence.
    """
    left_behind = Annotation.objects.filter(sentence__article=article).exclude(
        sentence__version_id=article.current_version_id
    )
    if not closed:
        left_behind = left_behind.exclude(anchor_state=AnchorState.CLOSED)
    return (
        left_behind.select_related(
            "sentence", "sentence__version", "created_by", "updated_by", "reviewed_by"
        )
        .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.order_by("position")))
        .order_by("sentence__version__number", "sentence__ordinal")
    )
