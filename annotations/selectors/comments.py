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
