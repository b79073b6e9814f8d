"""What the desk did with a pre-tag besides giving a verdict: dismissing it as not a claim."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .article import Sentence


class DismissalReason(models.TextChoices):
    OPINION = "opinion", _("opinion")
    PREDICTION = "prediction", _("prediction")
    NOT_CHECKABLE = "not_checkable", _("not checkable")
    DUPLICATE = "duplicate", _("duplicate")
    OTHER = "other", _("other")


class OutcomeAction(models.TextChoices):
    """The revision actions of dismissals and pre-tag corrections (``Revision.action`` holds
    them as plain strings)."""

    DISMISS = "dismiss", _("dismissed")
    UNDO_DISMISS = "undo_dismiss", _("dismissal undone")
    CORRECT_PRETAG = "correct_pretag", _("pre-tag corrected")


class Dismissal(models.Model):
    """An editor's word that a sentence carries no claim to check, and why.

    Undoing keeps the row (``undone_at`` set) so the trail and the statistics of earlier
    moments stay explainable; at most one dismissal per sentence is active (not undone).
    """

    sentence = models.ForeignKey(Sentence, on_delete=models.CASCADE, related_name="dismissals")
    reason = models.CharField(_("reason"), max_length=16, choices=DismissalReason.choices)
    note = models.TextField(_("note"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField()
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["sentence_id", "at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["sentence"],
                condition=Q(undone_at__isnull=True),
                name="one_active_dismissal_per_sentence",
            )
        ]

    def __str__(self) -> str:
        return f"{self.reason} on sentence {self.sentence_id}"


class CorrectedField(models.TextChoices):
    """What of a pre-tag's payload an editor corrected (``annotations.correctable``)."""

    SPEAKER = "speaker", _("speaker")
    SOURCE = "source", _("source")
    DATE = "date", _("date")


class CorrectionOrigin(models.TextChoices):
    PANEL = "panel", _("corrected in the panel")
    ATTRIBUTION_CHECK = "attribution_check", _("from the attribution check")


class PretagCorrection(models.Model):
    """An editor's word that a pre-tag's speaker, source or date was wrong, and what is right.

    One row per tag of one tag set (``tag``: the tagger version that wrote it), addressed by
    its kind and start offset, so correcting it again updates the row and an attribution
    check's source never counts twice. Setting the pre-tagger's value again withdraws the
    correction (the row goes; the revisions keep the trail).
    """

    sentence = models.ForeignKey(
        Sentence, on_delete=models.CASCADE, related_name="pretag_corrections"
    )
    tag = models.ForeignKey("SentenceTag", on_delete=models.CASCADE, related_name="corrections")
    tagger_version = models.CharField(max_length=32)
    kind = models.CharField(max_length=16)
    start = models.PositiveIntegerField()
    field = models.CharField(max_length=16, choices=CorrectedField.choices)
    pretag_value = models.CharField(max_length=200, blank=True)
    value = models.CharField(max_length=200)
    origin = models.CharField(
        max_length=24, choices=CorrectionOrigin.choices, default=CorrectionOrigin.PANEL
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField()

    class Meta:
        ordering = ["sentence_id", "start", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["tag", "kind", "start", "field"], name="one_correction_per_tag_field"
            )
        ]

    def __str__(self) -> str:
        return f"{self.field} of {self.kind}@{self.start} on sentence {self.sentence_id}"
