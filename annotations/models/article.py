"""Articles, their versions, the versions' sentences and the sentences' pre-tags."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .newsroom import Newsroom


class Language(models.TextChoices):
    GERMAN = "de", _("German")
    ENGLISH = "en", _("English")


class Article(models.Model):
    """An imported text, stored exactly as imported after NFC and newline normalisation.

    ``text``, ``text_hash`` and ``version`` mirror the current version (``current_version``), so
    everything that reads the current text needs no join; older texts live in ``versions``.
    """

    newsroom = models.ForeignKey(Newsroom, on_delete=models.CASCADE, related_name="articles")
    title = models.CharField(_("title"), max_length=500)
    source_url = models.URLField(_("source URL"), max_length=2048, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=Language.choices)
    published_at = models.DateField(_("published"), null=True, blank=True)
    text = models.TextField(_("text"))
    text_hash = models.CharField(max_length=64, db_index=True)
    version = models.PositiveIntegerField(default=1)
    current_version = models.ForeignKey(
        "ArticleVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["newsroom", "-created_at"])]

    def __str__(self) -> str:
        return self.title


class ArticleVersion(models.Model):
    """One text of an article: version 1 is the first import, each corrected text adds one.

    Versions are never changed or deleted; their sentences stay, read-only, once a newer version
    is current. ``anchoring`` counts how the annotations of the version before were carried over.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    text = models.TextField()
    text_hash = models.CharField(max_length=64)
    note = models.CharField(max_length=1000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    anchoring = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["article_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="one_version_per_number")
        ]

    def __str__(self) -> str:
        return f"{self.article_id} v{self.number}"


class Sentence(models.Model):
    """One sentence or heading of one version; ``version.text[start:end] == text`` always."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="sentences")
    version = models.ForeignKey(ArticleVersion, on_delete=models.CASCADE, related_name="sentences")
    ordinal = models.PositiveIntegerField()
    paragraph = models.PositiveIntegerField()
    heading = models.BooleanField(default=False)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField()
    # The pre-tags of the tagger version the article was last tagged with (None until then).
    pretag = models.ForeignKey(
        "SentenceTag", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["article_id", "version_id", "ordinal"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "ordinal"], name="one_sentence_per_version_ordinal"
            ),
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="sentence_not_empty"),
        ]

    def __str__(self) -> str:
        return self.text[:80]


class SentenceTag(models.Model):
    """What one tagger version found in one sentence; exactly one row per pair."""

    sentence = models.ForeignKey(Sentence, on_delete=models.CASCADE, related_name="tags")
    tagger_version = models.CharField(max_length=32)
    checkworthiness = models.FloatField()
    claim = models.BooleanField()
    reasons = models.JSONField(default=list)
    spans = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["sentence", "tagger_version"], name="one_tag_set_per_tagger_version"
            )
        ]
        indexes = [models.Index(fields=["tagger_version", "claim"])]

    def __str__(self) -> str:
        return f"{self.sentence_id}@{self.tagger_version}"
