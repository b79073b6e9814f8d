"""Reading articles, sentences and jobs, scoped to the caller's newsrooms."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Prefetch, QuerySet

from annotations.models import Article, Evidence, Job, Membership, Sentence

AnyUser = AbstractBaseUser | AnonymousUser


def visible_newsrooms(user: AnyUser) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).values("newsroom_id")  # type: ignore[return-value]


def list_articles(*, user: AnyUser) -> QuerySet[Article]:
    """Articles of the user's newsrooms, newest first (without their text)."""
    if not user.is_authenticated:
        return Article.objects.none()
    return (
        Article.objects.filter(newsroom_id__in=visible_newsrooms(user))
        .defer("text")
        .select_related("newsroom")
    )


def get_article(*, user: AnyUser, article_id: int) -> Article | None:
    """The article if the user may see it; None for missing and for other newsrooms alike."""
    if not user.is_authenticated:
        return None
    return (
        Article.objects.filter(pk=article_id, newsroom_id__in=visible_newsrooms(user))
        .select_related("newsroom")
        .first()
    )


def list_sentences(*, article: Article) -> QuerySet[Sentence]:
    """Sentences in reading order with pre-tags, verdict, evidence and assignee, in 3 queries."""
    return (
        Sentence.objects.filter(article=article)
        .order_by("ordinal")
        .select_related("pretag", "annotation", "annotation__updated_by", "assignee")
        .prefetch_related(
            Prefetch("annotation__evidence", queryset=Evidence.objects.order_by("position"))
        )
    )


def list_visible_sentences(*, user: AnyUser) -> QuerySet[Sentence]:
    if not user.is_authenticated:
        return Sentence.objects.none()
    return Sentence.objects.filter(article__newsroom_id__in=visible_newsrooms(user))


def get_sentence(*, user: AnyUser, sentence_id: int) -> Sentence | None:
    return (
        list_visible_sentences(user=user)
        .select_related("article", "pretag", "annotation")
        .filter(pk=sentence_id)
        .first()
    )


def get_job(*, user: AnyUser, job_id: int) -> Job | None:
    if not user.is_authenticated:
        return None
    return Job.objects.filter(pk=job_id, newsroom_id__in=visible_newsrooms(user)).first()


def latest_pretag_job(*, article: Article) -> Job | None:
    return article.jobs.filter(kind__in=["pretag", "retag"]).order_by("-created_at", "-pk").first()


def list_outdated_articles(*, tagger_version: str) -> QuerySet[Article]:
    """Articles with a sentence not (yet) tagged by ``tagger_version``."""
    stale = Sentence.objects.exclude(pretag__tagger_version=tagger_version)
    return Article.objects.filter(pk__in=stale.values("article_id")).defer("text")
