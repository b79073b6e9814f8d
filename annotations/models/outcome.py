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
    """The revision actions of dismissals (``Revision.action`` holds them as plain strings)."""

    DISMISS = "dismiss", _("dismissed")
    UNDO_DISMISS = "undo_dismiss", _("dismissal undone")


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
