"""Fact-checks the desk imported from elsewhere, and what the matcher found for a sentence."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .annotation import Annotation
from .article import Sentence
from .newsroom import Newsroom


class FactCheckSource(models.TextChoices):
    IMPORT = "import", _("imported")


class ReferenceFactCheck(models.Model):
    """A published fact-check of one claim (a partner's, an archive's), for "checked before".

    A re-import finds its row by ``url`` (or, for archives without page URLs, by ``external_id``,
    the archive's own id) and updates it, so one fact-check is never listed twice.
    """

    newsroom = models.ForeignKey(Newsroom, on_delete=models.CASCADE, related_name="fact_checks")
    claim = models.TextField(_("claim"))
    title = models.CharField(_("title"), max_length=500, blank=True)
    subtitle = models.TextField(_("subtitle"), blank=True)
    url = models.URLField(_("URL"), max_length=2048, blank=True)
    external_id = models.CharField(max_length=200, blank=True)
    rating = models.CharField(_("rating"), max_length=200, blank=True)
    published = models.DateField(_("published"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    source = models.CharField(
        max_length=16, choices=FactCheckSource.choices, default=FactCheckSource.IMPORT
    )
    # The claim's embedding (``matching.claim_vectors``) as float16 bytes, computed at import:
    # a worker then builds its index from the database without running the encoder.
    vector = models.BinaryField(null=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["newsroom_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["newsroom", "url"], condition=~Q(url=""), name="one_fact_check_per_url"
            ),
            models.UniqueConstraint(
                fields=["newsroom", "external_id"],
                condition=~Q(external_id=""),
                name="one_fact_check_per_external_id",
            ),
            models.CheckConstraint(
                condition=~Q(url="") | ~Q(external_id=""), name="fact_check_has_url_or_id"
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.claim[:80]


class SentenceMatch(models.Model):
    """One earlier check of what ``sentence`` claims: the desk's own verdict on another
    sentence (``annotation``) or a reference fact-check (``fact_check``), exactly one of them.

    ``rank`` is the matcher's order (1 = best, by its fused score ``score``); ``similarity`` is
    the encoders' cosine, the figure shown to the desk and the one the threshold applies to.
    """

    sentence = models.ForeignKey(Sentence, on_delete=models.CASCADE, related_name="matches")
    annotation = models.ForeignKey(
        Annotation, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    fact_check = models.ForeignKey(
        ReferenceFactCheck, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    score = models.FloatField()
    similarity = models.FloatField()
    rank = models.PositiveSmallIntegerField()
    matcher_version = models.CharField(max_length=32)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["sentence_id", "rank", "id"]
        constraints = [
            models.UniqueConstraint(fields=["sentence", "rank"], name="one_match_per_rank"),
            models.CheckConstraint(
                condition=Q(annotation__isnull=False, fact_check__isnull=True)
                | Q(annotation__isnull=True, fact_check__isnull=False),
                name="match_has_one_target",
            ),
        ]

    def __str__(self) -> str:
        target = f"annotation {self.annotation_id}" if self.annotation_id else "fact-check"
        return f"sentence {self.sentence_id} #{self.rank}: {target}"
