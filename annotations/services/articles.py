"""Bringing articles in: every door (API, UI, command, seeds) imports through here."""

import datetime
import hashlib
import logging

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from annotations.models import Article, Job, JobKind, Language, Newsroom, Sentence
from annotations.pretag.pipeline import segment_text

from .errors import InvalidInput
from .jobs import create_job
from .text import clean_article_text, clean_title, clean_url

logger = logging.getLogger(__name__)


def detect_language(text: str) -> str:
    """German or English, whichever the text is closer to."""
    import py3langid

    language, _score = py3langid.classify(text[:5000])
    return Language.GERMAN if language == "de" else Language.ENGLISH


def clean_language(language: str | None, text: str) -> str:
    if not language:
        return detect_language(text)
    if language not in Language.values:
        raise InvalidInput(
            f"Unsupported language {language!r}; choose one of: {', '.join(Language.values)}.",
            field="language",
        )
    return language


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@transaction.atomic
def import_article(
    *,
    newsroom: Newsroom,
    title: str,
    text: str | bytes,
    language: str | None = None,
    source_url: str = "",
    published_at: datetime.date | None = None,
    imported_by: AbstractBaseUser | None = None,
) -> tuple[Article, Job]:
    """Validate, normalise and store an article with its sentences and a queued pre-tag job.

    Nothing is written when any check fails. The job is sent to the workers after commit.
    """
    text = clean_article_text(text)
    title = clean_title(title)
    source_url = clean_url(source_url, field="source_url", required=False)
    language = clean_language(language, text)
    user = imported_by if imported_by and imported_by.is_authenticated else None
    article = Article.objects.create(
        newsroom=newsroom,
        title=title,
        text=text,
        text_hash=text_hash(text),
        language=language,
        source_url=source_url,
        published_at=published_at,
        imported_by=user,
    )
    Sentence.objects.bulk_create(
        [
            Sentence(
                article=article,
                ordinal=ordinal,
                paragraph=seg.paragraph,
                heading=seg.heading,
                start=seg.start,
                end=seg.end,
                text=text[seg.start : seg.end],
            )
            for ordinal, seg in enumerate(segment_text(text, language))
        ],
        batch_size=500,
    )
    job = create_job(newsroom=newsroom, kind=JobKind.PRETAG, article=article, created_by=user)
    logger.info("imported article %s (%d characters)", article.pk, len(text))
    return article, job


def retag_article(*, article: Article, requested_by: AbstractBaseUser | None = None) -> Job:
    """Queue a fresh pre-tag run (e.g. after the tagger version changed)."""
    return create_job(
        newsroom=article.newsroom, kind=JobKind.RETAG, article=article, created_by=requested_by
    )
