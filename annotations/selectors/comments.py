"""Reading comment threads, scoped to the caller's newsrooms."""

from django.db.models import QuerySet

from annotations.models import Article, Comment, Sentence

from .articles import AnyUser, visible_newsrooms


def _with_people(comments: QuerySet[Comment]) -> QuerySet[Comment]:
    return comments.select_related("author", "resolved_by")


def list_sentence_comments(*, sentence: Sentence) -> QuerySet[Comment]:
    """The thread of one sentence, oldest first, with authors: one query."""
    return _with_people(Comment.objects.filter(sentence=sentence)).order_by("created_at", "pk")


def list_article_comments(*, article: Article, everything: bool = False) -> QuerySet[Comment]:
    """The article's own thread (comments on no sentence), oldest first; ``everything`` adds
    the threads of its sentences. One query."""
    comments = Comment.objects.filter(article=article)
    if not everything:
        comments = comments.filter(sentence__isnull=True)
    return _with_people(comments).order_by("created_at", "pk")


def get_comment(*, user: AnyUser, comment_id: int) -> Comment | None:
    """The comment if the user may see it; None for missing and foreign alike."""
    if not user.is_authenticated:
        return None
    return (
        _with_people(Comment.objects.filter(newsroom_id__in=visible_newsrooms(user)))
        .filter(pk=comment_id)
        .first()
    )


def list_left_behind_threads(*, article: Article) -> list[dict]:
    """Comment threads still on sentences of the article's older versions (their sentence
    re-anchored nowhere when a new version came), oldest version first: one query.

    Each: ``sentence`` (id), ``text``, ``version`` (number), ``comments``, ``open`` (count).
    """
    comments = (
        Comment.objects.filter(article=article, sentence__isnull=False)
        .exclude(sentence__version_id=article.current_version_id)
        .order_by("sentence__version__number", "sentence__ordinal", "pk")
        .values_list("sentence_id", "sentence__text", "sentence__version__number", "resolved_at")
    )
    threads: dict[int, dict] = {}
    for sentence_id, text, number, resolved_at in comments:
        thread = threads.setdefault(
            sentence_id,
            {"sentence": sentence_id, "text": text, "version": number, "comments": 0, "open": 0},
        )
        thread["comments"] += 1
        thread["open"] += resolved_at is None
    return list(threads.values())
