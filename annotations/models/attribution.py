"""The attribution check: did the named source say or report what the sentence says it did?

"laut «Euronews»" is two questions: whether Euronews reported it (this check) and whether it
is true (the verdict). The check sits beside the verdict, with its own rationale and evidence.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .annotation import Annotation


class AttributionResult(models.TextChoices):
    CONFIRMED = "confirmed", _("confirmed")
    MISATTRIBUTED = "misattributed", _("misattributed")
    NOT_FOUND = "not_found", _("not found")


class SourceType(models.TextChoices):
    PERSON = "Person", _("person")
    ORGANIZATION = "Organization", _("organization")


class AttributionCheck(models.Model):
    """The desk's judgement on a sentence's attribution, one per verdict.

    ``source`` starts as the pre-tagger's speaker or source and is the editor's to correct;
    ``evidence_url`` is where the desk found (or looked for) the source's own words.
    """

    annotation = models.OneToOneField(
        Annotation, on_delete=models.CASCADE, related_name="attribution_check"
    )
    result = models.CharField(_("attribution"), max_length=16, choices=AttributionResult.choices)
    source = models.CharField(_("source"), max_length=200)
    source_type = models.CharField(
        max_length=16, choices=SourceType.choices, default=SourceType.PERSON
    )
    rationale = models.TextField(_("rationale"), blank=True)
    evidence_url = models.URLField(max_length=2048, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.result}: {self.source} (annotation {self.annotation_id})"
